"""Known-value identifications against Kazakhstan's demo list: each form names the right entry."""

from __future__ import annotations

from datetime import date

import pytest

from drugcontrol.listcore.identification import identify
from drugcontrol.lists.snapshots import snapshot_as_of

pytestmark = pytest.mark.django_db

COCAINE = "COC(=O)[C@H]1[C@@H](OC(=O)c2ccccc2)C[C@@H]2CC[C@H]1N2C"
MORPHINE_D3 = "[2H]C([2H])([2H])N1CC[C@]23c4c5ccc(O)c4O[C@H]2[C@@H](O)C=C[C@H]3[C@H]1C5"  # N-CD3


@pytest.mark.parametrize(
    ("structure", "verdict", "form", "entry_en"),
    [
        (COCAINE, "listed", "exact", "Cocaine"),
        (COCAINE + ".Cl", "listed", "salt", "Cocaine"),
        ("CN[C@@H](C)C(=O)c1ccccc1", "listed", "stereoisomer", "Methcathinone"),
        # Morphine-d3 (N-CD3): an isotopologue of morphine.
        (
            "[2H]C([2H])([2H])N1CC[C@]23c4c5ccc(O)c4O[C@H]2[C@@H](O)C=C[C@H]3[C@H]1C5",
            "listed",
            "isotopologue",
            "Morphine",
        ),
        ("Cn1cnc2c1c(=O)n(C)c(=O)n2C", "not_listed", None, None),  # caffeine
        ("CC(=O)Nc1ccc(O)cc1", "not_listed", None, None),  # paracetamol
    ],
)
def test_known_identifications(structure: str, verdict: str, form: str | None, entry_en: str | None) -> None:
    result = identify(structure, snapshot_as_of("KZ", date(2024, 3, 1)))
    assert result.verdict == verdict
    assert result.form == form
    if entry_en is None:
        assert result.entry is None
    else:
        assert result.entry is not None and result.entry.names["en"].startswith(entry_en)
        assert result.entry.added_by is not None and result.entry.thresholds


def test_a_precursor_salt_is_itself_listed() -> None:
    permanganate = identify("[K+].[O-][Mn](=O)(=O)=O", snapshot_as_of("KZ", date(2024, 3, 1)))
    assert permanganate.verdict == "listed" and permanganate.form == "exact"
    assert [(m.payload.table, m.payload.number) for m in permanganate.matches] == [("IV", ""), ("VET", "12")]
    assert identify("[Na+].[Cl-]", snapshot_as_of("KZ", date(2024, 3, 1))).verdict == "not_listed"
