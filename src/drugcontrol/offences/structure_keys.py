"""The standardised InChIKey of what was seized, so that other domains (early warning) find a substance's
seizures by structure.

The key comes from the project's one standardisation (`drugcontrol.chem`): from the structure given when there is
one, else from the structure typed in the substance field of an analogue (its listed parent is not what was
seized), else from the listed substance. A substance with no structure (cannabis, opium) has no key.
"""

from __future__ import annotations

from drugcontrol.chem.errors import ChemError
from drugcontrol.chem.keys import compute_keys
from drugcontrol.chem.parse import to_mol


def structure_inchikey(text: str) -> str:
    """The InChIKey of the standardised parent of a SMILES, InChI or molfile; empty when it cannot be read."""
    if not text.strip():
        return ""
    try:
        return compute_keys(to_mol(text.strip())).inchikey
    except ChemError:
        return ""


def seizure_inchikey(*, smiles: str, substance_text: str, relation: str, listed_inchikey: str) -> str:
    """The key of the substance seized (see the module docstring for the order)."""
    if smiles.strip():
        return structure_inchikey(smiles)
    if relation == "analogue":
        return structure_inchikey(substance_text)
    return listed_inchikey
