"""Chemistry core: read, standardize, key, identify and draw structures (RDKit only, no Django).

Typical use::

    from drugcontrol.chem import StructureIndex, compute_keys, identify_structure, to_mol

    index = StructureIndex()
    index.add(compute_keys(to_mol("CC(N)Cc1ccccc1")), "amphetamine")
    identify_structure("C[C@H](N)Cc1ccccc1.OS(=O)(=O)O", index).matches[0].form
    # -> "salt+stereoisomer"
"""

from drugcontrol.chem.depict import depict_svg
from drugcontrol.chem.errors import (
    ChemError,
    EmptyStructureError,
    InchiError,
    StandardizationError,
    StructureTooLargeError,
    TooComplexError,
    UnparseableStructureError,
)
from drugcontrol.chem.identify import (
    Difference,
    IdentifyResult,
    Match,
    StructureIndex,
    identify_structure,
)
from drugcontrol.chem.keys import StructureKeys, compute_keys
from drugcontrol.chem.parse import (
    MAX_HEAVY_ATOMS,
    MAX_INPUT_CHARS,
    MAX_RINGS,
    SdfRecord,
    detect_format,
    iter_sdf,
    to_mol,
)
from drugcontrol.chem.standardize import (
    Standardized,
    standardize,
    standardize_mol,
    to_canonical_tautomer,
    without_isotopes,
    without_stereo,
)

__all__ = [
    "MAX_HEAVY_ATOMS",
    "MAX_INPUT_CHARS",
    "MAX_RINGS",
    "ChemError",
    "Difference",
    "EmptyStructureError",
    "IdentifyResult",
    "InchiError",
    "Match",
    "SdfRecord",
    "StandardizationError",
    "Standardized",
    "StructureIndex",
    "StructureKeys",
    "StructureTooLargeError",
    "TooComplexError",
    "UnparseableStructureError",
    "compute_keys",
    "depict_svg",
    "detect_format",
    "identify_structure",
    "iter_sdf",
    "standardize",
    "standardize_mol",
    "to_canonical_tautomer",
    "to_mol",
    "without_isotopes",
    "without_stereo",
]
