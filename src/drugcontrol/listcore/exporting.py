"""Write a list snapshot as CSV (one row per entry and form) or SDF (one record per structure)."""

from __future__ import annotations

import io

from drugcontrol.listcore.snapshot import ListSnapshot
from drugcontrol.spreadsheet_safety import SafeDictWriter

CSV_COLUMNS = (
    "jurisdiction",
    "as_of",
    "table",
    "section",
    "number",
    "name_ru",
    "name_kk",
    "name_en",
    "inn",
    "cas",
    "kind",
    "smiles",
    "inchikey",
    "form",
    "small",
    "large",
    "especially_large",
    "analogues_controlled",
    "act",
    "valid_from",
    "note",
)


def snapshot_to_csv(snapshot: ListSnapshot) -> str:
    out = io.StringIO()
    writer = SafeDictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for entry in snapshot.entries:
        base = {
            "jurisdiction": snapshot.jurisdiction,
            "as_of": snapshot.as_of.isoformat(),
            "table": entry.table,
            "section": entry.section,
            "number": entry.number,
            "name_ru": entry.names.get("ru", ""),
            "name_kk": entry.names.get("kk", ""),
            "name_en": entry.names.get("en", ""),
            "inn": entry.inn,
            "cas": entry.cas,
            "kind": entry.kind,
            "smiles": entry.smiles,
            "inchikey": entry.keys.inchikey if entry.keys else "",
            "analogues_controlled": int(entry.analogues_controlled),
            "act": entry.added_by.number if entry.added_by else "",
            "valid_from": entry.valid_from.isoformat() if entry.valid_from else "",
            "note": entry.note,
        }
        for thresholds in entry.thresholds or (None,):
            raw = thresholds.raw if thresholds else ("", "", "")
            writer.writerow(
                {
                    **base,
                    "form": thresholds.form if thresholds else "",
                    "small": raw[0],
                    "large": raw[1],
                    "especially_large": raw[2],
                }
            )
    return out.getvalue()


def snapshot_to_sdf(snapshot: ListSnapshot) -> str:
    """Entries with a structure only; plants and preparations have none to write."""
    from rdkit import Chem

    out = io.StringIO()
    writer = Chem.SDWriter(out)
    for entry in snapshot.entries:
        if not entry.smiles:
            continue
        mol = Chem.MolFromSmiles(entry.smiles)
        if mol is None:  # stored SMILES were produced by RDKit itself; this cannot happen for our data
            continue
        mol.SetProp("_Name", entry.name("en"))
        for prop, value in (
            ("jurisdiction", snapshot.jurisdiction),
            ("as_of", snapshot.as_of.isoformat()),
            ("table", entry.table),
            ("number", entry.number),
            ("name_ru", entry.names.get("ru", "")),
            ("name_en", entry.names.get("en", "")),
            ("inchikey", entry.keys.inchikey if entry.keys else ""),
            ("act", entry.added_by.number if entry.added_by else ""),
        ):
            mol.SetProp(prop, value)
        writer.write(mol)
    writer.close()
    return out.getvalue()
