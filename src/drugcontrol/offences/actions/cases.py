"""Recording a case: validated in full (each error naming its field), qualified, written in one transaction
with its audit row."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from drugcontrol.audit.actions import acting_user, do_record_event
from drugcontrol.errors import InputRefused
from drugcontrol.offences import messages as M
from drugcontrol.offences.access import CASE_OBJECT, check_region
from drugcontrol.offences.counts import refresh_offence_counts
from drugcontrol.offences.law import messages as LM
from drugcontrol.offences.law.classes import substance_class
from drugcontrol.offences.law.precursors import precursor_size
from drugcontrol.offences.law.sizes import parse_mass
from drugcontrol.offences.models import Case, Laboratory, Participant, PrecursorFound, Seizure
from drugcontrol.offences.qualification import SeizureInput, numbered, parse_day, qualify_seizures, resolve_basis
from drugcontrol.offences.structure_keys import seizure_inchikey
from drugcontrol.registry.models import Region


@dataclass(frozen=True)
class ParticipantData:
    role: str
    age: int
    sex: str
    full_name: str = ""
    iin: str = ""
    region: str = ""


@dataclass(frozen=True)
class SeizureData:
    substance: str = ""
    smiles: str = ""
    net_g: Any = None
    gross_g: Any = None
    plants: Any = None
    purity_pct: Any = None
    form: str = ""
    seized_on: Any = None
    place: str = ""
    exhibit: str = ""
    dead_drop_lat: Any = None
    dead_drop_lon: Any = None


@dataclass(frozen=True)
class PrecursorData:
    name: str
    mass_g: Any
    concentration_pct: Any = None


@dataclass(frozen=True)
class LaboratoryData:
    kind: str  # laboratory or grow
    shut_down_on: Any = None
    location: str = ""
    products: str = ""
    equipment: str = ""
    plant_count: int | None = None
    precursors: tuple[PrecursorData, ...] = ()


@dataclass(frozen=True)
class CaseData:
    number: str
    act_date: Any
    region: str
    action: str
    circumstances: tuple[str, ...] = ()
    opened_on: Any = None
    summary: str = ""
    participants: tuple[ParticipantData, ...] = ()
    seizures: tuple[SeizureData, ...] = field(default=())
    laboratories: tuple[LaboratoryData, ...] = ()


def _decimal(value: Any, name: str) -> Decimal | None:
    if value in (None, ""):
        return None
    return parse_mass(value, field=name)


def _laboratory(data: LaboratoryData, act_date: date) -> tuple[Laboratory, list[PrecursorFound]]:
    """Validate a laboratory or grow and classify its precursors by the table in force (not yet saved)."""
    if data.kind not in Laboratory.Kind.values:
        raise InputRefused(M.BAD_CHOICE, field="laboratory.kind", value=data.kind, known="laboratory, grow")
    found = []
    for precursor in data.precursors:
        mass = parse_mass(precursor.mass_g, field="precursor.mass_g")
        concentration = None
        if precursor.concentration_pct not in (None, ""):
            try:
                concentration = Decimal(str(precursor.concentration_pct))
            except InvalidOperation:
                raise InputRefused(
                    LM.PURITY_RANGE, field="concentration", value=str(precursor.concentration_pct)
                ) from None
        basis = resolve_basis(precursor.name, "", act_date)
        size = precursor_size(basis.entry.name("ru"), basis.thresholds, mass, concentration)
        found.append(
            PrecursorFound(
                substance_id=int(basis.entry.substance_id),
                label=precursor.name[:300],
                mass_g=mass,
                concentration_pct=concentration,
                size=size.size.value if size.size else "below_concentration",
            )
        )
    lab = Laboratory(
        kind=data.kind,
        location=data.location,
        products=data.products,
        equipment=data.equipment,
        plant_count=data.plant_count,
        shut_down_on=parse_day(data.shut_down_on, field="shut_down_on") if data.shut_down_on else act_date,
    )
    return lab, found


def _check_participant(participant: ParticipantData) -> None:
    if participant.role not in Participant.Role.values:
        raise InputRefused(
            M.BAD_CHOICE, field="participant.role", value=participant.role, known=", ".join(Participant.Role.values)
        )
    if not 0 < participant.age < 120:
        raise InputRefused(M.BAD_CHOICE, field="participant.age", value=str(participant.age), known="1-119")
    if participant.sex not in Participant.Sex.values:
        raise InputRefused(M.BAD_CHOICE, field="participant.sex", value=participant.sex, known="M, F")


def _check_seizure(seizure: SeizureData) -> None:
    """The values the qualification does not read (it reads the net mass, plants, form and substance)."""
    _decimal(seizure.gross_g, "gross_g")
    if seizure.purity_pct not in (None, ""):
        try:
            purity = Decimal(str(seizure.purity_pct))
        except InvalidOperation:
            purity = Decimal(-1)
        if not Decimal(0) <= purity <= Decimal(100):
            raise InputRefused(LM.PURITY_RANGE, field="purity_pct", value=str(seizure.purity_pct)[:20])
    if seizure.seized_on:
        parse_day(seizure.seized_on, field="seized_on")


def do_create_case(data: CaseData, *, actor: Any, remote_addr: str = "") -> Case:
    """Validate, qualify by the law in force on the act date, write the case and its audit row at once."""
    region = Region.objects.filter(pk=data.region).first()
    if region is None:
        raise InputRefused(M.UNKNOWN_REGION, field="region", value=data.region)
    check_region(actor, region.pk)
    act_date = parse_day(data.act_date, field="act_date")
    opened_on = parse_day(data.opened_on, field="opened_on") if data.opened_on else act_date
    inputs = [SeizureInput(s.substance, s.smiles, s.net_g, s.plants, s.form) for s in data.seizures]
    qualification = (
        qualify_seizures(inputs, action=data.action, act_date=act_date, circumstances=data.circumstances)
        if inputs
        else None
    )
    for index, participant in enumerate(data.participants):
        with numbered(index):
            _check_participant(participant)
    laboratories = [_laboratory(lab, act_date) for lab in data.laboratories]
    if Case.objects.filter(number=data.number).exists():
        raise InputRefused(M.CASE_NUMBER_TAKEN, field="number", number=data.number)
    for index, seizure in enumerate(data.seizures):
        with numbered(index):
            _check_seizure(seizure)
    with transaction.atomic():
        case = Case.objects.create(
            number=data.number,
            opened_on=opened_on,
            act_date=act_date,
            region=region,
            action=data.action,
            circumstances=sorted(set(data.circumstances)),
            summary=data.summary,
            size=qualification.size.value if qualification and qualification.size else "",
            article=qualification.suggestion.part.article if qualification else "",
            part=qualification.suggestion.part.part if qualification else None,
            code_version=qualification.suggestion.version.version if qualification else "",
            created_by=acting_user(actor),
        )
        Participant.objects.bulk_create(
            Participant(
                case=case,
                role=p.role,
                age=p.age,
                sex=p.sex,
                full_name=p.full_name,
                iin=p.iin,
                region_id=p.region or None,
            )
            for p in data.participants
        )
        for index, seizure in enumerate(data.seizures):
            basis = qualification.bases[index] if qualification else None
            result = qualification.sizes[index] if qualification else None
            Seizure.objects.create(
                case=case,
                exhibit=seizure.exhibit,
                substance_id=int(basis.entry.substance_id) if basis else None,
                smiles=seizure.smiles,
                substance_label=seizure.substance or (basis.entry.name("ru") if basis else ""),
                substance_class=substance_class(basis.entry.name("ru"), basis.entry.table, basis.relation)
                if basis
                else "",
                basis_relation=basis.relation if basis else "",
                inchikey=seizure_inchikey(
                    smiles=seizure.smiles,
                    substance_text=seizure.substance,
                    relation=basis.relation if basis else "",
                    listed_inchikey=basis.entry.keys.inchikey if basis and basis.entry.keys else "",
                ),
                form=seizure.form,
                gross_g=_decimal(seizure.gross_g, "gross_g"),
                net_g=_decimal(seizure.net_g, "net_g"),
                plants=int(seizure.plants) if seizure.plants not in (None, "") else None,
                purity_pct=Decimal(str(seizure.purity_pct)) if seizure.purity_pct not in (None, "") else None,
                seized_on=parse_day(seizure.seized_on, field="seized_on") if seizure.seized_on else act_date,
                region=region,
                place=seizure.place,
                dead_drop_lat=seizure.dead_drop_lat,
                dead_drop_lon=seizure.dead_drop_lon,
                size=result.size.value if result else "",
            )
        for lab, precursors in laboratories:
            lab.case = case
            lab.region = region
            lab.save()
            for found in precursors:
                found.laboratory = lab
                found.save()
        refresh_offence_counts([case.pk])
        do_record_event(
            actor=actor,
            action="offences.case.create",
            object_type=CASE_OBJECT,
            object_id=case.pk,
            remote_addr=remote_addr,
            details={"number": case.number, "article": case.article, "part": case.part},
        )
    return case
