"""Schemas and converters the routers of the lists API share: entries, acts, thresholds and the one error body."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from ninja import Schema

from drugcontrol.listcore.snapshot import ActRef, ListedEntry
from drugcontrol.listcore.steps import Step
from drugcontrol.listcore.thresholds import Thresholds
from drugcontrol.lists.report_rendering import step_texts


class StructureIn(Schema):
    """A structure (SMILES, InChI or molfile) to identify or assess against a list as of a date (default: today)."""

    structure: str
    jurisdiction: str = "KZ"
    as_of: date | None = None


class ActOut(Schema):
    number: str
    title: str
    issuer: str
    signed_on: date | None
    in_force_from: date | None
    url: str


class ThresholdOut(Schema):
    form: str
    unit: str
    small: str
    large: str
    especially_large: str


class EntryOut(Schema):
    substance_id: str
    name_ru: str
    name_kk: str
    name_en: str
    kind: str
    table: str
    section: str
    number: str
    note: str
    inn: str
    cas: str
    smiles: str
    inchikey: str
    analogues_controlled: bool
    valid_from: date | None
    act: ActOut | None
    thresholds: list[ThresholdOut]


class ErrorOut(Schema):
    """Every refusal of the lists API: a message for a person and a stable code for a program."""

    detail: str
    code: str = ""


def act_out(act: ActRef | None) -> ActOut | None:
    """The act as the API shows it: the schema reads the fields it declares from the act (no copy by hand)."""
    return None if act is None else ActOut.model_validate(act, from_attributes=True)


def threshold_out(t: Thresholds) -> ThresholdOut:
    return ThresholdOut(form=t.form, unit=t.unit, small=t.raw[0], large=t.raw[1], especially_large=t.raw[2])


def entry_out(entry: ListedEntry) -> EntryOut:
    return EntryOut(
        substance_id=entry.substance_id,
        name_ru=entry.names.get("ru", ""),
        name_kk=entry.names.get("kk", ""),
        name_en=entry.names.get("en", ""),
        kind=entry.kind,
        table=entry.table,
        section=entry.section,
        number=entry.number,
        note=entry.note,
        inn=entry.inn,
        cas=entry.cas,
        smiles=entry.smiles,
        inchikey=entry.keys.inchikey if entry.keys else "",
        analogues_controlled=entry.analogues_controlled,
        valid_from=entry.valid_from,
        act=act_out(entry.added_by),
        thresholds=[threshold_out(t) for t in entry.thresholds],
    )


class StepOut(Schema):
    """One step of an explanation: in the request's language, and as its English template with parameters."""

    text: str
    template: str
    params: dict[str, Any]
    """Plain text, or a nested phrase ``{"template", "params"}``, names by language ``{"names"}``, or a list."""


def steps_out(steps: Iterable[Step]) -> list[StepOut]:
    steps = tuple(steps)
    return [
        StepOut(text=text, template=step.template, params=step.to_dict()["params"])
        for step, text in zip(steps, step_texts(steps), strict=True)
    ]
