"""Assess one structure against one list version: listed, analogue, group, suspected, similar or not controlled.

``Assessor`` is built once per list version (snapshot, substituent list and group definitions in force)
and precomputes everything the checks share: the analogue screen over the parents whose analogues are
controlled, the compiled group definitions and the fingerprints of every listed structure. ``assess``
then runs the checks in the order of precedence and stops at the first that applies, so a listed
compound is never reported as an analogue, and an analogue never as a mere group member.

The methodology version (``expertise.methodology``) decides what the formal analogue rule alone does not:
a match whose parent is smaller than the minimum parent size, or whose compound is the active substance of
a medicine registered on the date, is set aside with the clause named, and the checks go on. After the
group check and before ``similar``, the suspicion sources (``expertise.suspicion``) may make the verdict
``suspected``, with every reason listed.

``assess`` never raises for a bad input: text that is not a structure becomes ``invalid`` with the
reason, and a structure too large (beyond the parser's size limits) or too complex to decide within the
bounds (too many ways to map a parent, the time limit) becomes ``undetermined``.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
from rdkit import Chem
from rdkit.Chem.rdMolDescriptors import CalcMolFormula

from drugcontrol.chem.analogues import AnalogueScreen, ParentStructure, best_per_parent
from drugcontrol.chem.errors import ChemError, StructureTooLargeError, TooComplexError
from drugcontrol.chem.groups import GroupDefinition, GroupMatch, GroupScreen, PreparedCompound
from drugcontrol.chem.keys import StructureKeys, compute_keys, connection_layers, standard_inchi
from drugcontrol.chem.parse import to_mol
from drugcontrol.chem.similarity import MCS_TIMEOUT_S, SIMILAR_THRESHOLD, SimilarityIndex, compare_structures
from drugcontrol.chem.standardize import Standardized, standardize, without_stereo
from drugcontrol.chem.substituents import SubstituentLibrary
from drugcontrol.expertise.medicines import MedicineRegister
from drugcontrol.expertise.methodology import FORMAL_RULE_ONLY, Methodology
from drugcontrol.expertise.suspicion import Suspicion, SuspicionScreen
from drugcontrol.expertise.verdicts import (
    AnalogueParent,
    Assessment,
    SetAside,
    SimilarEntry,
    Step,
    Verdict,
    entry_rule,
    gettext_noop,
    rule_fields,
)
from drugcontrol.listcore.identification import (
    NO_LIST_VERSION,
    Identification,
    act_label,
    entry_label,
    entry_ref,
    entry_table,
    identify,
    no_list_version,
)
from drugcontrol.listcore.snapshot import ListedEntry, ListSnapshot
from drugcontrol.listcore.steps import reason_step

__all__ = [
    "ANALOGUE_RULE_KZ",
    "DEFAULT_TIME_LIMIT_S",
    "Assessor",
    "SkippedParent",
    "all_group_definitions",
    "input_sha256",
]

ANALOGUE_RULE_KZ = "Law No. 279 art. 1 p. 17-1; Decree 470 appendix 3"
"""The rule that makes an analogue controlled in Kazakhstan (and where its substituents are listed)."""
ANALOGUE_QUANTITIES_RULE = "Law No. 279 art. 2 p. 3"
"""The rule by which an analogue takes the quantities of its parent."""
DEFAULT_TIME_LIMIT_S = 2.0
"""Wall time allowed for the analogue search of one structure; beyond it the verdict is ``undetermined``."""
NEAREST_REPORTED = 3
"""Nearest listed entries reported with every decided verdict below ``group``."""


_ANALOGUE_SCREENS: dict[tuple[int, tuple[str, ...], float], tuple[SubstituentLibrary, AnalogueScreen]] = {}
"""Analogue screens built in this process, by substituent list object, parents (their SMILES, in order) and time
limit: the assessors of one list version (a single assessment's, a screening worker's) share one, and a
screening worker started by ``fork`` finds the one its parent built. Holding the library keeps its ``id`` from
being reused."""
_ANALOGUE_SCREENS_KEPT = 8


@dataclass(frozen=True)
class SkippedParent:
    """A listed entry that could not serve as an analogue parent, and why (shown with the list version)."""

    entry: ListedEntry
    reason: str


def input_sha256(structure: str | Chem.Mol) -> str:
    """SHA-256 of the input text as given, or of the canonical SMILES of a molecule object."""
    return _sha256(structure if isinstance(structure, str) else Chem.MolToSmiles(structure))


def _sha256(text: str) -> str:
    """Of the UTF-8 bytes; a lone surrogate (not text, refused by the parser) is hashed as its own 3 bytes."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def all_group_definitions() -> tuple[GroupDefinition, ...]:
    """Every generic group definition the software knows (each carries its jurisdiction and dates)."""
    from drugcontrol.chem.group_definitions import cn_classes, de_npsg

    return (*cn_classes.DEFINITIONS, *de_npsg.DEFINITIONS)


class Assessor:
    """Checks prepared for one list version; ``assess(structure)`` gives one ``Assessment``.

    ``substituents`` is the substituent list in force on ``as_of`` (None: no analogue rule, as for a
    jurisdiction without one). ``groups`` may hold definitions of every jurisdiction and date; only those
    of ``jurisdiction`` in force on ``as_of`` are used. Learned attributes end in ``_``.

    Options that change the work, never the verdict: ``compare_nearest`` (entries compared in a ``similar``
    or ``not_controlled`` explanation), ``explain_differences`` (False: no maximum common substructure, so
    no differences in words; bulk screening leaves them to the single assessment of a row someone opens) and
    ``keys_on_demand`` (InChI keys only for a structure whose formula and connectivity a listed one has) and
    ``explain_set_aside`` (False: the parents below the methodology's minimum size, which can never make an
    analogue, are only mapped onto the structure to apply the same bounds, not interpreted, so the formal matches
    the methodology sets aside are not named; bulk screening leaves them to the single assessment).
    """

    def __init__(
        self,
        snapshot: ListSnapshot,
        substituents: SubstituentLibrary | None,
        groups: Sequence[GroupDefinition] = (),
        *,
        jurisdiction: str | None = None,
        as_of: date | None = None,
        analogue_rule: str = ANALOGUE_RULE_KZ,
        similar_threshold: float = SIMILAR_THRESHOLD,
        time_limit_s: float = DEFAULT_TIME_LIMIT_S,
        compare_nearest: int = NEAREST_REPORTED,
        mcs_timeout_s: float = MCS_TIMEOUT_S,
        explain_differences: bool = True,
        keys_on_demand: bool = False,
        explain_set_aside: bool = True,
        methodology: Methodology = FORMAL_RULE_ONLY,
        medicines: MedicineRegister | None = None,
        suspicion: SuspicionScreen | None = None,
    ) -> None:
        if not 0.0 < similar_threshold <= 1.0:
            raise ValueError(f"The 'similar_threshold' parameter must be in (0, 1]. Got {similar_threshold}.")
        if time_limit_s <= 0:
            raise ValueError(f"The 'time_limit_s' parameter must be positive. Got {time_limit_s}.")
        self.snapshot = snapshot
        self.substituents = substituents
        self.jurisdiction = jurisdiction or snapshot.jurisdiction
        self.as_of = as_of or snapshot.as_of
        self.analogue_rule = analogue_rule
        self.similar_threshold = similar_threshold
        self.time_limit_s = time_limit_s
        self.compare_nearest = compare_nearest
        self.mcs_timeout_s = mcs_timeout_s
        self.explain_differences = explain_differences
        self.keys_on_demand = keys_on_demand
        self.explain_set_aside = explain_set_aside
        self.methodology = methodology
        self.medicines = medicines if methodology.medicines_exemption else None
        self.suspicion = suspicion if methodology.suspected else None
        self.parent_heavy_atoms_: dict[str, int] = {}
        self._last_query_words: tuple[Chem.Mol, np.ndarray] | None = None
        self.group_screen_ = GroupScreen(list(groups), as_of=self.as_of, jurisdiction=self.jurisdiction)
        self.parents_: dict[str, list[ListedEntry]] = {}
        self.skipped_parents_: list[SkippedParent] = []
        self._entries = self._structured_entries()
        self.analogue_screen_ = self._build_analogue_screen(substituents) if substituents is not None else None
        self.decisive_parents_, self.small_parents_ = self._parent_masks()
        self.similarity_index_: SimilarityIndex[ListedEntry] = self._build_similarity_index()
        self.listed_formulas_: frozenset[str] | None = _listed_formulas(snapshot) if keys_on_demand else None
        self.listed_connections_: frozenset[str] | None = _listed_connections(snapshot) if keys_on_demand else None

    @property
    def groups_in_force(self) -> tuple[str, ...]:
        """Ids of the group definitions applied."""
        return tuple(d.group_id for d in self.group_screen_.active)

    # --- building ------------------------------------------------------------------------------

    def _structured_entries(self) -> list[tuple[ListedEntry, Chem.Mol]]:
        found = []
        for entry in self.snapshot.entries:
            if entry.keys is None or not entry.smiles:
                continue
            try:
                found.append((entry, to_mol(entry.smiles)))
            except ChemError as exc:
                self.skipped_parents_.append(SkippedParent(entry, f"structure unreadable: {exc}"))
        return found

    def _build_analogue_screen(self, library: SubstituentLibrary) -> AnalogueScreen:
        """Parents are the entries whose analogues are controlled, one skeleton per connectivity."""
        parents: dict[str, ParentStructure] = {}
        for entry, mol in self._entries:
            if not entry.analogues_controlled:
                continue
            key = entry.keys.connectivity if entry.keys else entry.substance_id
            if key not in parents:
                parents[key] = ParentStructure(key, without_stereo(mol))
                self.parent_heavy_atoms_[key] = mol.GetNumHeavyAtoms()
            self.parents_.setdefault(key, []).append(entry)
        cache_key = (id(library), tuple(Chem.MolToSmiles(p.mol) for p in parents.values()), self.time_limit_s)
        cached = _ANALOGUE_SCREENS.get(cache_key)
        if cached is not None and cached[0] is library:
            return cached[1]
        try:
            screen = AnalogueScreen(list(parents.values()), library, time_limit_s=self.time_limit_s)
        except ChemError:
            usable = []
            for parent in parents.values():
                try:
                    AnalogueScreen([parent], library)
                except ChemError as exc:
                    self.skipped_parents_.extend(SkippedParent(e, str(exc)) for e in self.parents_.pop(parent.key))
                else:
                    usable.append(parent)
            return AnalogueScreen(usable, library, time_limit_s=self.time_limit_s)
        while len(_ANALOGUE_SCREENS) >= _ANALOGUE_SCREENS_KEPT:
            _ANALOGUE_SCREENS.pop(next(iter(_ANALOGUE_SCREENS)))
        _ANALOGUE_SCREENS[cache_key] = (library, screen)
        return screen

    def _parent_masks(self) -> tuple[np.ndarray | None, np.ndarray | None]:
        """Masks over the analogue screen's parents: those of at least the methodology's minimum size, which
        can decide a verdict, and the smaller ones (None: no such parent), whose matches are only named."""
        if self.analogue_screen_ is None:
            return None, None
        minimum = self.methodology.min_parent_heavy_atoms
        small = self.analogue_screen_.mask(k for k, n in self.parent_heavy_atoms_.items() if n < minimum)
        return ~small, (small if small.any() else None)

    def _build_similarity_index(self) -> SimilarityIndex[ListedEntry]:
        """One fingerprint per distinct structure; the first entry with it (list order) stands for it."""
        index: SimilarityIndex[ListedEntry] = SimilarityIndex()
        seen: set[str] = set()
        for entry, mol in self._entries:
            inchikey = entry.keys.inchikey if entry.keys else entry.substance_id
            if inchikey not in seen:
                seen.add(inchikey)
                index.add(mol, entry)
        return index

    # --- assessing -----------------------------------------------------------------------------

    def assess(self, structure: str | Chem.Mol) -> Assessment:
        """The verdict on ``structure`` (SMILES, InChI, molfile text or an RDKit molecule); never raises
        for bad input."""
        started = time.perf_counter()
        return self._assess(structure, input_sha256(structure), started)

    def assess_parsed(self, mol: Chem.Mol, smiles: str) -> Assessment:
        """``assess(mol)`` for a molecule whose canonical SMILES ``smiles`` the caller already has (bulk
        screening computes it to find repeats); saves writing the SMILES a second time."""
        started = time.perf_counter()
        return self._assess(mol, _sha256(smiles), started)

    def assess_standardized(self, std: Standardized, digest: str) -> Assessment:
        """The verdict on a structure the caller has already parsed and standardised (bulk screening, which
        finds repeats by their standardised form); ``digest``: the input's SHA-256, as ``assess`` would give it."""
        started = time.perf_counter()
        return self._assess(std.mol, digest, started, std)

    def _assess(
        self, structure: str | Chem.Mol, digest: str, started: float, std: Standardized | None = None
    ) -> Assessment:
        if no_list_version(self.snapshot) and not self.group_screen_.active:  # nothing in force decides nothing
            step = Step(NO_LIST_VERSION, self._where())
            assessment = self._base(
                "undetermined", digest, steps=(step,), error_code="no_list_version", error_message=step.text
            )
            return _with_elapsed(assessment, (time.perf_counter() - started) * 1000)
        try:
            identification = self._identify(structure) if std is None else self._identify_standardized(std)
            assessment = self._decide(identification, digest)
        except (TooComplexError, StructureTooLargeError) as exc:
            assessment = self._failed("undetermined", exc.code, str(exc), digest)
        except ChemError as exc:
            assessment = self._failed("invalid", exc.code, str(exc), digest)
        except (RuntimeError, ValueError, KeyError) as exc:  # RDKit refusing an odd structure mid-check
            assessment = self._failed("undetermined", "check_failed", f"a check could not finish: {exc}", digest)
        elapsed = (time.perf_counter() - started) * 1000
        return _with_elapsed(assessment, elapsed)

    def rule_verdict(self, std: Standardized, *, prepared: PreparedCompound | None = None) -> Assessment | None:
        """``listed``, ``analogue`` or ``group`` for an already standardized structure, else None: the rules of
        this list alone, without similarity or suspicion (how another jurisdiction's control is checked).
        ``prepared``: the structure as the group screens see it, when several lists' screens share it."""
        steps: list[Step] = []
        if self.listed_formulas_ == frozenset() and self.analogue_screen_ is None:  # a list of group rules only
            active = self.group_screen_.active
            members = self.group_screen_.match(prepared or PreparedCompound(std.mol)) if active else []
            common = {"query": _smiles_only(std), "query_mol": std.mol}
            return self._group(members, "", steps, common) if members else None
        ident = self._identify_standardized(std)
        common = {"query": ident.query, "query_mol": std.mol}
        if ident.entry is not None:
            return self._listed(ident, ident.entry, "", steps, common)
        prepared = prepared or PreparedCompound(std.mol)
        parents, _ = self._kept_parents(std, ident, prepared, name_set_aside=False)
        if parents:
            return self._analogue(parents, "", steps, common)
        members = self.group_screen_.match(prepared) if self.group_screen_.active else []
        return self._group(members, "", steps, common) if members else None

    def _identify(self, structure: str | Chem.Mol) -> Identification:
        if self.listed_formulas_ is None:
            return identify(structure, self.snapshot)
        mol = to_mol(structure) if isinstance(structure, str) else structure
        return self._identify_standardized(standardize(mol))

    def _identify_standardized(self, std: Standardized) -> Identification:
        if self.listed_formulas_ is None:
            return identify(std.mol, self.snapshot)
        keys, matches = _smiles_only(std), []
        if self.listed_formulas_ and std.formula in self.listed_formulas_:  # prefilters: formula, InChI connectivity
            inchi = standard_inchi(std.mol)
            if self.listed_connections_ is None or connection_layers(inchi) in self.listed_connections_:
                keys = compute_keys(std, inchi=inchi)
                matches = self.snapshot.structure_index._lookup(keys, salt_form=std.salt_form, allowed=None)
        return Identification(
            verdict="listed" if matches else "not_listed",
            query=keys,
            standardized=std,
            matches=tuple(matches),
            jurisdiction=self.snapshot.jurisdiction,
            as_of=self.snapshot.as_of.isoformat(),
        )

    def _base(self, verdict: Verdict, digest: str, **fields: object) -> Assessment:
        return Assessment(
            verdict=verdict,
            jurisdiction=self.jurisdiction,
            as_of=self.as_of,
            input_sha256=digest,
            methodology=self.methodology,
            **fields,
        )

    def _failed(self, verdict: Verdict, code: str, message: str, digest: str) -> Assessment:
        reason = Step(gettext_noop("%(reason)s: %(detail)s"), {"reason": reason_step(code, code), "detail": message})
        if verdict == "invalid":
            step = Step(
                gettext_noop("The input is not a structure that can be assessed: %(reason)s"), {"reason": reason}
            )
        else:
            step = Step(
                gettext_noop(
                    "No verdict: the structure is too large or too complex to decide within the bounds (%(reason)s)."
                ),
                {"reason": reason},
            )
        return self._base(verdict, digest, steps=(step,), error_code=code, error_message=message)

    def _decide(self, ident: Identification, digest: str) -> Assessment:
        std = ident.standardized
        steps = [
            Step(
                gettext_noop("Structure read and standardised: %(smiles)s (InChIKey %(inchikey)s)."),
                {"smiles": ident.query.smiles, "inchikey": ident.query.inchikey},
            )
        ]
        if std.removed_fragments:
            steps.append(
                Step(
                    gettext_noop("Set aside before comparison: %(fragments)s."),
                    {"fragments": ", ".join(std.removed_fragments)},
                )
            )
        common = {"query": ident.query, "query_mol": std.mol}
        if ident.entry is not None:
            return self._listed(ident, ident.entry, digest, steps, common)
        steps.extend(ident.steps())
        prepared = PreparedCompound(std.mol)  # shared by the analogue prefilter and every group screen
        parents, set_aside = self._kept_parents(std, ident, prepared)
        if parents:
            return self._analogue(parents, digest, steps, common)
        steps.extend(_set_aside_step(s) for s in set_aside)
        common["set_aside"] = tuple(set_aside)
        if self.analogue_screen_ is not None and not set_aside:
            steps.append(self._not_an_analogue_step())
        members = self.group_screen_.match(prepared) if self.group_screen_.active else []
        if members:
            return self._group(members, digest, steps, common)
        if self.group_screen_.active:
            steps.append(
                Step(
                    gettext_noop("Not a member of any generic group definition in force (%(groups)s)."),
                    {"groups": ", ".join(self.groups_in_force)},
                )
            )
        suspicion = self.suspicion.collect(std, prepared=prepared) if self.suspicion is not None else None
        if suspicion is not None:
            common["risk"] = suspicion.risk
            if suspicion.reasons:
                return self._suspected(suspicion, std.mol, digest, steps, common)
            steps.append(_no_suspicion_step(self.suspicion))
        return self._similar_or_not(std.mol, digest, steps, common)

    def _kept_parents(
        self, std: Standardized, ident: Identification, prepared: PreparedCompound, *, name_set_aside: bool = True
    ) -> tuple[list[AnalogueParent], list[SetAside]]:
        """The formal analogue parents, split into those kept and those the methodology sets aside (the parents
        below the minimum size are searched only when no parent is kept and ``name_set_aside``)."""
        kept = self._analogue_parents(std.mol, prepared, self.decisive_parents_)
        medicine = self.medicines.find(std) if kept and self.medicines is not None else None
        name = name_set_aside and self.explain_set_aside and not (kept and medicine is None)
        set_aside = [self._too_small(p) for p in self._small_parents(std.mol, prepared, name=name)]
        if kept and medicine is None:
            return kept, []
        if medicine is not None:
            params = {
                "inn": medicine.inn,
                "registration": medicine.registration_number,
                "since": medicine.registered_from.isoformat(),
                "as_of": self.as_of.isoformat(),
            }
            clause = self.methodology.clause("medicines_exemption")
            set_aside.extend(SetAside("medicines_exemption", p, clause, params) for p in kept)
        return [], set_aside

    def _not_an_analogue_step(self) -> Step:
        if self.small_parents_ is not None and not self.explain_set_aside:  # a bulk row: small parents not searched
            return Step(
                gettext_noop(
                    "Not an analogue: no listed substance of at least %(minimum)s heavy atoms whose analogues are "
                    "controlled becomes this compound by replacing hydrogens, halogens or hydroxyl groups with listed "
                    "substituents (%(rule)s; %(clause)s). Formal matches with smaller parents, which the methodology "
                    "sets aside, are named when the structure is assessed on its own."
                ),
                {
                    "minimum": str(self.methodology.min_parent_heavy_atoms),
                    "rule": self.analogue_rule,
                    "clause": self.methodology.clause("min_parent_size"),
                },
            )
        return Step(
            gettext_noop(
                "Not an analogue: no listed substance whose analogues are controlled becomes this "
                "compound by replacing hydrogens, halogens or hydroxyl groups with listed substituents "
                "(%(rule)s)."
            ),
            {"rule": self.analogue_rule},
        )

    def _small_parents(self, mol: Chem.Mol, prepared: PreparedCompound, *, name: bool) -> list[AnalogueParent]:
        """Formal matches with parents below the minimum size, to ``name`` them; otherwise (a bulk row, or a
        verdict they cannot change) only their mappings are counted against the bounds, which raise
        ``TooComplexError`` as the full search would."""
        if self.small_parents_ is None or self.analogue_screen_ is None:
            return []
        if name:
            return self._analogue_parents(mol, prepared, self.small_parents_)
        words = self._query_words(mol, prepared)
        self.analogue_screen_.check_bounds(mol, pattern_words=words, among=self.small_parents_)
        return []

    def _query_words(self, mol: Chem.Mol, prepared: PreparedCompound) -> np.ndarray:
        """The structure's pattern fingerprint as the analogue screen reads it: the group screens' one when
        preparing changed nothing it sees, else made once per structure (the parents that decide, then the
        smaller ones, ask for it)."""
        if prepared.same_pattern_as_input:
            return prepared.fingerprint_words
        last = self._last_query_words
        if last is None or last[0] is not mol:
            last = self._last_query_words = (mol, self.analogue_screen_.pattern_words(mol))  # type: ignore[union-attr]
        return last[1]

    def _too_small(self, parent: AnalogueParent) -> SetAside:
        minimum = self.methodology.min_parent_heavy_atoms
        atoms = self.parent_heavy_atoms_[parent.match.parent_key]
        return SetAside(
            "min_parent_size",
            parent,
            self.methodology.clause("min_parent_size"),
            {"atoms": str(atoms), "minimum": str(minimum)},
        )

    def _suspected(
        self, suspicion: Suspicion, mol: Chem.Mol, digest: str, steps: list[Step], common: dict
    ) -> Assessment:
        for reason in suspicion.reasons:
            steps.extend(reason.steps())
        if self.suspicion is not None and not self.suspicion.scores:
            steps.append(Step(_LIKENESS_NOT_COMPUTED))
        similar = self._nearest_compared(mol, k=1)
        if similar and similar[0].comparison is not None:
            top = similar[0]
            steps.append(
                Step(
                    gettext_noop(
                        "Similar to %(name)s (table %(table)s): Tanimoto similarity %(score)s (Morgan radius 2), at or "
                        "above the review threshold %(threshold)s."
                    ),
                    {
                        "name": entry_label(top.entry),
                        "table": entry_table(top.entry),
                        "score": f"{top.score:.2f}",
                        "threshold": f"{self.similar_threshold:.2f}",
                    },
                )
            )
            steps.extend(Step(gettext_noop("Difference: %(difference)s."), {"difference": d}) for d in top.differences)
        steps.append(
            Step(
                gettext_noop(
                    "Not controlled in %(jurisdiction)s by a rule applied here; suspected (%(clause)s): news for "
                    "those who amend the list (Law No. 279 art. 2 p. 1-1), for review by an expert."
                ),
                {"jurisdiction": self.jurisdiction, "clause": self.methodology.clause("suspected")},
            )
        )
        return self._base(
            "suspected",
            digest,
            similar=similar,
            similarity=similar[0].score if similar else 0.0,
            rule="",
            steps=tuple(steps),
            reasons=suspicion.reasons,
            **common,
        )

    def _where(self) -> dict[str, str]:
        return {"jurisdiction": self.jurisdiction, "as_of": self.as_of.isoformat()}

    def _listed(
        self, ident: Identification, entry: ListedEntry, digest: str, steps: list[Step], common: dict
    ) -> Assessment:
        form = ident.form or "exact"
        steps.extend(ident.steps())
        steps.append(
            Step(
                gettext_noop("A listed substance takes precedence: analogue, group and similarity checks do not apply.")
            )
        )
        return self._base(
            "listed",
            digest,
            form=form,
            basis=entry,
            **rule_fields(entry_rule(entry, self.jurisdiction)),
            steps=tuple(steps),
            thresholds=entry.thresholds,
            similarity=1.0,
            **common,
        )

    def _analogue_parents(
        self, mol: Chem.Mol, prepared: PreparedCompound, among: np.ndarray | None
    ) -> list[AnalogueParent]:
        if self.analogue_screen_ is None:
            return []
        found = []
        words = self._query_words(mol, prepared)
        for match in best_per_parent(self.analogue_screen_.find(mol, pattern_words=words, among=among)):
            found.extend(AnalogueParent(entry, match) for entry in self.parents_.get(match.parent_key, ()))
        return found

    def _analogue(self, parents: list[AnalogueParent], digest: str, steps: list[Step], common: dict) -> Assessment:
        best = parents[0]
        match = best.match
        steps.append(
            Step(
                gettext_noop(
                    "Analogue of %(name)s (table %(table)s, act %(act)s), a listed substance whose analogues are "
                    "controlled: %(count)s replacement(s), %(retained)s atoms of the parent retained."
                ),
                {
                    "name": entry_label(best.entry),
                    "table": entry_table(best.entry),
                    "act": act_label(best.entry.added_by),
                    "count": str(len(match.replacements)),
                    "retained": str(match.retained_atoms),
                },
            )
        )
        steps.extend(
            Step(gettext_noop("Replaced: %(replacement)s."), {"replacement": step}) for step in best.replacement_steps()
        )
        steps.append(
            Step(
                gettext_noop("Every substituent used is on the list of substituents in force on %(as_of)s (%(rule)s)."),
                {"as_of": self.as_of.isoformat(), "rule": self.analogue_rule},
            )
        )
        if len(parents) > 1:
            steps.append(
                Step(
                    gettext_noop("Other parents that fit: %(entries)s."),
                    {"entries": tuple(entry_ref(p.entry) for p in parents[1:])},
                )
            )
        thresholds = next((p.entry.thresholds for p in parents if p.entry.thresholds), ())
        steps.append(
            Step(
                gettext_noop("An analogue takes the quantities of its parent (%(rule)s)."),
                {"rule": ANALOGUE_QUANTITIES_RULE},
            )
        )
        return self._base(
            "analogue",
            digest,
            basis=best.entry,
            parents=tuple(parents),
            **rule_fields(self.analogue_rule, ANALOGUE_QUANTITIES_RULE, entry_rule(best.entry, self.jurisdiction)),
            steps=tuple(steps),
            thresholds=thresholds,
            **common,
        )

    def _group(self, members: list[GroupMatch], digest: str, steps: list[Step], common: dict) -> Assessment:
        first = members[0]
        definition = first.definition
        steps.append(
            Step(
                gettext_noop("Member of the generic group %(group)s (%(name)s; %(act)s, in force from %(since)s)."),
                {
                    "group": definition.group_id,
                    "name": definition.name_en,
                    "act": definition.act,
                    "since": definition.effective_from.isoformat(),
                },
            )
        )
        steps.extend(
            Step(gettext_noop("Condition met, %(check)s: %(detail)s."), {"check": result.name, "detail": result.detail})
            for result in first.checks
        )
        if len(members) > 1:
            steps.append(
                Step(
                    gettext_noop("Also a member of: %(groups)s."),
                    {"groups": ", ".join(m.definition.group_id for m in members[1:])},
                )
            )
        return self._base(
            "group",
            digest,
            basis=definition,
            groups=tuple(members),
            rule=f"{definition.act}: {definition.rule_text}",
            steps=tuple(steps),
            **common,
        )

    def _nearest_compared(self, mol: Chem.Mol, k: int) -> tuple[SimilarEntry, ...]:
        """The ``k`` nearest listed entries; those at or above the review threshold with their differences."""
        found = []
        for neighbour in self.similarity_index_.nearest(mol, k=max(k, 1)):
            comparison = None
            if self.explain_differences and neighbour.score >= self.similar_threshold:
                comparison = compare_structures(
                    mol, self.similarity_index_.mol(neighbour.position), timeout_s=self.mcs_timeout_s
                )
            found.append(SimilarEntry(neighbour.payload, neighbour.score, comparison))
        return tuple(found)

    def _similar_or_not(self, mol: Chem.Mol, digest: str, steps: list[Step], common: dict) -> Assessment:
        neighbours = self.similarity_index_.nearest(mol, k=max(self.compare_nearest, 1))
        if not neighbours:
            steps.append(Step(gettext_noop("The list holds no structures to compare with.")))
            return self._base("not_controlled", digest, steps=tuple(steps), similarity=0.0, **common)
        top = neighbours[0]
        similar = []
        for neighbour in neighbours:
            comparison = None
            if self.explain_differences and neighbour.score >= self.similar_threshold:
                comparison = compare_structures(
                    mol, self.similarity_index_.mol(neighbour.position), timeout_s=self.mcs_timeout_s
                )
            similar.append(SimilarEntry(neighbour.payload, neighbour.score, comparison))
        params = {
            "name": entry_label(top.payload),
            "table": entry_table(top.payload),
            "score": f"{top.score:.2f}",
            "threshold": f"{self.similar_threshold:.2f}",
        }
        if top.score < self.similar_threshold:
            steps.append(
                Step(
                    gettext_noop(
                        "Nearest listed entry: %(name)s (table %(table)s), Tanimoto similarity %(score)s (Morgan "
                        "radius 2), below the review threshold %(threshold)s."
                    ),
                    params,
                )
            )
            steps.append(Step(gettext_noop("Not controlled on the list version used.")))
            return self._base(
                "not_controlled", digest, steps=tuple(steps), similar=tuple(similar), similarity=top.score, **common
            )
        steps.append(
            Step(
                gettext_noop(
                    "Similar to %(name)s (table %(table)s): Tanimoto similarity %(score)s (Morgan radius 2), at or "
                    "above the review threshold %(threshold)s."
                ),
                params,
            )
        )
        steps.extend(
            Step(gettext_noop("Difference: %(difference)s."), {"difference": d}) for d in similar[0].difference_steps()
        )
        steps.append(
            Step(
                gettext_noop(
                    "Not controlled by a rule applied here; flagged for review by an expert, who decides on the "
                    "structure and its effects."
                )
            )
        )
        return self._base(
            "similar",
            digest,
            basis=top.payload,
            similar=tuple(similar),
            similarity=top.score,
            rule="",
            steps=tuple(steps),
            **common,
        )


_LIKENESS_NOT_COMPUTED = gettext_noop("NPS-likeness score not computed: no model is installed.")


def _no_suspicion_step(screen: SuspicionScreen) -> Step:
    if screen.scores:
        return Step(
            gettext_noop(
                "Not suspected: controlled in no other list checked, in no reference library of known NPS, in no "
                "risk class, and below the NPS-likeness threshold."
            )
        )
    return Step(
        gettext_noop(
            "Not suspected: controlled in no other list checked, in no reference library of known NPS and in no "
            "risk class; NPS-likeness score not computed (no model is installed)."
        )
    )


def _set_aside_step(item: SetAside) -> Step:
    """The formal match named, and the clause that sets it aside."""
    params = {
        "name": entry_label(item.parent.entry),
        "table": entry_table(item.parent.entry),
        "clause": item.clause,
        **item.params,
    }
    if item.code == "min_parent_size":
        return Step(
            gettext_noop(
                "Formal analogue match set aside: %(name)s (table %(table)s) has %(atoms)s heavy atoms, fewer than "
                "the %(minimum)s a parent needs (%(clause)s); the checks go on."
            ),
            params,
        )
    return Step(
        gettext_noop(
            "Formal analogue match with %(name)s (table %(table)s) set aside: the compound is the active substance "
            "of %(inn)s, registered medicine %(registration)s since %(since)s and on %(as_of)s (%(clause)s)."
        ),
        params,
    )


def _formula(mol: Chem.Mol) -> str:
    """Molecular formula with charge, isotopes counted as their element (as every key level compares)."""
    return CalcMolFormula(mol)


def _listed_formulas(snapshot: ListSnapshot) -> frozenset[str] | None:
    """Formulas of the standardized listed structures; None (no prefilter) if one cannot be read."""
    formulas = set()
    for entry in snapshot.entries:
        if entry.keys is None:
            continue
        mol = Chem.MolFromSmiles(entry.keys.smiles) if entry.keys.smiles else None
        if mol is None:
            return None
        formulas.add(_formula(mol))
    return frozenset(formulas)


def _listed_connections(snapshot: ListSnapshot) -> frozenset[str] | None:
    """``connection_layers`` of every indexed listed structure; None (no prefilter) if one has no InChI."""
    layers = set()
    for keys, _ in snapshot.structure_index:
        if not keys.inchi:
            return None
        layers.add(connection_layers(keys.inchi))
    return frozenset(layers)


def _smiles_only(std: Standardized) -> StructureKeys:
    """Keys of a structure no listed entry can match: its SMILES; the InChI-based keys are not computed."""
    return StructureKeys(
        smiles=std.smiles,
        inchi="",
        inchikey="",
        connectivity="",
        stereo_parent="",
        isotope_parent="",
        skeleton="",
    )


def _with_elapsed(assessment: Assessment, elapsed_ms: float) -> Assessment:
    return replace(assessment, elapsed_ms=elapsed_ms)
