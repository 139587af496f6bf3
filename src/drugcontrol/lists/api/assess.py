"""Typed API of expertise: ``POST /api/lists/assess`` gives one verdict with its basis and reasoning."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from drugcontrol.chem.groups import GroupDefinition
from drugcontrol.expertise.verdicts import Assessment
from drugcontrol.lists.api.schemas import (
    EntryOut,
    ErrorOut,
    StepOut,
    StructureIn,
    ThresholdOut,
    entry_out,
    steps_out,
    threshold_out,
)
from drugcontrol.lists.assessors import assessor_as_of
from drugcontrol.lists.report_rendering import rule_text, step_texts
from drugcontrol.lists.snapshots import UnknownJurisdiction
from drugcontrol.lists.structure_input import TOO_LARGE, structure_size_error

router = Router(tags=["lists"])


class GroupOut(Schema):
    group_id: str
    name: str
    act: str
    effective_from: date
    rule_text: str


class ParentOut(Schema):
    entry: EntryOut
    replacements: list[str]
    retained_atoms: int


class SimilarOut(Schema):
    entry: EntryOut
    score: float
    differences: list[str]


class MethodologyOut(Schema):
    version: str
    title: str
    effective_from: date
    effective_to: date | None
    parameters: dict[str, Any]
    clauses: dict[str, str]


class CodedOut(Schema):
    """A reason or a set-aside match: a code and its parameters, for the client to render."""

    code: str
    params: dict[str, str]


class AssessOut(Schema):
    verdict: str
    form: str | None
    controlled: bool
    rule: str
    similarity: float | None
    jurisdiction: str
    as_of: date
    explanation: list[str]
    steps: list[StepOut]
    entry: EntryOut | None
    group: GroupOut | None
    parents: list[ParentOut]
    groups: list[GroupOut]
    similar: list[SimilarOut]
    thresholds: list[ThresholdOut]
    query_smiles: str
    query_inchikey: str
    input_sha256: str
    error_code: str
    elapsed_ms: float
    methodology: MethodologyOut | None
    reasons: list[CodedOut]
    set_aside: list[CodedOut]
    risk: float | None
    elsewhere: list[str]
    known_as: list[str]


def _group_out(definition: GroupDefinition) -> GroupOut:
    return GroupOut(
        group_id=definition.group_id,
        name=definition.name_en,
        act=definition.act,
        effective_from=definition.effective_from,
        rule_text=definition.rule_text,
    )


def assess_out(assessment: Assessment) -> AssessOut:
    """The assessment as the API answers it, its explanation in the request's language."""
    group = assessment.group
    steps = steps_out(assessment.steps)
    return AssessOut(
        verdict=assessment.verdict,
        form=assessment.form,
        controlled=assessment.controlled,
        rule=rule_text(assessment),
        similarity=assessment.similarity,
        jurisdiction=assessment.jurisdiction,
        as_of=assessment.as_of,
        explanation=[step.text for step in steps],
        steps=steps,
        entry=entry_out(assessment.entry) if assessment.entry else None,
        group=_group_out(group) if group else None,
        parents=[
            ParentOut(
                entry=entry_out(p.entry),
                replacements=step_texts(p.replacement_steps()),
                retained_atoms=p.match.retained_atoms,
            )
            for p in assessment.parents
        ],
        groups=[_group_out(m.definition) for m in assessment.groups],
        similar=[
            SimilarOut(entry=entry_out(s.entry), score=s.score, differences=step_texts(s.difference_steps()))
            for s in assessment.similar
        ],
        thresholds=[threshold_out(t) for t in assessment.thresholds],
        query_smiles=assessment.query.smiles if assessment.query else "",
        query_inchikey=assessment.query.inchikey if assessment.query else "",
        input_sha256=assessment.input_sha256,
        error_code=assessment.error_code,
        elapsed_ms=assessment.elapsed_ms,
        methodology=MethodologyOut(**assessment.methodology.to_dict()) if assessment.methodology else None,
        reasons=[CodedOut(code=r.code, params=dict(r.params)) for r in assessment.reasons],
        set_aside=[
            CodedOut(code=s.code, params={**s.params, "parent": s.parent.entry.substance_id, "clause": s.clause})
            for s in assessment.set_aside
        ],
        risk=assessment.risk,
        elsewhere=list(assessment.elsewhere),
        known_as=list(assessment.known_as),
    )


@router.post("/assess", response={200: AssessOut, 400: ErrorOut, 404: ErrorOut})
def assess_structure(request: HttpRequest, payload: StructureIn) -> Status:
    """One verdict on a structure (SMILES, InChI or molfile) against a list version: listed, analogue,
    group, suspected, similar, not_controlled or undetermined, with the methodology version applied;
    400 when the input is not a structure or is too long."""
    too_large = structure_size_error(payload.structure)
    if too_large is not None:
        return Status(400, ErrorOut(detail=too_large, code=TOO_LARGE))
    try:
        assessor = assessor_as_of(payload.jurisdiction, payload.as_of or timezone.localdate())
    except UnknownJurisdiction as exc:
        raise HttpError(404, str(exc)) from exc
    assessment = assessor.assess(payload.structure)
    if assessment.verdict == "invalid":
        return Status(400, ErrorOut(detail=assessment.error_message, code=assessment.error_code))
    return Status(200, assess_out(assessment))
