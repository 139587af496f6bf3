"""The police check: for each IIN only "on the register: yes/no" (and since when, where the basis allows).

Set-based: a batch of 100,000 IINs costs a handful of chunked queries and one bulk insert of disclosures, not
one query per IIN. Rate-limited per user with a sliding window kept in the database (the request rows
themselves), so the limit holds across processes and restarts; the count and the insert of the new request run
under the user's lock (`rate_limits.lock_user_window`), so concurrent requests cannot all pass the same count.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Min, Sum
from django.utils import timezone

from drugcontrol.audit.actions import do_record_event
from drugcontrol.registry import messages as M
from drugcontrol.registry.access import Capability, require
from drugcontrol.registry.actions.rate_limits import lock_user_window
from drugcontrol.registry.errors import RateLimited, RegistryError
from drugcontrol.registry.iin import is_valid_iin
from drugcontrol.registry.models import (
    BASES_WITH_SINCE,
    Disclosure,
    LegalBasis,
    Person,
    PoliceCheckRequest,
    Registration,
    RegistryConfig,
    Status,
)

MAX_BATCH = 100_000


@dataclass(frozen=True)
class CheckAnswer:
    iin: str
    valid: bool
    on_register: bool
    since: date | None


@dataclass(frozen=True)
class CheckResult:
    request: PoliceCheckRequest
    answers: list[CheckAnswer]


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _chunk_size() -> int:
    # SQLite builds before 3.32 allow 999 bound parameters; PostgreSQL takes large IN lists well.
    return 10_000 if connection.vendor == "postgresql" else 900


def _check_rate(actor: Any, count: int) -> None:
    config = RegistryConfig.current()
    now = timezone.now()
    recent = PoliceCheckRequest.objects.filter(user=actor, at__gt=now - timedelta(hours=1)).count()
    if recent >= config.police_requests_per_hour:
        raise RateLimited(M.POLICE_REQUESTS_PER_HOUR, limit=config.police_requests_per_hour)
    day_total = (
        PoliceCheckRequest.objects.filter(user=actor, at__gt=now - timedelta(days=1)).aggregate(n=Sum("count"))["n"]
        or 0
    )
    if day_total + count > config.police_iins_per_day:
        raise RateLimited(M.POLICE_IINS_PER_DAY, limit=config.police_iins_per_day, used=day_total)


def _find(valid: Sequence[str]) -> tuple[dict[str, int], dict[int, date]]:
    """Person id by IIN, and the start of the open registration by person id."""
    person_of: dict[str, int] = {}
    since_of: dict[int, date] = {}
    size = _chunk_size()
    for chunk in _chunks(valid, size):
        rows = Person.objects.filter(iin__in=chunk, merged_into__isnull=True).values_list("iin", "id")
        person_of.update(rows)
    for chunk in _chunks(sorted(person_of.values()), size):
        open_since = (
            Registration.objects.filter(person_id__in=chunk)
            .exclude(status=Status.DEREGISTERED)
            .values("person_id")
            .annotate(since=Min("registered_on"))
            .values_list("person_id", "since")
        )
        since_of.update(open_since)
    return person_of, since_of


def parse_iin_file(content: bytes) -> list[str]:
    """One IIN per line (or the first column of a CSV); blank lines and a header without digits are skipped."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RegistryError(M.IIN_FILE_NOT_TEXT, field="file") from exc
    iins = []
    for number, line in enumerate(text.splitlines(), start=1):
        value = line.split(",")[0].split(";")[0].strip().strip('"')
        if not value:
            continue
        if number == 1 and not any(ch.isdigit() for ch in value):
            continue
        iins.append(value)
    return iins


def do_police_check(
    iins: Sequence[str], *, basis: str, request_number: str, actor: Any, remote_addr: str = ""
) -> CheckResult:
    """Answer a batch; every person answered about gets a Disclosure row; one audit row for the request."""
    require(actor, Capability.POLICE_CHECK)
    if basis not in LegalBasis.values:
        raise RegistryError(M.NOT_ONE_OF, field="basis", choices=LegalBasis.values, value=basis)
    if not request_number.strip():
        raise RegistryError(M.REQUEST_NUMBER_REQUIRED, field="request_number")
    if not iins:
        raise RegistryError(M.IINS_REQUIRED, field="iins")
    if len(iins) > MAX_BATCH:
        raise RegistryError(M.TOO_MANY_IINS, field="iins", limit=MAX_BATCH, count=len(iins))
    cleaned = [str(i).strip() for i in iins]
    valid_set = {i for i in set(cleaned) if is_valid_iin(i)}
    if not valid_set:
        raise RegistryError(M.NO_VALID_IIN, field="iins", count=len(cleaned))
    valid = sorted(valid_set)
    with_since = basis in BASES_WITH_SINCE

    with transaction.atomic():
        lock_user_window(actor)
        _check_rate(actor, len(cleaned))
        person_of, since_of = _find(valid)
        person_ids = sorted(person_of.values())
        request = PoliceCheckRequest.objects.create(
            user=actor,
            basis=basis,
            request_number=request_number.strip(),
            at=timezone.now(),
            count=len(cleaned),
            found=sum(1 for pid in person_ids if pid in since_of),
            remote_addr=remote_addr,
        )
        Disclosure.objects.bulk_create(
            (
                Disclosure(
                    request=request,
                    person_id=pid,
                    on_register=pid in since_of,
                    since=since_of.get(pid) if with_since else None,
                )
                for pid in person_ids
            ),
            batch_size=5000,
        )
        do_record_event(
            actor=actor,
            action="registry.police_check",
            object_type="registry.police_check",
            object_id=request.pk,
            purpose=f"{basis} {request.request_number}",
            remote_addr=remote_addr,
            details={"count": request.count, "answered_people": len(person_ids), "on_register": request.found},
        )

    answers = []
    for iin in cleaned:
        pid = person_of.get(iin)
        on = pid is not None and pid in since_of
        answers.append(
            CheckAnswer(
                iin=iin,
                valid=iin in valid_set,
                on_register=on,
                since=since_of[pid] if on and with_since and pid is not None else None,
            )
        )
    return CheckResult(request=request, answers=answers)
