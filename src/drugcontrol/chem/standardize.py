"""Reduce a structure to the parent compound that control lists name.

Seizures and reference standards come as salts (cocaine hydrochloride, amphetamine sulfate), with
water of crystallisation, charged, deuterated or as one stereoisomer; the lists name the free base
and usually cover its salts and isomers. ``standardize`` removes what never changes the legal
identity (counter-ions, solvents, charge state) and keeps what might (stereo, isotopes), so that
``keys`` and ``identify`` can say exactly how an input differs from a listed substance.

Built on RDKit's MolStandardize (the MolVS rules). Inputs are never changed in place.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

from rdkit import Chem
from rdkit.Chem.MolStandardize import rdMolStandardize
from rdkit.Chem.rdMolDescriptors import CalcMolFormula

from drugcontrol.chem._rdlog import quiet_rdkit
from drugcontrol.chem.errors import StandardizationError

__all__ = [
    "TAUTOMER_LIMIT",
    "Standardized",
    "per_thread_tool",
    "standardize",
    "standardize_mol",
    "to_canonical_tautomer",
    "without_isotopes",
    "without_stereo",
]

_RDKitTool = TypeVar("_RDKitTool")
_tools = threading.local()  # RDKit helper objects are cheap to reuse but not documented thread-safe
_CARBON = 6
_ISOTOPE_IN_SMILES = re.compile(r"\[\d")
"""An isotope label in isomeric SMILES: a bracket atom opening with its mass number ([2H], [13C])."""

TAUTOMER_LIMIT = 200
"""Bound on tautomers and transforms enumerated per structure. Controlled substances have few
tautomers and finish far below it; peptides and dyes would otherwise take up to a second each.
Changing it can change ``skeleton`` keys already stored, so it is a constant, not an option."""


@dataclass(frozen=True)
class Standardized:
    """The standardized parent of an input structure and what was done to reach it.

    ``mol`` is the cleaned, largest organic fragment, neutralised, with stereo and isotopes kept
    as given. Treat it as read-only: copy it (``Chem.Mol(std.mol)``) before changing it.
    """

    mol: Chem.Mol
    removed_fragments: tuple[str, ...] = ()
    """Canonical SMILES of the removed pieces (counter-ions, water, solvents), sorted, no repeats."""
    neutralized: bool = False
    """True when charges on the parent were changed to reach the neutral form."""
    has_stereo: bool = False
    has_isotopes: bool = False

    @cached_property
    def smiles(self) -> str:
        """Canonical isomeric SMILES of the parent (computed once; ``standardize`` already knows it)."""
        return Chem.MolToSmiles(self.mol)

    @cached_property
    def formula(self) -> str:
        """Molecular formula with charge (isotopes counted as their element), computed once: every list's
        identification prefilter asks for it."""
        return CalcMolFormula(self.mol)

    @property
    def salt_form(self) -> bool:
        """True when the input was a salt, solvate or another charge state of the parent."""
        return bool(self.removed_fragments) or self.neutralized


def standardize(mol: Chem.Mol) -> Standardized:
    """Return the standardized parent of ``mol`` with a record of the changes made.

    Steps, in order:

    1. Copy the input; it is never modified.
    2. Clean up as ``rdMolStandardize.Cleanup`` does, but choose the fragment before moving
       charges: drop explicit hydrogens (isotopic ones are kept), break bonds from metals to N/O
       so that e.g. a sodium salt becomes ions, and draw functional groups one way (nitro,
       N-oxide, azide, ...).
    3. Keep the largest organic (carbon-containing) fragment with ``LargestFragmentChooser
       (preferOrganic=True)``; the other pieces are reported in ``removed_fragments``. Extra
       copies of the parent (as in a hemisulfate) are not reported.

    An input with no carbon at all skips steps 2-4 and is its own parent, whole: potassium
    permanganate and sodium chloride are compounds in their own right (precursor lists name
    inorganic chemicals), and stripping their ions would make table salt a "salt form" of hydrogen
    chloride.
    4. Reionize the parent alone (charges go to its most acidic sites), then neutralise it with
       ``Uncharger``: protonated amines and carboxylates become neutral; a charge that cannot be
       removed (quaternary ammonium) stays, balanced by a carboxylate where there is one.
       Reionizing after step 3 keeps a sulfate's proton from moving onto the parent, which
       would leave a zwitterionic drug (cefpirome) charged.
    5. Stereo and isotopes are kept: they may decide the legal identity, and ``compute_keys``
       produces separate keys without them.

    Raises ``StandardizationError``.
    """
    if not isinstance(mol, Chem.Mol):
        raise TypeError(f"Expected an RDKit molecule, got {type(mol).__name__}.")
    if not _is_organic(mol):
        # Inorganic chemicals (precursors such as potassium permanganate or hydrochloric acid) are
        # compared as written: disconnecting metals would turn permanganate into Mn(8+) and oxide ions.
        parent = Chem.RemoveHs(mol)
        return Standardized(
            mol=parent,
            removed_fragments=(),
            neutralized=False,
            has_stereo=False,
            has_isotopes=_has_isotopes(parent),
        )
    cleaned = _cleanup(mol)
    parent, removed = _largest_organic_fragment(cleaned)
    neutral = _uncharge(_reionize(parent))
    smiles = Chem.MolToSmiles(neutral)
    result = Standardized(
        mol=neutral,
        removed_fragments=removed,
        neutralized=smiles != Chem.MolToSmiles(parent),
        has_stereo=_has_stereo(smiles),
        has_isotopes=_ISOTOPE_IN_SMILES.search(smiles) is not None,
    )
    result.__dict__["smiles"] = smiles  # fills the cached property: callers need the SMILES again
    return result


def standardize_mol(
    mol: Chem.Mol,
    *,
    strip_salts: bool = True,
    neutralize: bool = True,
    remove_isotopes: bool = False,
    remove_stereo: bool = False,
    canonical_tautomer: bool = False,
) -> Chem.Mol:
    """Standardize a copy of ``mol``, one keyword per step; the cleanup of ``standardize`` always runs.

    - ``strip_salts``: keep only the largest organic fragment (an input with no carbon at all is
      kept whole, as ``standardize`` does).
    - ``neutralize``: remove charges where a neutral form exists.
    - ``remove_isotopes``: turn every isotope label into the natural element (``[2H]`` → H).
    - ``remove_stereo``: forget tetrahedral, double-bond and enhanced stereo.
    - ``canonical_tautomer``: replace the structure by RDKit's canonical tautomer, so that keto
      and enol forms of one compound become the same molecule.
    """
    result = _cleanup(mol)
    if strip_salts:
        result, _ = _largest_organic_fragment(result)
    result = _reionize(result)
    if neutralize:
        result = _uncharge(result)
    if remove_isotopes:
        result = without_isotopes(result)
    if remove_stereo:
        result = without_stereo(result)
    if canonical_tautomer:
        result = to_canonical_tautomer(result)
    return result


def without_isotopes(mol: Chem.Mol) -> Chem.Mol:
    """A copy with every atom at natural isotopic composition; stereo that existed only
    because of a label (a CHD centre) is dropped too."""
    result = Chem.Mol(mol)
    for atom in result.GetAtoms():
        atom.SetIsotope(0)
    with quiet_rdkit() as log:
        try:
            result = Chem.RemoveHs(result)  # former [2H] atoms are now ordinary explicit hydrogens
            Chem.AssignStereochemistry(result, cleanIt=True, force=True)
        except (RuntimeError, ValueError) as exc:
            raise StandardizationError(f"Isotope labels could not be removed: {exc or log.reason()}.") from exc
    return result


def without_stereo(mol: Chem.Mol) -> Chem.Mol:
    """A copy with no tetrahedral, double-bond or enhanced stereo."""
    result = Chem.Mol(mol)
    Chem.RemoveStereochemistry(result)
    return result


def to_canonical_tautomer(mol: Chem.Mol) -> Chem.Mol:
    """RDKit's canonical tautomer of ``mol`` (a new molecule).

    Enumeration stops at ``TAUTOMER_LIMIT`` tautomers or transforms; beyond it the result is the
    best of those seen, which is still a valid structure of the same compound but may not be the
    one another drawing of it reaches.
    """
    enumerator = per_thread_tool("tautomer_enumerator", _new_tautomer_enumerator)
    with quiet_rdkit() as log:
        try:
            return enumerator.Canonicalize(mol)
        except (RuntimeError, ValueError) as exc:
            raise StandardizationError(f"The canonical tautomer could not be computed: {exc or log.reason()}.") from exc


def _cleanup(mol: Chem.Mol) -> Chem.Mol:
    """``rdMolStandardize.Cleanup`` up to, not including, its reionization step."""
    if not isinstance(mol, Chem.Mol):
        raise TypeError(f"Expected an RDKit molecule, got {type(mol).__name__}.")
    with quiet_rdkit() as log:
        try:
            result = Chem.RemoveHs(mol)  # returns a new molecule
            result = per_thread_tool("metal_disconnector", rdMolStandardize.MetalDisconnector).Disconnect(result)
            return per_thread_tool("normalizer", rdMolStandardize.Normalizer).normalize(result)
        except (RuntimeError, ValueError) as exc:
            raise StandardizationError(f"The structure could not be cleaned up: {exc or log.reason()}.") from exc


def _reionize(mol: Chem.Mol) -> Chem.Mol:
    """The last step of ``rdMolStandardize.Cleanup``: charges to the most acidic sites."""
    with quiet_rdkit() as log:
        try:
            result = per_thread_tool("reionizer", rdMolStandardize.Reionizer).reionize(mol)
            Chem.AssignStereochemistry(result, cleanIt=True, force=True)
            return result
        except (RuntimeError, ValueError) as exc:
            raise StandardizationError(
                f"The charges of the structure could not be placed: {exc or log.reason()}."
            ) from exc


def _largest_organic_fragment(mol: Chem.Mol) -> tuple[Chem.Mol, tuple[str, ...]]:
    if len(Chem.GetMolFrags(mol)) <= 1:  # one molecule is its own parent, organic or not (N2O, H2SO4)
        return mol, ()
    fragments = Chem.GetMolFrags(mol, asMols=True, sanitizeFrags=False)
    chooser = per_thread_tool("fragment_chooser", lambda: rdMolStandardize.LargestFragmentChooser(preferOrganic=True))
    with quiet_rdkit():
        parent = chooser.choose(mol)
    fragment_smiles = [Chem.MolToSmiles(fragment) for fragment in fragments]
    parent_smiles = Chem.MolToSmiles(parent)
    removed = tuple(sorted({smiles for smiles in fragment_smiles if smiles != parent_smiles}))
    return parent, removed


def _uncharge(mol: Chem.Mol) -> Chem.Mol:
    uncharger = per_thread_tool("uncharger", lambda: rdMolStandardize.Uncharger(canonicalOrder=True))
    with quiet_rdkit() as log:
        try:
            return uncharger.uncharge(mol)
        except (RuntimeError, ValueError) as exc:
            raise StandardizationError(f"The structure could not be neutralised: {exc or log.reason()}.") from exc


def _is_organic(mol: Chem.Mol) -> bool:
    return any(atom.GetAtomicNum() == _CARBON for atom in mol.GetAtoms())


def _has_stereo(smiles: str) -> bool:
    """Stereo marks in canonical isomeric SMILES: tetrahedral (@) or double-bond (/ \\)."""
    return "@" in smiles or "/" in smiles or "\\" in smiles


def _has_isotopes(mol: Chem.Mol) -> bool:
    return any(atom.GetIsotope() for atom in mol.GetAtoms())


def _new_tautomer_enumerator() -> rdMolStandardize.TautomerEnumerator:
    params = rdMolStandardize.CleanupParameters()
    params.maxTautomers = TAUTOMER_LIMIT
    params.maxTransforms = TAUTOMER_LIMIT
    return rdMolStandardize.TautomerEnumerator(params)


def per_thread_tool(name: str, factory: Callable[[], _RDKitTool]) -> _RDKitTool:
    """One instance of an RDKit standardizer object per thread, created on first use."""
    tool = getattr(_tools, name, None)
    if tool is None:
        tool = factory()
        setattr(_tools, name, tool)
    return tool
