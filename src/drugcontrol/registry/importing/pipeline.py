"""Write a regional register: validated and staged in short transactions, then moved onto the register at once.

Who may import: the registry administrator (any region) or a regional chief (facilities of their region).
An IIN already on the register is an error of its row, like any other: the regional file is never allowed
to overwrite a record silently (a transfer or a merge is a person's decision). People imported without an IIN,
or with a typo in a name, are compared with the register like people entered by hand: likely duplicates are
queued for a regional chief's review, never merged by the import.

Why staged: a file of 300,000 rows once held SQLite's write lock for twenty minutes. Now the slow part
(reading, checking every row, looking up IINs) writes only to the job's staging and problem tables, a batch
per short transaction; the register itself is written in one final transaction that only inserts the staged
rows (all or nothing), and duplicate candidates are searched afterwards in short transactions of their own.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from drugcontrol.audit.actions import do_record_event
from drugcontrol.importing import read_limits
from drugcontrol.messages import Message, RowError
from drugcontrol.registry import messages as M
from drugcontrol.registry.access import Capability, Purpose, require
from drugcontrol.registry.actions.duplicates import record_candidates_for
from drugcontrol.registry.actions.presence import do_disclose_presence
from drugcontrol.registry.errors import AccessDenied, RateLimited
from drugcontrol.registry.importing.rows import (
    ALREADY_REGISTERED,
    ALREADY_REGISTERED_ELSEWHERE,
    ALREADY_REGISTERED_IN_REGION,
    SAME_IIN_IN_FILE,
    ReferenceCodes,
    RegisterRow,
    check_register_header,
    validate_register_row,
)
from drugcontrol.registry.matching import name_key
from drugcontrol.registry.models import (
    Diagnosis,
    DocumentType,
    Facility,
    Grounds,
    ImportStatus,
    Person,
    Region,
    RegisterImport,
    RegisterImportProblem,
    Registration,
    Role,
    StagedRegisterRow,
    Status,
    StatusChange,
)
from drugcontrol.registry.statistics.counts import refresh_register_counts
from drugcontrol.registry.translit import to_latin
from drugcontrol.tabular.errors import NO_DATA_ROWS
from drugcontrol.tabular.mapping import ColumnMapping
from drugcontrol.tabular.reading import SourceRow, TableReadError, read_table

WRITE_FAILED = Message(
    "registry.import_write_failed", "the register could not be written (%(detail)s); nothing was imported"
)
DISCLOSURES_EXHAUSTED = Message(
    "registry.import_disclosures_exhausted",
    "the file names more people already on the register than you may be told of today (%(detail)s); "
    "nothing was imported",
)
_DUPLICATE_BATCH = 200


@dataclass(frozen=True)
class ImportResult:
    total: int
    created: int
    rejected: tuple[RowError, ...]
    duplicate_candidates: int = 0


def reference_codes(*, region: str | None = None) -> ReferenceCodes:
    facilities = Facility.objects.filter(active=True)
    if region:
        facilities = facilities.filter(region_id=region)
    return ReferenceCodes(
        regions=frozenset(Region.objects.values_list("code", flat=True)),
        diagnoses=frozenset(Diagnosis.objects.filter(active=True).values_list("code", flat=True)),
        facilities=dict(facilities.values_list("code", "region_id")),
        document_types=tuple(t for t in DocumentType.values if t),
        grounds=tuple(Grounds.values),
    )


def importer_region(actor: Any) -> str | None:
    """The region whose facilities `actor` may import into (None: every region); refuses anyone else.

    The administrator imports for any region, a regional chief for the facilities of their region.
    """
    try:
        profile = require(actor, Capability.IMPORT_REGISTER)
    except AccessDenied as exc:
        raise AccessDenied(M.IMPORT_ROLE) from exc
    if profile.role == Role.CHIEF:
        if not profile.region_id:
            raise AccessDenied(M.CHIEF_WITHOUT_REGION)
        return profile.region_id
    return None


def registered_iin_errors(rows: Sequence[RegisterRow], *, actor: Any, remote_addr: str = "") -> list[RowError]:
    """The rows whose IIN is already on the register, as errors of their rows (the one place that asks).

    Each hit is a disclosure like any other (audited, counted against the importer's limit: RateLimited past it),
    and its row says whether the person is in the importer's region or outside it.
    """
    found = do_disclose_presence(
        [r.iin for r in rows if r.iin], actor=actor, purpose=Purpose.IMPORT, remote_addr=remote_addr
    )
    region = importer_region(actor)
    errors = []
    for r in rows:
        hit = found.get(r.iin) if r.iin else None
        if hit is None:
            continue
        if region is None:
            errors.append(ALREADY_REGISTERED.at(r.row, "iin", region=hit.region_name))
        elif hit.region == region:
            errors.append(ALREADY_REGISTERED_IN_REGION.at(r.row, "iin", id=hit.person_id))
        else:
            errors.append(ALREADY_REGISTERED_ELSEWHERE.at(r.row, "iin", region=hit.region_name))
    return errors


def create_register_import(
    actor: Any,
    *,
    source_name: str,
    mapping: ColumnMapping,
    skip_invalid: bool = False,
    upload: bytes = b"",
    remote_addr: str = "",
) -> RegisterImport:
    """A job for `actor` (refused with AccessDenied for anyone who may not import); nothing read yet."""
    importer_region(actor)
    return RegisterImport.objects.create(
        actor=actor,
        source_name=Path(source_name).name,
        upload=upload,
        mapping=mapping.targets,
        skip_invalid=skip_invalid,
        remote_addr=remote_addr,
    )


def _problems_of(job: RegisterImport, errors: Sequence[RowError]) -> list[RegisterImportProblem]:
    return [
        RegisterImportProblem(job=job, row=e.row, field=e.field, code=e.code, params=dict(e.params), value=e.value)
        for e in errors
    ]


class _Stager:
    """Valid rows and problems of one job, written a batch per short transaction."""

    def __init__(self, job: RegisterImport, actor: Any) -> None:
        self.job = job
        self.actor = actor
        self.batch: list[RegisterRow] = []
        self.first_row_of_iin: dict[str, int] = {}
        self.problems = 0
        self.total = 0
        self.file_problem = False  # the file could not be read to its end: refused whatever the job skips

    def add(self, source: SourceRow, checked: RegisterRow | list[RowError]) -> None:
        self.total += 1
        if isinstance(checked, list):
            self.reject(checked)
            return
        if checked.iin:
            first = self.first_row_of_iin.setdefault(checked.iin, checked.row)
            if first != checked.row:
                self.reject([SAME_IIN_IN_FILE.at(checked.row, "iin", first=first)])
                return
        self.batch.append(checked)
        if len(self.batch) >= settings.IMPORT_BATCH_ROWS:
            self.flush()

    def reject(self, errors: Sequence[RowError]) -> None:
        RegisterImportProblem.objects.bulk_create(_problems_of(self.job, errors))
        self.problems += len(errors)

    def flush(self) -> None:
        if not self.batch:
            return
        clashes = registered_iin_errors(self.batch, actor=self.actor, remote_addr=self.job.remote_addr)
        clashing = {e.row for e in clashes}
        with transaction.atomic():
            self.reject(clashes)
            StagedRegisterRow.objects.bulk_create(
                [
                    StagedRegisterRow(job=self.job, row=r.row, data=r.to_json())
                    for r in self.batch
                    if r.row not in clashing
                ]
            )
        self.batch = []


def _stage(job: RegisterImport, path: Path, *, encoding: str | None, sheet: str | None, today: date) -> _Stager:
    """Read and check every row of the file into the job's staging and problem tables."""
    stager = _Stager(job, job.actor)
    try:
        table = read_table(path, encoding=encoding, sheet=sheet, limits=read_limits())
        header_errors = check_register_header(table.columns, ColumnMapping(job.mapping))
        if header_errors:
            stager.reject(header_errors)
            return stager
        mapping = ColumnMapping(job.mapping)
        codes = reference_codes(region=importer_region(job.actor))
        for source in table:
            stager.add(source, validate_register_row(source, mapping, codes, today=today))
        stager.flush()
    except TableReadError as exc:
        stager.reject([exc.error])
        stager.file_problem = True
        return stager
    if stager.total == 0:
        stager.reject([NO_DATA_ROWS.at(1, "")])
    return stager


def _person(row: RegisterRow, facility_id: int) -> Person:
    return Person(
        iin=row.iin or None,
        document_type=row.document_type,
        document_number=row.document_number,
        last_name=row.last_name,
        first_name=row.first_name,
        patronymic=row.patronymic,
        last_name_latin=to_latin(row.last_name),
        first_name_latin=to_latin(row.first_name),
        patronymic_latin=to_latin(row.patronymic),
        name_key=name_key(row.last_name, row.first_name, row.patronymic),
        birth_date=row.birth_date,
        birth_year=row.birth_date.year,
        sex=row.sex,
        citizenship=row.citizenship,
        region_id=row.region,
        address=row.address,
        phone=row.phone,
        facility_id=facility_id,
    )


def _staged_batches(job: RegisterImport) -> Iterator[list[RegisterRow]]:
    """The staged rows in file order, a batch at a time (keyed on the row number, so memory stays bounded)."""
    last = 0
    size = settings.IMPORT_BATCH_ROWS
    while True:
        batch = list(StagedRegisterRow.objects.filter(job=job, row__gt=last).order_by("row")[:size])
        if not batch:
            return
        last = batch[-1].row
        yield [RegisterRow.from_json(s.data) for s in batch]


def _write_register(job: RegisterImport, rejected_rows: list[int]) -> list[int]:
    """The final step, in one transaction: the staged rows become people and registrations, and the audit row."""
    facility_ids = dict(Facility.objects.values_list("code", "id"))
    created: list[int] = []
    with transaction.atomic():
        for rows in _staged_batches(job):
            people = Person.objects.bulk_create([_person(r, facility_ids[r.facility]) for r in rows])
            registrations = Registration.objects.bulk_create(
                [
                    Registration(
                        person=person,
                        diagnosis_id=row.diagnosis,
                        registered_on=row.registered_on,
                        grounds=row.grounds,
                        facility_id=facility_ids[row.facility],
                        status=Status.REMISSION if row.remission_since else Status.ACTIVE,
                        remission_since=row.remission_since,
                        note=f"imported from {job.source_name}, row {row.row}",
                    )
                    for person, row in zip(people, rows, strict=True)
                ]
            )
            StatusChange.objects.bulk_create(
                [
                    StatusChange(
                        registration=registration,
                        changed_on=registration.registered_on,
                        to_status=Status.ACTIVE,
                        reason="import",
                        actor=job.actor,
                    )
                    for registration in registrations
                ]
            )
            created.extend(p.pk for p in people)
            refresh_register_counts(p.pk for p in people)
        _record(
            job,
            "registry.import",
            rows=job.total,
            created=len(created),
            rejected_rows=rejected_rows,
            first_person=created[0] if created else None,
            last_person=created[-1] if created else None,
        )
    return created


def _record(job: RegisterImport, action: str, **details: Any) -> None:
    """The audit row of a step of the job, in the name of the user who started it."""
    do_record_event(
        actor=job.actor,
        action=action,
        object_type="registry.import",
        object_id=job.source_name,
        purpose="import of a regional register",
        remote_addr=job.remote_addr,
        details={"job": job.pk, **details},
    )


def _queue_duplicates(job: RegisterImport, people: list[int]) -> int:
    """Candidate duplicates of the imported people, a short transaction per batch; a pair found twice counts once."""
    candidates: set[int] = set()
    for start in range(0, len(people), _DUPLICATE_BATCH):
        with transaction.atomic():
            for person in Person.objects.filter(pk__in=people[start : start + _DUPLICATE_BATCH]):
                candidates.update(c.pk for c in record_candidates_for(person))
    if candidates:
        _record(job, "registry.import.duplicates", duplicate_candidates=len(candidates))
    return len(candidates)


def _finish(job: RegisterImport, status: str, **fields: Any) -> RegisterImport:
    StagedRegisterRow.objects.filter(job=job).delete()
    for name, value in {"status": status, "finished_at": timezone.now(), "upload": b"", **fields}.items():
        setattr(job, name, value)
    job.save()
    return job


def run_register_import(
    job: RegisterImport, path: Path, *, encoding: str | None = None, sheet: str | None = None, today: date | None = None
) -> RegisterImport:
    """Check every row, then write all valid rows at once; with any problem nothing is written unless the job
    skips invalid rows (a problem with the file or its header refuses it in any case)."""
    job.status = ImportStatus.RUNNING
    job.save(update_fields=["status"])
    try:
        stager = _stage(job, path, encoding=encoding, sheet=sheet, today=today or timezone.localdate())
    except RateLimited as exc:  # the disclosure limit: refused as a whole, the refusal is in the audit log
        RegisterImportProblem.objects.create(
            job=job, row=0, code=DISCLOSURES_EXHAUSTED.code, params={"detail": str(exc)[:200]}
        )
        return _finish(job, ImportStatus.REFUSED, problem_count=job.problems.count())
    rejected = sorted(set(job.problems.values_list("row", flat=True)))
    whole_file = stager.file_problem or any(row <= 1 for row in rejected)
    counts = {"total": stager.total, "problem_count": stager.problems}
    if stager.problems and (not job.skip_invalid or whole_file):
        return _finish(job, ImportStatus.REFUSED, **counts)
    try:
        created = _write_register(job, rejected)
    except Exception as exc:  # a clash with a concurrent change: the transaction wrote nothing
        RegisterImportProblem.objects.create(job=job, row=0, code=WRITE_FAILED.code, params={"detail": str(exc)[:200]})
        return _finish(job, ImportStatus.FAILED, problem_count=stager.problems + 1, total=stager.total)
    _finish(job, ImportStatus.DONE, created=len(created), **counts)
    job.duplicate_candidates = _queue_duplicates(job, created)
    job.save(update_fields=["duplicate_candidates"])
    return job


def stored_problems(job: RegisterImport) -> Iterator[RowError]:
    """The job's problems in file order, as they were found."""
    for p in job.problems.order_by("row", "pk").iterator(chunk_size=2000):
        yield RowError(p.row, p.field, p.code, tuple(sorted(p.params.items())), p.value)


def result_of(job: RegisterImport) -> ImportResult:
    return ImportResult(
        total=job.total,
        created=job.created,
        rejected=tuple(stored_problems(job)),
        duplicate_candidates=job.duplicate_candidates,
    )
