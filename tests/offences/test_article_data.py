"""The article data the package ships, checked against the public table in ../shared (not copied from it)."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

from drugcontrol.offences.law.articles import article_parts, code_versions


def _int(text: str) -> int | None:
    return int(text) if text.strip() else None


def test_every_part_and_penalty_agrees_with_the_public_table(shared: Path) -> None:
    with (shared / "law" / "kz" / "criminal_code_penalties.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    ours = {(p.version, p.article, p.part): p for p in article_parts()}
    checked = 0
    for row in rows:
        version = "2025" if row["version"].startswith("2025") else "2015"
        part = ours.get((version, row["article"], int(row["part"])))
        assert part is not None, f"{row['article']}.{row['part']} ({row['version']}) missing from the data"
        penalty = part.penalty
        assert (penalty.prison_min, penalty.prison_max) == (
            _int(row["prison_min_years"]),
            _int(row["prison_max_years"]),
        ), (
            row["article"],
            row["part"],
            row["version"],
        )
        assert penalty.life == (row["life_possible"] == "yes"), (row["article"], row["part"])
        if "конфискаци" in row["penalty_summary_ru"]:
            assert penalty.confiscation in ("yes", "optional"), (row["article"], row["part"])
        checked += 1
    assert checked == len(rows) >= 39


def test_the_new_article_297_1_and_part_3_of_article_300_exist_only_after_the_reform() -> None:
    parts = {(p.version, p.label) for p in article_parts()}
    assert ("2025", "297-1.4") in parts and ("2015", "297-1.4") not in parts
    assert ("2025", "300.3") in parts and ("2015", "300.3") not in parts


def test_the_versions_follow_each_other_without_a_gap() -> None:
    versions = sorted(code_versions(), key=lambda v: v.valid_from)
    for earlier, later in itertools.pairwise(versions):
        assert earlier.valid_to is not None
        assert (later.valid_from - earlier.valid_to).days == 1


def test_the_precursor_concentrations_agree_with_the_public_summary_table(shared: Path) -> None:
    import re
    from decimal import Decimal

    from drugcontrol.offences.law.precursors import _names, concentration_thresholds

    public = {}
    with (shared / "lists" / "kz" / "quantities.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found = re.search(r"концентрация: (\d+) % и более", row["notes"])
            if found:
                public[" ".join(row["substance_ru"].split()).casefold()] = Decimal(found.group(1))
    ours = concentration_thresholds()
    assert len(ours) >= 25
    for name, minimum in ours.items():
        match = [value for key, value in public.items() if _names(key.replace(" ", ""), name.replace(" ", ""))]
        assert match == [minimum], name


def test_the_records_offer_exactly_the_actions_circumstances_and_forms_the_core_knows() -> None:
    from drugcontrol.offences.law.articles import ACTIONS, CIRCUMSTANCES
    from drugcontrol.offences.law.sizes import FORMS
    from drugcontrol.offences.models import CaseAction, CaseCircumstance, Seizure

    assert set(CaseAction.values) == set(ACTIONS)
    assert set(CaseCircumstance.values) == set(CIRCUMSTANCES)
    assert set(Seizure.Form.values) == set(FORMS)
