"""Lists for the benchmarks and the evaluation, built without a server: a throwaway SQLite database.

``demo_database()`` migrates a temporary database and loads Kazakhstan's demo list; ``import_china()``
imports ``../shared/data/lists/china_controlled.csv`` into CN batch by batch (the 2013 catalogues in force
from 2014-01-01, each supplement batch from its effective date), every entry marked ``analogues_controlled``
(an assumption of the evaluation: China has no substitution rule of its own). Nothing here touches the
project's own database.
"""

from __future__ import annotations

import csv
import os
import sys
import tempfile
from collections import defaultdict
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
CHINA_CSV = SHARED / "lists" / "china_controlled.csv"
CHINA_2013_IN_FORCE = date(2014, 1, 1)


def require_shared() -> None:
    if not SHARED.is_dir():
        sys.exit(f"reference data not found at {SHARED} (the ../shared folder beside the repository)")


def demo_database() -> Path:
    """Set up Django on a fresh temporary SQLite database holding the KZ demo list; returns its folder."""
    folder = Path(tempfile.mkdtemp(prefix="drugcontrol-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["DRUGCONTROL_DATA_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "drugcontrol.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from drugcontrol.lists.actions.demo_data import do_load_demo

    call_command("migrate", interactive=False, verbosity=0)
    do_load_demo(actor="bench")
    return folder


def china_rows() -> list[dict[str, str]]:
    with CHINA_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def batch_date(row: dict[str, str]) -> date:
    """When a row of the Chinese list took effect."""
    return date.fromisoformat(row["effective_date"]) if row["effective_date"] else CHINA_2013_IN_FORCE


def import_china(folder: Path) -> dict[date, int]:
    """Import the Chinese list into CN, one act per batch; returns rows per batch date."""
    from rdkit import Chem

    from drugcontrol.chem._rdlog import quiet_rdkit
    from drugcontrol.listcore.import_rows import parse_mapping
    from drugcontrol.lists.actions.list_imports import ActInput, do_import_list

    batches: dict[date, list[dict[str, str]]] = defaultdict(list)
    for row in china_rows():
        batches[batch_date(row)].append(row)
    mapping = parse_mapping(["table=list_id", "name_en=name_en", "cas=cas", "smiles=smiles"])
    for day, rows in sorted(batches.items()):
        path = folder / f"cn-{day.isoformat()}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=["list_id", "name_en", "cas", "smiles", "analogues_controlled"])
            writer.writeheader()
            for row in rows:
                with quiet_rdkit():
                    readable = bool(row["smiles"]) and Chem.MolFromSmiles(row["smiles"]) is not None
                writer.writerow(
                    {
                        "list_id": row["list_id"],
                        "name_en": row["name_en"] or row["name_zh"],
                        "cas": row["cas"],
                        "smiles": row["smiles"] if readable else "",
                        "analogues_controlled": "true",
                    }
                )
        do_import_list(
            path,
            jurisdiction_code="CN",
            mapping=mapping,
            act=ActInput(
                number=f"CN-{day.isoformat()}", title=f"China, list batch in force from {day}", in_force_from=day
            ),
            default_effective=day,
            actor="bench",
        )
    return {day: len(rows) for day, rows in sorted(batches.items())}


def reference_smiles(names: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(id, SMILES) of the reference libraries (all four, or the named files), rows without SMILES left out."""
    found = []
    for path in sorted((SHARED / "reference").glob("*.csv")):
        if names and path.name not in names:
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                if row.get("smiles"):
                    found.append((f"{path.stem}:{number}", row["smiles"]))
    return found
