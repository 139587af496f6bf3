"""The one verdict an assessment gives, and everything a report needs to justify it.

Verdicts and their precedence (the first that applies wins): ``listed`` (the substance or a salt,
stereoisomer, isotopic form or tautomer of an entry), ``analogue`` (formed from a listed parent by
replacing hydrogens, halogens or hydroxyls with listed substituents; Law No. 279, art. 1 p. 17-1),
``group`` (member of a generic group definition in force), ``suspected`` (not reached by Kazakhstan's law,
but controlled elsewhere, a known NPS, in a risk class or flagged by the NPS-likeness model: news for those
who amend the list, Law No. 279 art. 2 p. 1-1), ``similar`` (close to a listed entry by
fingerprint: for an expert to review), ``not_controlled``. Outside the precedence: ``invalid`` (the input
is not a structure) and ``undetermined`` (too large or complex to decide within the time bound).

Explanation steps keep their English template and parameters apart, so a translated shell can render
the same step in Russian or Kazakh: ``gettext(step.template) % step.params`` (``listcore.steps``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, get_args

from drugcontrol.listcore.identification import act_label, entry_table
from drugcontrol.listcore.snapshot import ListedEntry
from drugcontrol.listcore.steps import Names, Step, gettext_noop
from drugcontrol.listcore.thresholds import Thresholds

if TYPE_CHECKING:
    from rdkit import Chem

    from drugcontrol.chem.analogues import AnalogueMatch
    from drugcontrol.chem.groups import GroupDefinition, GroupMatch
    from drugcontrol.chem.keys import StructureKeys
    from drugcontrol.chem.similarity import Comparison
    from drugcontrol.expertise.methodology import Methodology
    from drugcontrol.expertise.suspicion import Reason

__all__ = [
    "CONTROLLED_VERDICTS",
    "VERDICTS",
    "VERDICT_PRECEDENCE",
    "AnalogueParent",
    "Assessment",
    "SetAside",
    "SimilarEntry",
    "Step",
    "Verdict",
    "entry_rule",
    "gettext_noop",
    "replacement_step",
    "rule_fields",
]

Verdict = Literal["listed", "analogue", "group", "suspected", "similar", "not_controlled", "invalid", "undetermined"]
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)
VERDICT_PRECEDENCE: tuple[Verdict, ...] = (
    "listed",
    "analogue",
    "group",
    "suspected",
    "similar",
    "not_controlled",
)
"""The decided verdicts, strongest first; an assessment reports the first that applies."""
CONTROLLED_VERDICTS: frozenset[Verdict] = frozenset({"listed", "analogue", "group"})
"""Verdicts under which the substance is under control (``similar`` only asks for review)."""


@dataclass(frozen=True)
class AnalogueParent:
    """A listed entry the compound is an analogue of, with the replacements that explain it."""

    entry: ListedEntry
    match: AnalogueMatch

    def replacements(self) -> tuple[str, ...]:
        """Each replacement in words: ``"fluoro (1.57) in place of H at parent atom 7 (...)"``."""
        return tuple(r.describe() for r in self.match.replacements)

    def replacement_steps(self) -> tuple[Step, ...]:
        """Each replacement as a phrase a shell renders in its reader's language."""
        return tuple(replacement_step(r) for r in self.match.replacements)


@dataclass(frozen=True)
class SimilarEntry:
    """A listed entry near the compound by fingerprint, with the common part and the differences."""

    entry: ListedEntry
    score: float
    comparison: Comparison | None = None
    """MCS and differences; None when not computed (only the nearest entries are compared)."""

    @property
    def differences(self) -> tuple[str, ...]:
        return self.comparison.differences if self.comparison is not None else ()

    def difference_steps(self) -> tuple[Step, ...]:
        """Each difference as a phrase a shell renders in its reader's language."""
        if self.comparison is None:
            return ()
        return tuple(difference_step(change) for change in self.comparison.changes)


@dataclass(frozen=True)
class SetAside:
    """A formal analogue match the methodology sets aside, and by which clause.

    ``code``: ``min_parent_size`` (the parent has fewer heavy atoms than the minimum) or
    ``medicines_exemption`` (the compound is the active substance of a medicine registered on the date).
    """

    code: str
    parent: AnalogueParent
    clause: str
    params: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "clause": self.clause,
            "parent": _entry_dict(self.parent.entry),
            "replacements": list(self.parent.replacements()),
            "params": dict(self.params),
        }


class NamedByReasons:
    """What the reasons of a ``suspected`` verdict name, read the same way by a verdict and by a suspicion."""

    reasons: tuple[Reason, ...]

    @property
    def elsewhere(self) -> tuple[str, ...]:
        """Jurisdictions whose lists in force control the compound (reasons ``controlled_elsewhere``), in the order
        checked, no repeats."""
        return tuple(dict.fromkeys(r.params["jurisdiction"] for r in self.reasons if r.code == "controlled_elsewhere"))

    @property
    def known_as(self) -> tuple[str, ...]:
        """``library:entry`` of the reference-library entries found (reasons ``known_nps``)."""
        return tuple(f"{r.params['library']}:{r.params['entry']}" for r in self.reasons if r.code == "known_nps")


@dataclass(frozen=True)
class Assessment(NamedByReasons):
    """The verdict on one structure against one list version, with its basis and reasoning."""

    verdict: Verdict
    jurisdiction: str
    as_of: date
    input_sha256: str
    """SHA-256 of the input text exactly as given (of the canonical SMILES for a molecule object)."""
    form: str | None = None
    """For ``listed``: exact, salt, stereoisomer, isotopologue, tautomer or a combination (``salt+stereoisomer``)."""
    basis: ListedEntry | GroupDefinition | None = None
    """The listed entry (``listed``: the entry; ``analogue``: the most specific parent) or the group definition."""
    parents: tuple[AnalogueParent, ...] = ()
    """Every parent of an analogue, most specific first."""
    groups: tuple[GroupMatch, ...] = ()
    """Every group the compound is a member of, in definition order."""
    similar: tuple[SimilarEntry, ...] = ()
    """The nearest listed entries, best first."""
    rule: str = ""
    """The legal rule applied, as text a report can cite."""
    similarity: float | None = None
    """Tanimoto similarity to the nearest listed entry (None when not computed)."""
    steps: tuple[Step, ...] = ()
    thresholds: tuple[Thresholds, ...] = ()
    """Quantities that apply: the entry's, or for an analogue its parent's (Law No. 279, art. 2 p. 3)."""
    query: StructureKeys | None = None
    query_mol: Chem.Mol | None = field(default=None, compare=False, repr=False)
    """The standardized structure assessed (for depictions)."""
    error_code: str = ""
    """For ``invalid``/``undetermined``: the machine code of the reason (``unparseable``, ``too_complex``)."""
    error_message: str = ""
    """For ``invalid``/``undetermined``: the reason in words."""
    elapsed_ms: float = 0.0
    methodology: Methodology | None = None
    """The version of the expertise methodology applied (shown in every verdict, report and bundle)."""
    set_aside: tuple[SetAside, ...] = ()
    """Formal analogue matches set aside by a methodology clause (the checks went on)."""
    reasons: tuple[Reason, ...] = ()
    """For ``suspected``: every reason, as a code and parameters."""
    risk: float | None = None
    """The NPS-likeness score (0-1); None when not computed (no model installed, or a controlled verdict)."""

    rule_steps: tuple[Step, ...] = ()
    """The legal rule as phrases a shell renders in its reader's language (``rule`` is their English text)."""

    @property
    def explanation(self) -> tuple[str, ...]:
        """The reasoning steps in English."""
        return tuple(step.text for step in self.steps)

    @property
    def controlled(self) -> bool:
        """True for ``listed``, ``analogue`` and ``group``."""
        return self.verdict in CONTROLLED_VERDICTS

    @property
    def entry(self) -> ListedEntry | None:
        """The listed entry the verdict rests on (``listed`` or ``analogue``), else None."""
        return self.basis if isinstance(self.basis, ListedEntry) else None

    @property
    def group(self) -> GroupDefinition | None:
        """The group definition the verdict rests on (``group``), else None."""
        return self.groups[0].definition if self.verdict == "group" and self.groups else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (CLI ``--json``, bulk screening, stored reports)."""
        entry = self.entry
        group = self.group
        return {
            "verdict": self.verdict,
            "form": self.form,
            "jurisdiction": self.jurisdiction,
            "as_of": self.as_of.isoformat(),
            "rule": self.rule,
            "similarity": None if self.similarity is None else round(self.similarity, 4),
            "basis": _entry_dict(entry)
            if entry
            else ({"group_id": group.group_id, "name": group.name_en, "act": group.act} if group else None),
            "parents": [{**_entry_dict(p.entry), "replacements": list(p.replacements())} for p in self.parents],
            "groups": [m.definition.group_id for m in self.groups],
            "similar": [
                {**_entry_dict(s.entry), "score": round(s.score, 4), "differences": list(s.differences)}
                for s in self.similar
            ],
            "thresholds": [t.to_dict() for t in self.thresholds],
            "explanation": list(self.explanation),
            "query_smiles": self.query.smiles if self.query else "",
            "query_inchikey": self.query.inchikey if self.query else "",
            "input_sha256": self.input_sha256,
            "error_code": self.error_code,
            "error_message": self.error_message,
            **self.grounds_dict(),
        }

    def grounds_dict(self) -> dict[str, Any]:
        """The methodology applied, the matches set aside and the reasons of a suspicion, JSON-ready (a summary and a
        report carry them alike)."""
        return {
            "methodology": self.methodology.to_dict() if self.methodology else None,
            "set_aside": [s.to_dict() for s in self.set_aside],
            "reasons": [r.to_dict() for r in self.reasons],
            "risk": None if self.risk is None else round(self.risk, 4),
            "elsewhere": list(self.elsewhere),
            "known_as": list(self.known_as),
        }


def _entry_dict(entry: ListedEntry) -> dict[str, Any]:
    return {
        "substance_id": entry.substance_id,
        "name": entry.name("en"),
        "name_ru": entry.names.get("ru", ""),
        "table": entry.table,
        "number": entry.number,
        "act": entry.added_by.label if entry.added_by else "",
    }


# --- phrases of the reasoning: built here as steps, rendered by the shell (``listcore.steps.render_step``) ------

_SITE = {
    (False, False): gettext_noop("parent atom %(atom)s (%(element)s, chain)"),
    (False, True): gettext_noop("parent atom %(atom)s (%(element)s, %(size)s-membered ring)"),
    (True, True): gettext_noop("parent atom %(atom)s (aromatic %(element)s, %(size)s-membered ring)"),
    (True, False): gettext_noop("parent atom %(atom)s (aromatic %(element)s, chain)"),
}
_PLACES = {
    "phenyl ring": gettext_noop("on the phenyl ring"),
    "pyridine ring": gettext_noop("on the pyridine ring"),
    "thiophene ring": gettext_noop("on the thiophene ring"),
    "furan ring": gettext_noop("on the furan ring"),
    "pyrrole ring": gettext_noop("on the pyrrole ring"),
    "piperidine ring": gettext_noop("on the piperidine ring"),
    "pyrrolidine ring": gettext_noop("on the pyrrolidine ring"),
    "cyclohexane ring": gettext_noop("on the cyclohexane ring"),
}


def _site_step(site: Any) -> Step:
    position = Step(
        _SITE[(site.aromatic, site.ring_size is not None)],
        {"atom": str(site.parent_atom), "element": site.element, "size": str(site.ring_size or "")},
    )
    if site.on_hydroxyl:
        return Step(gettext_noop("on the hydroxyl of %(position)s"), {"position": position})
    return Step(gettext_noop("at %(position)s"), {"position": position})


def replacement_step(replacement: Any) -> Step:
    """``fluoro (1.57) in place of H at parent atom 7 (aromatic C, 6-membered ring)``, as a phrase."""
    places = [
        Step(gettext_noop("%(group)s %(site)s"), {"group": group, "site": _site_step(site)})
        for group, site in zip(replacement.replaced, replacement.sites, strict=True)
    ]
    replaced: Step = places[0]
    for more in places[1:]:
        replaced = Step(gettext_noop("%(first)s and %(second)s"), {"first": replaced, "second": more})
    sub = replacement.substituent
    return Step(
        gettext_noop("%(substituent)s (%(code)s) in place of %(replaced)s"),
        {
            "substituent": Names({"ru": sub.name_ru, "en": sub.name_en}, decree_name_in_english=False),
            "code": sub.code,
            "replaced": replaced,
        },
    )


def _place_step(place: str) -> Step | str:
    """Where a difference is: a named ring, a numbered ring, a chain or ring atom (as ``chem.similarity`` words it)."""

    if place.startswith("on the ") and place[7:] in _PLACES:
        return Step(_PLACES[place[7:]])
    ring = re.fullmatch(r"on the (\d+)-membered (aromatic )?ring", place)
    if ring:
        template = (
            gettext_noop("on the %(size)s-membered aromatic ring")
            if ring.group(2)
            else gettext_noop("on the %(size)s-membered ring")
        )
        return Step(template, {"size": ring.group(1)})
    atom = re.fullmatch(r"at the (chain|ring) (\w+)", place)
    if atom:
        template = (
            gettext_noop("at the chain %(element)s")
            if atom.group(1) == "chain"
            else gettext_noop("at the ring %(element)s")
        )
        return Step(template, {"element": atom.group(2)})
    if place == "as a whole":
        return Step(gettext_noop("as a whole"))
    if place == "apart from the common part":
        return Step(gettext_noop("apart from the common part"))
    bridging = re.fullmatch(r"bridging reference atoms (.+)", place)
    if bridging:
        return Step(gettext_noop("bridging reference atoms %(atoms)s"), {"atoms": bridging.group(1)})
    return place


def difference_step(change: Any) -> Step:
    """``4-fluoro in place of 4-H on the phenyl ring``, as a phrase (group names and formulas stay as they are)."""
    return Step(
        gettext_noop("%(added)s in place of %(removed)s %(place)s"),
        {
            "added": change._side(change.added),
            "removed": change._side(change.removed),
            "place": _place_step(change.place),
        },
    )


def entry_rule(entry: ListedEntry, jurisdiction: str) -> Step:
    """``KZ list, table II 4, set by act No. 470 of 2019-07-03``, as a phrase."""
    if entry.added_by is None:
        return Step(
            gettext_noop("%(jurisdiction)s list, table %(table)s"),
            {"jurisdiction": jurisdiction, "table": entry_table(entry)},
        )
    return Step(
        gettext_noop("%(jurisdiction)s list, table %(table)s, set by act %(act)s"),
        {"jurisdiction": jurisdiction, "table": entry_table(entry), "act": act_label(entry.added_by)},
    )


def rule_fields(*parts: Step | str) -> dict[str, Any]:
    """An assessment's ``rule`` (English text) and ``rule_steps`` (phrases to render) from the same parts."""
    steps = tuple(part if isinstance(part, Step) else Step(part) for part in parts)
    return {"rule": "; ".join(step.text for step in steps), "rule_steps": steps}
