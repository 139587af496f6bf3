"""What every suspicion source looks at: the standardized structure and keys made once, on demand."""

from __future__ import annotations

from functools import cached_property

from rdkit import Chem

from drugcontrol.chem.groups import PreparedCompound
from drugcontrol.chem.standardize import Standardized, without_stereo

__all__ = ["Probe", "structure_key"]


def structure_key(std: Standardized) -> str:
    """Canonical SMILES of the standardized parent without stereo: the key of reference-library lookups.

    A SMILES rather than an InChI: bulk screening computes InChIs only for candidates of the listed path,
    and a reference library is matched on every row.
    """
    return Chem.MolToSmiles(without_stereo(std.mol))


class Probe:
    """One compound as the sources see it; derived forms are computed at most once."""

    def __init__(self, std: Standardized, prepared: PreparedCompound | None = None) -> None:
        self.std = std
        self.mol = std.mol
        if prepared is not None:
            self.__dict__["group_compound"] = prepared

    @cached_property
    def key(self) -> str:
        return structure_key(self.std)

    @cached_property
    def group_compound(self) -> PreparedCompound:
        """The structure as every jurisdiction's group screen sees it, prepared once for all of them."""
        return PreparedCompound(self.mol)
