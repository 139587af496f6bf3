"""Outgoing notifications: Kazakhstan's own first detections, for partners, in the exchange format they send us.

`own_first_detections` is the one source of what we report, and `first_detected_here` of the dates time to control
counts from. A first detection here is the earliest of:

- a notification recorded with the country KZ (a poisoning, a test purchase, a seizure recorded by hand);
- a seizure of the offences domain whose substance the list did not name: qualified as an **analogue**, i.e. a new
  structure (a listed substance seized is no news to partners), found by its standardised InChIKey. Its laboratory
  result, when there is one, gives the laboratory, the report and the status "confirmed".

They go out as the JSON exchange document (docs/notification.schema.json), or as CSV, XLSX or SDF whose columns
are the import's own field names (a partner imports them with no column mapping).
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.db.models import Min, Q
from django.utils import timezone

from drugcontrol.chem.errors import ChemError
from drugcontrol.chem.keys import compute_keys
from drugcontrol.chem.parse import to_mol
from drugcontrol.earlywarning.core import json_format
from drugcontrol.earlywarning.core.notifications import FIELDS
from drugcontrol.earlywarning.models import Notification
from drugcontrol.offences.models import Seizure
from drugcontrol.spreadsheet_safety import SafeDictWriter, escape_row

HOME = "KZ"
SENDER = "Republic of Kazakhstan"
NEW_RELATION = "analogue"
"""The relation to the list of a seizure that is a new substance (see the module docstring)."""

MATRIX_OF_FORM = {
    "powder": Notification.Matrix.POWDER,
    "dry_residue": Notification.Matrix.POWDER,
    "tablets": Notification.Matrix.TABLET,
    "solution": Notification.Matrix.LIQUID,
    "dried": Notification.Matrix.HERBAL,
    "undried": Notification.Matrix.HERBAL,
    "plants": Notification.Matrix.HERBAL,
}


def _own_notifications() -> Any:
    return Notification.objects.filter(country=HOME).exclude(status=Notification.Status.RETRACTED)


def _new_substance_seizures() -> Any:
    return Seizure.objects.filter(basis_relation=NEW_RELATION).exclude(inchikey="")


def first_detected_here() -> dict[str, date]:
    """InChIKey → the date of its first detection here (two grouped queries)."""
    dates: dict[str, date] = {}
    rows = [
        *_own_notifications().values("inchikey").annotate(d=Min("detected_on")).values_list("inchikey", "d"),
        *_new_substance_seizures().values("inchikey").annotate(d=Min("seized_on")).values_list("inchikey", "d"),
    ]
    for key, day in rows:
        if key not in dates or day < dates[key]:
            dates[key] = day
    return dates


def from_seizure(seizure: Seizure) -> Notification | None:
    """The notification a seizure of a new substance makes (not stored); None when its structure cannot be read."""
    structure = seizure.smiles or seizure.substance_label
    try:
        keys = compute_keys(to_mol(structure))
    except ChemError:
        return None
    lab = getattr(seizure, "lab_result", None)
    notification = Notification(
        reference=f"KZ-S{seizure.pk}",
        name=(lab.identified if lab else "") or keys.smiles,
        structure_input=structure,
        smiles=keys.smiles,
        inchikey=keys.inchikey,
        country=HOME,
        detected_on=seizure.seized_on,
        reported_on=lab.reported_on if lab else seizure.seized_on,
        matrix=MATRIX_OF_FORM.get(seizure.form, Notification.Matrix.OTHER),
        context=Notification.Context.SEIZURE,
        laboratory=f"{lab.laboratory}, {lab.report_number}" if lab else "",
        status=Notification.Status.CONFIRMED if lab else Notification.Status.REPORTED,
        sender=SENDER,
        direction=Notification.Direction.OWN,
    )
    return notification


def own_first_detections() -> list[Notification]:
    """The first detection here of every substance: the earliest KZ notification or new-substance seizure of each.

    Those from a seizure are not stored (their `pk` is None); a notification wins a tie with a seizure."""
    first: dict[str, Notification] = {}
    for notification in _own_notifications().prefetch_related("evidence").order_by("detected_on", "id"):
        first.setdefault(notification.inchikey, notification)
    earliest = dict(
        _new_substance_seizures().values("inchikey").annotate(d=Min("seized_on")).values_list("inchikey", "d")
    )
    wanted = sorted(k for k, day in earliest.items() if k not in first or day < first[k].detected_on)
    taken: set[str] = set()
    for chunk in (wanted[i : i + 200] for i in range(0, len(wanted), 200)):
        on_first_day = Q()
        for key in chunk:
            on_first_day |= Q(inchikey=key, seized_on=earliest[key])
        seizures = _new_substance_seizures().filter(on_first_day).select_related("lab_result").order_by("id")
        for seizure in seizures:
            if seizure.inchikey in taken:
                continue  # another seizure of the same substance on the same first day came first
            made = from_seizure(seizure)
            if made is not None:
                first[seizure.inchikey] = made
                taken.add(seizure.inchikey)
    return sorted(first.values(), key=lambda n: (n.detected_on, n.inchikey))


def notification_item(n: Notification) -> dict[str, Any]:
    """One notification in the exchange format (docs/notification.schema.json)."""
    substance: dict[str, Any] = {"name": n.name, "smiles": n.smiles, "inchikey": n.inchikey}
    names = {lang: getattr(n, f"name_{lang}") for lang in ("ru", "kk", "en") if getattr(n, f"name_{lang}")}
    if names:
        substance["names"] = names
    if n.iupac_name:
        substance["iupac_name"] = n.iupac_name
    if n.synonyms:
        substance["synonyms"] = list(n.synonyms)
    if n.cas:
        substance["cas"] = n.cas
    evidence: dict[str, Any] = {}
    if n.method:
        evidence["method"] = n.method
    if n.laboratory:
        evidence["laboratory"] = n.laboratory
    files = [
        {"name": f.name, "sha256": f.sha256, "size": f.size, **({"media_type": f.media_type} if f.media_type else {})}
        for f in (n.evidence.all() if n.pk else ())
    ]
    if files:
        evidence["files"] = files
    item: dict[str, Any] = {
        "reference": n.reference or f"KZ-{n.pk}",
        "substance": substance,
        "first_detection": {
            "country": n.country,
            "date": n.detected_on.isoformat(),
            "matrix": n.matrix,
            "context": n.context,
        },
        "reported_on": n.reported_on.isoformat(),
        "status": n.status,
        "sender": n.sender or SENDER,
    }
    if evidence:
        item["analytical_evidence"] = evidence
    if n.sources:
        item["sources"] = [{k: v for k, v in s.items() if k in ("title", "url") and v} for s in n.sources]
    return item


def own_detections_document(*, sender: str = SENDER) -> dict[str, Any]:
    """The document partners receive; checked against the schema before it leaves."""
    document = json_format.document(
        (notification_item(n) for n in own_first_detections()), sender=sender, generated_at=timezone.now()
    )
    problems = json_format.problems(document)
    if problems:  # pragma: no cover - our own writer breaking our own schema is a programming error
        raise AssertionError(f"the export breaks the schema: {problems[:3]}")
    return document


TABLE_COLUMNS = tuple(
    column
    for field in FIELDS
    if field not in ("inchi", "molblock")  # the structure goes out once, as SMILES with its key
    for column in ((field, "inchikey") if field == "smiles" else (field,))
)
"""The import's own field names (`core.notifications.FIELDS`, and the key), so that a partner imports the file
with no `--map` at all; several sources are joined with "; "."""


def table_rows(notifications: list[Notification] | None = None) -> list[dict[str, str]]:
    """Our own first detections (`own_first_detections` unless given) as rows of `TABLE_COLUMNS`."""
    rows = []
    for n in own_first_detections() if notifications is None else notifications:
        item = notification_item(n)
        rows.append(
            {
                "reference": item["reference"],
                "name": n.name,
                "name_ru": n.name_ru,
                "name_kk": n.name_kk,
                "name_en": n.name_en,
                "iupac_name": n.iupac_name,
                "synonyms": "; ".join(n.synonyms),
                "cas": n.cas,
                "smiles": n.smiles,
                "inchikey": n.inchikey,
                "country": n.country,
                "detected_on": n.detected_on.isoformat(),
                "reported_on": n.reported_on.isoformat(),
                "matrix": n.matrix,
                "context": n.context,
                "method": n.method,
                "laboratory": n.laboratory,
                "status": n.status,
                "sender": item["sender"],
                "source": "; ".join(s.get("title", "") for s in item.get("sources", []) if s.get("title")),
                "source_url": "; ".join(s.get("url", "") for s in item.get("sources", []) if s.get("url")),
            }
        )
    return rows


def to_csv(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = SafeDictWriter(buffer, fieldnames=TABLE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def to_xlsx(rows: list[dict[str, str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "notifications"
    sheet.append(list(TABLE_COLUMNS))
    for row in rows:
        sheet.append(escape_row(row[c] for c in TABLE_COLUMNS))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_sdf(rows: list[dict[str, str]]) -> str:
    """One record per detection, its fields as SDF properties (the structure is the standardised SMILES)."""
    from rdkit import Chem

    buffer = io.StringIO()
    writer = Chem.SDWriter(buffer)
    for row in rows:
        mol = Chem.MolFromSmiles(row["smiles"])
        if mol is None:  # pragma: no cover - the SMILES were written by RDKit itself
            continue
        mol.SetProp("_Name", row["name"])
        for column in TABLE_COLUMNS:
            if column != "smiles" and row[column]:
                mol.SetProp(column, row[column])
        writer.write(mol)
    writer.close()
    return buffer.getvalue()


FORMATS = {
    "csv": ("text/csv; charset=utf-8", to_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", to_xlsx),
    "sdf": ("chemical/x-mdl-sdfile", to_sdf),
}
"""File format → (media type, writer) of the tabular exports; JSON is `own_detections_document`."""
