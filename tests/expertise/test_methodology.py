"""The methodology's clauses and the ``suspected`` verdict, against Kazakhstan's demo list.

Facts the expectations rest on, from the law, the decree and public records, not from the code:
- GHB (gamma-hydroxybutyric acid, 7 heavy atoms) is table II item 16 of Decree No. 470 with analogues controlled;
  GABA, gabapentin and valproic acid are GHB with listed substituents, and none is a drug of abuse;
- methoxyphenamine (2-methoxy-N-methylamphetamine) is a bronchodilator registered as a medicine in several
  countries; formally it is methamphetamine with a methoxy group;
- U-47700 was added to Kazakhstan's list by Decree No. 240 (in force 3 April 2023); China controlled it from
  1 July 2017 (supplement list) and the UN from 2017 (1961 Convention, Schedule I).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from drugcontrol.audit.models import AuditEvent
from drugcontrol.expertise.methodology import load_methodologies, methodology_in_force
from drugcontrol.listcore.import_rows import parse_mapping
from drugcontrol.lists.actions.list_imports import ActInput, ImportRejected, do_import_list
from drugcontrol.lists.actions.reference_imports import (
    do_import_known_substances,
    do_import_medicines,
    known_substance_mapping,
    medicine_mapping,
)
from drugcontrol.lists.assessors import assessor_as_of

pytestmark = pytest.mark.django_db

BEFORE_U47700 = date(2022, 1, 1)
U47700 = "CN(C)C1CCCCC1N(C)C(=O)c1ccc(Cl)c(Cl)c1"
METHOXYPHENAMINE = "CNC(C)Cc1ccccc1OC"


def _csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _import_list(tmp_path: Path, code: str, table: str, since: str) -> None:
    path = _csv(tmp_path / f"{code}.csv", [{"name_en": "U-47700", "smiles": U47700, "table": table,
                                             "effective_from": since}])  # fmt: skip
    do_import_list(
        path,
        jurisdiction_code=code,
        mapping=parse_mapping([]),
        act=ActInput(number=f"{code} test act"),
        default_effective=None,
        actor="tests",
    )


def test_the_methodology_is_data_with_versions_and_dates() -> None:
    versions = load_methodologies()
    assert [v.version for v in versions][:2] == ["0", "1"]
    current = methodology_in_force(date(2026, 12, 3))
    assert (current.min_parent_heavy_atoms, current.medicines_exemption, current.suspected) == (8, True, True)
    assert methodology_in_force(date(2026, 1, 1)).min_parent_heavy_atoms == 0


@pytest.mark.parametrize(
    "smiles",
    ["NCCCC(=O)O", "NCC1(CC(=O)O)CCCCC1", "CCCC(CCC)C(=O)O"],
    ids=["GABA", "gabapentin", "valproic acid"],
)
def test_a_match_with_ghb_alone_is_set_aside_and_the_checks_go_on(smiles: str) -> None:
    result = assessor_as_of("KZ", date(2024, 3, 1)).assess(smiles)
    assert result.verdict != "analogue" and not result.controlled
    assert [s.code for s in result.set_aside] == ["min_parent_size"]
    assert result.set_aside[0].parent.entry.names["en"].startswith("gamma-Hydroxybutyric acid")
    step = next(s for s in result.steps if s.params.get("minimum") == "8")
    assert step.params["atoms"] == "7" and "clause 1" in step.params["clause"]
    assert result.methodology.version == "1"
    assert result.to_dict()["set_aside"][0]["code"] == "min_parent_size"


def test_under_the_formal_rule_alone_ghb_still_makes_analogues() -> None:
    formal = assessor_as_of("KZ", date(2024, 3, 1), methodology=methodology_in_force(date(2026, 1, 1)))
    assert formal.assess("NCCCC(=O)O").verdict == "analogue"


def _register_methoxyphenamine(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "medicines.csv",
        [{"МНН": "methoxyphenamine", "SMILES": METHOXYPHENAMINE, "Рег. номер": "TEST-0001",
          "С": "01.01.2020", "По": "31.12.2024"}],
    )  # fmt: skip
    mapping = medicine_mapping(
        ["inn=МНН", "smiles=SMILES", "registration_number=Рег. номер", "registered_from=С", "registered_to=По"]
    )
    report = do_import_medicines(path, mapping=mapping, actor="tests")
    assert report.written == 1
    assert AuditEvent.objects.filter(action="lists.medicines_import").exists()


def test_a_registered_medicine_on_the_date_is_not_made_an_analogue(tmp_path: Path) -> None:
    assert assessor_as_of("KZ", date(2024, 3, 1)).assess(METHOXYPHENAMINE).verdict == "analogue"
    _register_methoxyphenamine(tmp_path)
    result = assessor_as_of("KZ", date(2024, 3, 1)).assess(METHOXYPHENAMINE)
    assert result.verdict != "analogue"
    aside = result.set_aside[0]
    assert aside.code == "medicines_exemption" and aside.params["registration"] == "TEST-0001"
    assert aside.parent.entry.names["en"].startswith("Metamfetamine")
    assert any("methoxyphenamine" in text and "TEST-0001" in text for text in result.explanation)


@pytest.mark.parametrize("day", [date(2019, 12, 31), date(2025, 1, 1)], ids=["before", "after"])
def test_outside_its_registration_dates_a_medicine_is_an_analogue(tmp_path: Path, day: date) -> None:
    _register_methoxyphenamine(tmp_path)
    assert assessor_as_of("KZ", day).assess(METHOXYPHENAMINE).verdict == "analogue"


def test_a_bad_medicine_row_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    path = _csv(tmp_path / "bad.csv", [{"inn": "x", "smiles": "not a smiles", "registration_number": "N1",
                                        "registered_from": "2020-13-01"}])  # fmt: skip
    with pytest.raises(ImportRejected) as caught:
        do_import_medicines(path, mapping=medicine_mapping([]), actor="tests")
    assert {e.field for e in caught.value.errors} == {"smiles", "registered_from"}
    assert all(e.row == 2 for e in caught.value.errors)


def test_controlled_in_china_is_suspected_naming_china_and_no_grounds(tmp_path: Path) -> None:
    _import_list(tmp_path, "CN", "CN_nonmedical_NPS_supplement", "2017-07-01")
    result = assessor_as_of("KZ", BEFORE_U47700).assess(U47700)
    assert result.verdict == "suspected" and not result.controlled
    reason = next(r for r in result.reasons if r.code == "controlled_elsewhere")
    assert (reason.params["jurisdiction"], reason.params["how"], reason.params["grounds"]) == ("CN", "listed", "none")
    assert result.elsewhere[0] == "CN"  # (Germany's NpSG groups reach it too)
    assert any("not in itself grounds" in text for text in result.explanation)
    assert assessor_as_of("KZ", date(2024, 3, 1)).assess(U47700).verdict == "listed"  # the law reaches it now


def test_un_schedules_are_grounds_to_add(tmp_path: Path) -> None:
    _import_list(tmp_path, "UN", "1961 I", "2017-03-16")
    reasons = assessor_as_of("KZ", BEFORE_U47700).assess(U47700).reasons
    un = next(r for r in reasons if r.code == "controlled_elsewhere" and r.params["jurisdiction"] == "UN")
    assert un.params["grounds"] == "un"


def test_a_known_nps_names_its_library_and_entry(tmp_path: Path) -> None:
    path = _csv(tmp_path / "lib.csv", [{"Item": "9001", "Name": "U-47700", "SMILES": U47700, "Date": "2016-05-01"},
                                       {"Item": "9002", "Name": "a kit", "SMILES": "", "Date": ""}])  # fmt: skip
    mapping = known_substance_mapping(["entry=Item", "name=Name", "smiles=SMILES", "first_seen=Date"])
    report = do_import_known_substances(path, library="partner", mapping=mapping, actor="tests")
    assert (report.written, report.skipped) == (1, 1)
    result = assessor_as_of("KZ", BEFORE_U47700).assess(U47700)
    assert result.verdict == "suspected"
    assert result.known_as == ("partner:9001",)
    assert {"code": "known_nps", "params": {"library": "partner", "entry": "9001", "name": "U-47700"}} in (
        result.to_dict()["reasons"]
    )


@pytest.mark.shared
def test_swgdrug_monographs_import_as_a_library(shared: Path) -> None:
    mapping = known_substance_mapping(["entry=source_url", "first_seen=date"])
    report = do_import_known_substances(
        shared / "reference" / "swgdrug_monographs.csv", library="swgdrug", mapping=mapping, actor="tests"
    )
    assert report.written > 400
    isopropyl_u47700 = "CC(C)N(C(=O)c1ccc(Cl)c(Cl)c1)C1CCCCC1N(C)C"  # its monograph is dated 2018-11-16
    result = assessor_as_of("KZ", BEFORE_U47700).assess(isopropyl_u47700)
    known = [r.params for r in result.reasons if r.code == "known_nps"]
    assert result.verdict == "suspected" and known[0]["library"] == "swgdrug"
    assert known[0]["entry"].startswith("https://swgdrug.org/Monographs/")
    assert assessor_as_of("KZ", date(2018, 1, 1)).assess(isopropyl_u47700).known_as == ()  # not yet known


def test_a_risk_class_member_is_suspected_with_the_class_named() -> None:
    isotonitazene = "CCN(CC)CCn1c(Cc2ccc(OC(C)C)cc2)nc2cc([N+](=O)[O-])ccc21"
    result = assessor_as_of("KZ", date(2019, 7, 5)).assess(isotonitazene)
    assert result.verdict == "suspected"
    assert [r.params["risk_class"] for r in result.reasons if r.code == "risk_class"] == ["nitazene"]


def test_without_a_model_the_score_is_not_computed_and_said_so(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DRUGCONTROL_RISK_MODEL", str(tmp_path / "absent.zip"))
    result = assessor_as_of("KZ", date(2024, 3, 1)).assess("CCCCCCCCO")
    assert result.risk is None and result.verdict == "not_controlled"
    assert any("not computed" in text for text in result.explanation)


def test_kazakhstans_rule_seen_from_china_keeps_the_minimum_parent_size() -> None:
    gaba = assessor_as_of("CN", date(2024, 3, 1)).assess("NCCCC(=O)O")
    assert "KZ" not in gaba.elsewhere
    fluoroamphetamine = assessor_as_of("CN", date(2024, 3, 1)).assess("CC(N)Cc1ccc(F)cc1")
    kz = next(r for r in fluoroamphetamine.reasons if r.params.get("jurisdiction") == "KZ")
    assert kz.params["how"] == "analogue"


def test_with_a_model_every_verdict_carries_the_score_and_a_flag_is_a_suspected_reason(
    monkeypatch, risk_model_path: Path, risk_training
) -> None:
    """A model installed while assessors are cached is used at once; what it flags is `suspected` for that reason,
    named with the model's version and its nearest training examples."""
    from rdkit import Chem

    from drugcontrol.expertise.risk import load_model

    assessor = assessor_as_of("KZ", date(2024, 3, 1))
    monkeypatch.setenv("DRUGCONTROL_RISK_MODEL", str(risk_model_path))
    model = load_model(risk_model_path)
    octanol = assessor.assess("CCCCCCCCO")
    assert octanol.risk is not None and 0.0 <= octanol.risk <= 1.0
    assert not any("not computed" in text for text in octanol.explanation)

    positives = [e for e in risk_training.examples if e.label]
    flagged = next(
        smiles
        for smiles in (Chem.MolToSmiles(e.mol) for e in positives[:400])
        if (result := assessor.assess(smiles)).verdict in {"suspected", "similar", "not_controlled"}
        and result.risk is not None
        and result.risk >= model.threshold
    )
    reasons = [r for r in assessor.assess(flagged).reasons if r.code == "nps_likeness"]
    assert reasons and reasons[0].params["model"] == model.version
    assert reasons[0].params["nearest"] != "—"
