"""The content of a draft amendment: the decree's own wording (Russian, the language of the draft), one row per
substance with its Russian and Kazakh names, IUPAC name and proposed quantities, and a justification note with the
grounds and the evidence. Built from stored notifications and their screening."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from drugcontrol.earlywarning.core.draft import Draft, DraftRow
from drugcontrol.earlywarning.models import Notification
from drugcontrol.earlywarning.quantities import proposed_quantities
from drugcontrol.listcore.thresholds import parse_thresholds

SECTION = "A (наркотические средства)"
GROUNDS_UN = (
    "рекомендация Международного комитета по контролю над наркотиками ООН (включено в Списки конвенций ООН: {acts})"
)
GROUNDS_EAEU = "вещество находится под контролем в государстве – члене ЕАЭС: {items}"
GROUNDS_COUNTRIES = "выявлено в обороте в {count} стран(ах): {countries}"
GROUNDS_SEIZED = "изъято в Республике Казахстан: {count} случай(ев)"
GROUNDS_NONE = (
    "оснований пункта 14 Правил (Постановление № 366) не выявлено; включение в порядке пунктов 15–20 "
    "Правил по заключению судебной экспертизы"
)
QUANTITY_BASIS = {
    "parent": "по аналогии с {name}, структурным аналогом которого является вещество (п. 3 ст. 2 Закона № 279)",
    "nearest": "по аналогии с {name}, ближайшим веществом того же класса в Списке (сходство {score})",
    "none": "близких веществ в Списке нет; размеры устанавливает заключение органа судебной экспертизы (п. 18 Правил)",
}


def _grounds(screening: dict[str, Any]) -> tuple[str, ...]:
    grounds = screening.get("grounds") or {}
    lines = []
    if grounds.get("un"):
        lines.append(
            GROUNDS_UN.format(acts=", ".join(f"{e['table']} ({e['act']}, с {e['since']})" for e in grounds["un"]))
        )
    if grounds.get("eaeu"):
        items = "; ".join(f"{e['jurisdiction']}: {e['act']}, с {e['since']}" for e in grounds["eaeu"])
        lines.append(GROUNDS_EAEU.format(items=items))
    if not lines:
        lines.append(GROUNDS_NONE)
    if grounds.get("countries"):
        lines.append(
            GROUNDS_COUNTRIES.format(count=len(grounds["countries"]), countries=", ".join(grounds["countries"]))
        )
    if grounds.get("seized_here"):
        lines.append(GROUNDS_SEIZED.format(count=grounds["seized_here"]))
    return tuple(lines)


def _evidence(notifications: Sequence[Notification]) -> tuple[str, ...]:
    lines = []
    for n in notifications:
        line = f"{n.country}, {n.detected_on:%d.%m.%Y}, {n.get_matrix_display()}, {n.get_context_display()}"
        if n.method:
            line += f"; {n.method}"
        if n.laboratory:
            line += f" ({n.laboratory})"
        for f in n.evidence.all():
            line += f"; {f.name} SHA-256 {f.sha256}"
        lines.append(line)
    return tuple(lines)


def _quantity_cells(q: dict[str, Any]) -> tuple[str, str, str, str]:
    template = q.get("basis", "")
    params = q.get("params") or {}
    key = "parent" if "analogue" in template else "nearest" if "nearest" in template else "none"
    basis = QUANTITY_BASIS[key].format(**{"name": params.get("name", ""), "score": params.get("score", "")})
    cells = (q.get("small", ""), q.get("large", ""), q.get("especially_large", ""))
    if any(cells):
        try:
            parse_thresholds(*cells)
        except ValueError:
            cells = ("", "", "")
    return (*cells, basis)


def build_draft(notifications: Sequence[Notification], *, prepared_on: date, table: str = "I") -> Draft:
    """One row per substance (the notifications of one structure together), in the order first detected."""
    by_key: dict[str, list[Notification]] = {}
    for n in sorted(notifications, key=lambda n: (n.detected_on, n.pk)):
        by_key.setdefault(n.inchikey, []).append(n)
    rows = []
    for number, group in enumerate(by_key.values(), start=1):
        latest = group[-1]
        small, large, especially, basis = _quantity_cells(proposed_quantities(latest.screening))
        name_ru = next((n.name_ru for n in group if n.name_ru), "") or latest.name
        rows.append(
            DraftRow(
                number=number,
                name_ru=name_ru,
                name_kk=next((n.name_kk for n in group if n.name_kk), "") or name_ru,
                name_en=next((n.name_en for n in group if n.name_en), "") or latest.name,
                iupac_name=next((n.iupac_name for n in group if n.iupac_name), ""),
                smiles=latest.smiles,
                cas=next((n.cas for n in group if n.cas), ""),
                small=small,
                large=large,
                especially_large=especially,
                quantity_basis=basis,
                grounds=_grounds(latest.screening),
                evidence=_evidence(group),
            )
        )
    return Draft(prepared_on=prepared_on, table=table, section=SECTION, rows=tuple(rows))
