"""Build an assessor from a list bundle alone, for laboratories without a connection."""

from __future__ import annotations

from drugcontrol.chem.substituents import SubstituentLibrary
from drugcontrol.expertise.assess import Assessor, all_group_definitions
from drugcontrol.expertise.methodology import FORMAL_RULE_ONLY, Methodology
from drugcontrol.listcore.bundle import BundleContents, BundleFormatError

__all__ = ["assessor_from_bundle"]


def assessor_from_bundle(contents: BundleContents) -> Assessor:
    """An ``Assessor`` for the bundle's list version: its substituents (if carried) and groups (by id).

    Raises ``BundleFormatError`` when the bundle names a group this software does not define (assessing
    with fewer groups than the list version has would understate control) or carries malformed rows.
    """
    snapshot = contents.snapshot
    library = None
    if contents.substituents is not None:
        try:
            library = SubstituentLibrary.from_rows(contents.substituents, as_of=snapshot.as_of, source="bundle")
        except ValueError as exc:
            raise BundleFormatError("substituents", str(exc)) from exc
    known = {d.group_id: d for d in all_group_definitions()}
    wanted = contents.groups if contents.groups is not None else ()
    unknown = [g for g in wanted if g not in known]
    if unknown:
        raise BundleFormatError(
            "groups", f"group definition(s) {', '.join(unknown)} are not known to this software version"
        )
    methodology = FORMAL_RULE_ONLY
    if contents.methodology is not None:  # its clauses that need no database (the minimum parent size) apply
        try:
            methodology = Methodology.from_dict(contents.methodology)
        except (KeyError, TypeError, ValueError) as exc:
            raise BundleFormatError("methodology", f"not a methodology version: {exc}") from exc
    return Assessor(snapshot, library, [known[g] for g in wanted], methodology=methodology)
