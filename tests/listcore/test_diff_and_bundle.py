"""Diffs between snapshots and the offline list bundle, on small hand-made snapshots."""

import json
from datetime import date

import pytest

from drugcontrol.chem import compute_keys, to_mol
from drugcontrol.listcore.bundle import BundleFormatError, read_bundle, snapshot_to_bundle, write_bundle
from drugcontrol.listcore.diff import diff_snapshots
from drugcontrol.listcore.identification import identify
from drugcontrol.listcore.snapshot import ActRef, ListedEntry, ListSnapshot
from drugcontrol.listcore.thresholds import parse_thresholds

ACT = ActRef("470", "List", "Government", date(2019, 7, 3), date(2019, 7, 5), jurisdiction="KZ")


def entry(sid: str, name: str, smiles: str = "", table: str = "I", **extra) -> ListedEntry:
    keys = compute_keys(to_mol(smiles)) if smiles else None
    return ListedEntry(
        substance_id=sid,
        names={"en": name},
        kind="substance" if smiles else "plant",
        table=table,
        smiles=keys.smiles if keys else "",
        keys=keys,
        added_by=ACT,
        valid_from=date(2019, 7, 5),
        **extra,
    )


AMPHETAMINE = entry("1", "Amphetamine", "CC(N)Cc1ccccc1", thresholds=(parse_thresholds("0-0,2", "0,2-1", "1"),))
TRAMADOL = entry("2", "Tramadol", "CN(C)CC1CCCCC1(O)c1cccc(OC)c1", table="III")
COCA = entry("3", "Coca leaf")


def test_diff_reports_added_removed_and_moved() -> None:
    before = ListSnapshot("KZ", date(2020, 1, 1), (AMPHETAMINE, COCA))
    moved = entry("1", "Amphetamine", "CC(N)Cc1ccccc1", table="II", thresholds=AMPHETAMINE.thresholds)
    after = ListSnapshot("KZ", date(2024, 1, 1), (moved, TRAMADOL))
    result = diff_snapshots(before, after)
    assert [e.names["en"] for e in result.added] == ["Tramadol"]
    assert [e.names["en"] for e in result.removed] == ["Coca leaf"]
    assert [(c.after.names["en"], c.fields) for c in result.changed] == [("Amphetamine", ("table",))]
    assert diff_snapshots(before, before).is_empty


def test_diff_refuses_two_jurisdictions() -> None:
    with pytest.raises(ValueError, match="different jurisdictions"):
        diff_snapshots(ListSnapshot("KZ", date(2020, 1, 1), ()), ListSnapshot("CN", date(2020, 1, 1), ()))


def test_bundle_round_trip_identifies_offline(tmp_path) -> None:
    snapshot = ListSnapshot("KZ", date(2024, 3, 1), (AMPHETAMINE, TRAMADOL, COCA), (ACT,))
    path = tmp_path / "kz.json"
    write_bundle(snapshot, path)
    loaded = read_bundle(path)
    assert loaded == snapshot
    result = identify("CC(N)Cc1ccccc1.OS(O)(=O)=O", loaded)
    assert result.verdict == "listed"
    assert result.form == "salt"
    assert result.entry is not None and result.entry.names["en"] == "Amphetamine"
    assert identify("CCO", loaded).verdict == "not_listed"


def test_bundle_with_altered_entries_is_refused(tmp_path) -> None:
    data = snapshot_to_bundle(ListSnapshot("KZ", date(2024, 3, 1), (AMPHETAMINE,)))
    data["entries"][0]["table"] = "IV"
    path = tmp_path / "altered.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(BundleFormatError, match="checksum"):
        read_bundle(path)


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ("{not json", "line 1 column 2"),
        (json.dumps({"format": "something-else"}), "format"),
        (json.dumps({"format": "drugcontrol-list-bundle", "format_version": 99}), "format_version"),
        (
            json.dumps(
                {
                    "format": "drugcontrol-list-bundle",
                    "format_version": 1,
                    "as_of": "2024-02-30",
                    "entries": [],
                }
            ),
            "as_of",
        ),
        (
            json.dumps(
                {
                    "format": "drugcontrol-list-bundle",
                    "format_version": 1,
                    "as_of": "2024-02-03",
                    "jurisdiction": "KZ",
                    "entries": [{"names": {}, "kind": "plant", "table": "I"}],
                }
            ),
            "entries[0]",
        ),
    ],
)
def test_malformed_bundles_say_where(tmp_path, content: str, where: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BundleFormatError) as err:
        read_bundle(path)
    assert where in str(err.value)


def test_missing_bundle_file() -> None:
    with pytest.raises(BundleFormatError, match="cannot read"):
        read_bundle("/nonexistent/kz.json")
