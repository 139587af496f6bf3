"""The shipped demo list against the decree itself and against independent structure lists."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from drugcontrol.chem import ChemError, compute_keys, to_mol
from drugcontrol.listcore.import_rows import cas_numbers
from drugcontrol.lists.actions.demo_data import ENTRIES_FILE, QUANTITIES_FILE, demo_rows

TABLES = ["I", "II", "III", "IV", "VET"]

# Entries whose only match in the shared lists carries a wrong structure (checked by hand against the
# substance's systematic name and the other lists): the fault is in the source, not in the demo data.
KNOWN_SOURCE_ERRORS = {
    "Etorphine": "china_controlled.csv draws an extra CH2 in the bridged ring; DEA's etorphine agrees with ours",
    "Nicocodine": "china_controlled.csv gives ethylmorphine for nicocodine; DEA's 'Nicocodeine' agrees with ours",
}


def read(path: Path, **kwargs: str) -> list[dict[str, str]]:
    with path.open(encoding=kwargs.pop("encoding", "utf-8"), newline="") as handle:
        return list(csv.DictReader(handle, **kwargs))


def connectivity(smiles: str) -> str | None:
    try:
        return compute_keys(to_mol(smiles)).connectivity
    except ChemError:
        return None


@pytest.mark.shared
def test_every_list_row_of_the_decree_is_there_in_order(shared: Path) -> None:
    decree = read(shared / "lists/kz/list_tables.csv")
    demo = read(ENTRIES_FILE)
    assert len(demo) == len(decree) == 513
    for source, ours in zip(decree, demo, strict=True):
        assert (source["table"].split()[0], source["section"], source["no"], source["substance_ru"]) == (
            ours["table"],
            ours["section"],
            ours["number"],
            ours["name_ru"],
        )


def test_every_single_substance_has_a_structure_and_others_have_none() -> None:
    rows = demo_rows(TABLES)
    substances = [r for r in rows if r.kind == "substance"]
    assert len(substances) > 450
    assert all(r.keys is not None for r in substances)
    assert all(r.keys is None for r in rows if r.kind in {"plant", "preparation", "group"})
    plants = {r.names["ru"] for r in rows if r.kind == "plant"}
    assert "ЛИСТ КОКА" in plants


@pytest.mark.shared
def test_quantities_are_the_decrees_own_cells(shared: Path) -> None:
    decree = {r["substance_ru"]: r for r in read(shared / "lists/kz/quantities.csv")}
    ours = read(QUANTITIES_FILE)
    for row in ours:
        source = decree[row["quantities_name"]]
        assert (row["small"], row["large"], row["especially_large"]) == (
            source["small_g"],
            source["large_g"],
            source["especially_large_g"],
        )
    unused = set(decree) - {r["quantities_name"] for r in ours}
    # Coca bush and khat are counted for cultivation only; the list has no entry for either plant.
    assert unused == {"а) кокаиновый куст", "б) кат"}


def test_analogues_are_controlled_where_the_decree_marks_the_quantities_with_an_asterisk() -> None:
    quantities = defaultdict(list)
    for row in read(QUANTITIES_FILE):
        quantities[(row["table"], row["section"], row["number"], row["name_ru"])].append(row["quantities_name"])
    for row in read(ENTRIES_FILE):
        names = quantities[(row["table"], row["section"], row["number"], row["name_ru"])]
        assert row["analogues_controlled"] == str(int(any(n.endswith("*") for n in names)))


def reference_structures(shared: Path) -> tuple[dict[str, list[tuple[str, str]]], dict[str, list[tuple[str, str]]]]:
    by_name: dict[str, list[tuple[str, str]]] = defaultdict(list)
    by_cas: dict[str, list[tuple[str, str]]] = defaultdict(list)

    def add(source: str, name: str, cas: str, smiles: str) -> None:
        if smiles and smiles != "<NO_STRUCTURE>":
            by_name[name.strip().lower()].append((source, smiles))
            for number in cas_numbers(cas):
                by_cas[number].append((source, smiles))

    for r in read(shared / "lists/china_controlled.csv"):
        add("china", r["name_en"], r["cas"], r["smiles"])
    for r in read(shared / "lists/us_dea_list.tsv", encoding="latin-1", delimiter="\t"):
        add("dea", r["Name"], "", r["SMILES"])
    for name in ("cayman_reference_standards.csv", "swgdrug_monographs.csv"):
        for r in read(shared / "reference" / name):
            add(name, r["name"], r["cas"], r["smiles"])
    for r in read(shared / "reference/psychoactives_pihkal_tihkal.csv"):
        add("pihkal", r["name"], "", r["smiles"])
    return by_name, by_cas


@pytest.mark.shared
def test_structures_agree_with_the_shared_structure_lists(shared: Path) -> None:
    """Matched by CAS or English name/INN, at least one independent list must draw the same skeleton."""
    by_name, by_cas = reference_structures(shared)
    checked, disagreements = 0, {}
    for row in read(ENTRIES_FILE):
        if row["kind"] != "substance":
            continue
        matches = list(by_cas.get(row["cas"], [])) if row["cas"] else []
        for name in (row["name_en"], row["inn"]):
            if name:
                matches += by_name.get(name.strip().lower(), [])
        if not matches:
            continue
        checked += 1
        ours = connectivity(row["smiles"])
        if not any(connectivity(smiles) == ours for _, smiles in matches):
            disagreements[row["name_en"]] = sorted({source for source, _ in matches})
    assert checked > 350
    assert set(disagreements) == set(KNOWN_SOURCE_ERRORS), disagreements


@pytest.mark.django_db
def test_the_history_the_consolidated_text_records() -> None:
    from datetime import date

    from drugcontrol.lists.snapshots import list_diff, snapshot_as_of

    assert len(snapshot_as_of("KZ", date(2019, 7, 5)).entries) == 473
    by_act = defaultdict(int)
    for entry in snapshot_as_of("KZ", date(2024, 3, 1)).entries:
        by_act[entry.added_by.number] += 1
    assert dict(by_act) == {"470": 473, "677": 1, "326": 3, "240": 27, "22": 9}
    added_2023 = list_diff("KZ", date(2023, 1, 1), date(2023, 6, 1)).added
    assert len(added_2023) == 27 and {e.table for e in added_2023} == {"I", "III", "IV"}
