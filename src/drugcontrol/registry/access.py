"""The one gate that loads a protected person or registration for a user, and the role policy.

Zulip's `access_user_by_id` is the model: one getter, keyword-only purpose with no default, one refusal for
"absent" and "not yours" alike. Every successful load writes an audit row (who, when, which person, purpose,
from where), so a person's access report is simply the audit log filtered by their id.

Scope: a physician sees the people of their facility, a regional chief the people whose responsible
facility is in their region; anyone else (analyst, police, administrator) reads no person at all. A valid
break-the-glass grant opens one person for one user for a limited time, and only for what an emergency needs:
reading the record and recording care (`OPENED_BY_GRANT`). Transfer, identity edits, merges, registration and
deregistration need the ordinary scope, so a grant can never be turned into lasting access.

Refusals by role are audited like refusals by scope; the purpose a caller states is one of a listed set for
their role (`STATED_PURPOSES`).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from drugcontrol.audit.actions import do_record_event
from drugcontrol.registry import messages as M
from drugcontrol.registry.errors import AccessDenied, NotFoundForUser, RegistryError
from drugcontrol.registry.models import BreakGlassGrant, Person, Registration, Role, StaffProfile
from drugcontrol.registry.name_search import search_people

PERSON_OBJECT = "registry.person"


class Capability(StrEnum):
    READ_PERSON = "read_person"
    REVIEW_AUDIT = "review_audit"
    EDIT_PERSON = "edit_person"
    RECORD_CARE = "record_care"
    TRANSFER = "transfer"
    REVIEW_DUPLICATES = "review_duplicates"
    BREAK_GLASS = "break_glass"
    REVIEW_BREAK_GLASS = "review_break_glass"
    ACCESS_REPORT = "access_report"
    PROPOSALS = "proposals"
    POLICE_CHECK = "police_check"
    AGGREGATES = "aggregates"
    PSEUDONYMISED_EXTRACT = "pseudonymised_extract"
    IMPORT_REGISTER = "import_register"
    MANAGE_USERS = "manage_users"
    MANAGE_REFERENCE = "manage_reference"
    RETENTION = "retention"
    REFER_FOR_EXAMINATION = "refer_for_examination"
    READ_REFERRALS = "read_referrals"


_CLINICAL = frozenset(
    {
        Capability.READ_REFERRALS,
        Capability.READ_PERSON,
        Capability.EDIT_PERSON,
        Capability.RECORD_CARE,
        Capability.TRANSFER,
        Capability.BREAK_GLASS,
        Capability.ACCESS_REPORT,
        Capability.PROPOSALS,
    }
)

#: The permission policy: what each role may do at all. Scope (which people) is decided separately.
ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.PHYSICIAN: _CLINICAL,
    Role.CHIEF: _CLINICAL
    | {Capability.REVIEW_DUPLICATES, Capability.REVIEW_BREAK_GLASS, Capability.AGGREGATES, Capability.IMPORT_REGISTER},
    Role.ANALYST: frozenset({Capability.AGGREGATES, Capability.PSEUDONYMISED_EXTRACT}),
    Role.POLICE: frozenset({Capability.POLICE_CHECK}),
    Role.ADMIN: frozenset(
        {
            Capability.MANAGE_USERS,
            Capability.MANAGE_REFERENCE,
            Capability.RETENTION,
            Capability.ACCESS_REPORT,
            Capability.IMPORT_REGISTER,
            Capability.REVIEW_AUDIT,
        }
    ),
    Role.INVESTIGATOR: frozenset({Capability.REFER_FOR_EXAMINATION}),
}


#: What a break-the-glass grant opens, for its duration only; everything else needs the ordinary scope.
OPENED_BY_GRANT = frozenset({Capability.READ_PERSON, Capability.RECORD_CARE})


class SystemActor(str):
    """The operator at the server's command line (`drugcontrol registry ...`): trusted by who runs it.

    Only an instance of this class passes where actions accept a non-user actor; any other string is refused
    like a user without a role.
    """


class Purpose(StrEnum):
    """Why a record is opened; stored on the audit row of every read."""

    CARE = "care"
    LOOKUP = "lookup"
    EDIT = "edit"
    REGISTRATION = "registration"
    DEREGISTRATION = "deregistration"
    TRANSFER = "transfer"
    DUPLICATE_REVIEW = "duplicate_review"
    BREAK_GLASS = "break_glass"
    ACCESS_REPORT = "access_report"
    PROPOSALS = "proposals"
    EXPORT = "export"
    IMPORT = "import"
    SEARCH = "search"
    WORKLIST = "worklist"


#: The purposes a caller may state when opening a record, per role. The other purposes (edit, registration,
#: transfer ...) are set by the operation itself, never chosen by the caller.
STATED_PURPOSES: dict[str, frozenset[Purpose]] = {
    Role.PHYSICIAN: frozenset({Purpose.CARE, Purpose.LOOKUP, Purpose.BREAK_GLASS, Purpose.EXPORT}),
    Role.CHIEF: frozenset(
        {Purpose.CARE, Purpose.LOOKUP, Purpose.BREAK_GLASS, Purpose.EXPORT, Purpose.DUPLICATE_REVIEW, Purpose.PROPOSALS}
    ),
}


def profile_of(user: Any) -> StaffProfile:
    """The user's registry profile; users without one (or anonymous) have no access to the registry."""
    if not getattr(user, "is_authenticated", False):
        raise AccessDenied(M.LOG_IN)
    try:
        return user.registry_profile
    except StaffProfile.DoesNotExist as exc:
        raise AccessDenied(M.NO_ROLE) from exc


def role_of(user: Any) -> str | None:
    try:
        return profile_of(user).role
    except AccessDenied:
        return None


def can(user: Any, capability: Capability) -> bool:
    role = role_of(user)
    return role is not None and capability in ROLE_CAPABILITIES.get(role, frozenset())


def _record_role_refusal(user: Any, capability: Capability, role: str) -> None:
    """A refusal by role is audited: an account probing what it may not do leaves a trace."""
    do_record_event(
        actor=user,
        action="registry.refused",
        object_type="registry.capability",
        object_id=capability.value,
        details={"role": role},
    )


def require(user: Any, capability: Capability) -> StaffProfile:
    """The user's profile when the role allows the capability; AccessDenied (403, audited) otherwise."""
    try:
        profile = profile_of(user)
    except AccessDenied:
        if getattr(user, "is_authenticated", False):
            _record_role_refusal(user, capability, "")
        raise
    if capability not in ROLE_CAPABILITIES.get(profile.role, frozenset()):
        _record_role_refusal(user, capability, profile.role)
        raise AccessDenied(M.ROLE_MAY_NOT, role=profile.role, capability=capability.value.replace("_", " "))
    return profile


def check_stated_purpose(user: Any, purpose: str) -> Purpose:
    """The purpose a caller states must be one listed for their role (RegistryError 422 otherwise)."""
    profile = require(user, Capability.READ_PERSON)
    allowed = STATED_PURPOSES.get(profile.role, frozenset())
    if purpose not in allowed:
        raise RegistryError(
            M.PURPOSE_NOT_LISTED, field="purpose", allowed=", ".join(sorted(allowed)), purpose=str(purpose)
        )
    return Purpose(purpose)


def people_in_scope(user: Any) -> QuerySet[Person]:
    """The people a user may open without breaking the glass (merged records never appear)."""
    profile = profile_of(user)
    people = Person.objects.filter(merged_into__isnull=True)
    if profile.role == Role.PHYSICIAN and profile.facility_id:
        return people.filter(facility_id=profile.facility_id)
    if profile.role == Role.CHIEF and profile.region_id:
        return people.filter(facility__region_id=profile.region_id)
    return people.none()


def _active_grant(user: Any, person_id: int) -> BreakGlassGrant | None:
    return (
        BreakGlassGrant.objects.filter(user=user, person_id=person_id, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )


def is_in_scope(user: Any, person: Person) -> bool:
    """Whether the user may see this person now: in scope, or through a break-the-glass grant still valid."""
    if not can(user, Capability.READ_PERSON) or person.merged_into_id is not None:
        return False
    if people_in_scope(user).filter(pk=person.pk).exists():
        return True
    return _active_grant(user, person.pk) is not None


def is_in_ordinary_scope(user: Any, person: Person) -> bool:
    """In scope by facility or region, without counting break-the-glass grants."""
    if not can(user, Capability.READ_PERSON) or person.merged_into_id is not None:
        return False
    return people_in_scope(user).filter(pk=person.pk).exists()


def ensure_in_scope(user: Any, person: Person, *, grant_opens: bool) -> None:
    """For actions: the same refusal as the gate, without an extra audit row (the action writes its own).

    `grant_opens` says whether a break-the-glass grant is enough for the operation; when it is not, the holder
    of a grant is told so (403: they already know the person exists), and whoever has neither gets the 404.
    """
    if not grant_opens and is_in_scope(user, person) and not is_in_ordinary_scope(user, person):
        raise AccessDenied(M.GRANT_SCOPE)
    if not is_in_scope(user, person):
        raise NotFoundForUser()


def _load(user: Any, query: Q) -> tuple[Person, BreakGlassGrant | None]:
    require(user, Capability.READ_PERSON)
    person = people_in_scope(user).filter(query).first()
    if person is not None:
        return person, None
    # Outside scope: only a grant for this very person opens it; nothing tells "absent" from "not yours".
    candidate = Person.objects.filter(query, merged_into__isnull=True).first()
    grant = _active_grant(user, candidate.pk) if candidate is not None else None
    if candidate is None or grant is None:
        raise NotFoundForUser()
    return candidate, grant


def _record_read(user: Any, person: Person, grant: BreakGlassGrant | None, purpose: str, remote_addr: str) -> None:
    details: dict[str, Any] = {"break_glass": grant is not None}
    if grant is not None:
        details["grant"] = grant.pk
    do_record_event(
        actor=user,
        action="registry.person.read",
        object_type=PERSON_OBJECT,
        object_id=person.pk,
        purpose=str(purpose),
        remote_addr=remote_addr,
        details=details,
    )


def _check_purpose(purpose: str) -> str:
    if not purpose or not str(purpose).strip():
        raise AccessDenied(M.PURPOSE_REQUIRED)
    return str(purpose)


def _record_refusal(user: Any, object_id: str | int, purpose: str, remote_addr: str) -> None:
    """Refused attempts are audited too (never with an IIN, which must not outlive anonymisation)."""
    do_record_event(
        actor=user,
        action="registry.person.refused",
        object_type=PERSON_OBJECT,
        object_id=object_id,
        purpose=str(purpose),
        remote_addr=remote_addr,
    )


def access_person(user: Any, person_id: int, *, purpose: str, remote_addr: str) -> Person:
    """Load one person for the user, or raise NotFoundForUser (404) / AccessDenied (403); audits the read."""
    _check_purpose(purpose)
    try:
        person, grant = _load(user, Q(pk=person_id))
    except NotFoundForUser:
        _record_refusal(user, person_id, purpose, remote_addr)
        raise
    _record_read(user, person, grant, purpose, remote_addr)
    return person


def access_person_by_iin(user: Any, iin: str, *, purpose: str, remote_addr: str) -> Person:
    """The same gate keyed by IIN (the lookup a physician does at the desk)."""
    _check_purpose(purpose)
    try:
        person, grant = _load(user, Q(iin=iin))
    except NotFoundForUser:
        _record_refusal(user, "iin", purpose, remote_addr)
        raise
    _record_read(user, person, grant, purpose, remote_addr)
    return person


def access_registration(user: Any, registration_id: int, *, purpose: str, remote_addr: str) -> Registration:
    """Load a registration through its person's gate (same refusals, same audit row)."""
    _check_purpose(purpose)
    person_id = Registration.objects.filter(pk=registration_id).values_list("person_id", flat=True).first()
    if person_id is None:
        require(user, Capability.READ_PERSON)
        raise NotFoundForUser("registration")
    try:
        person = access_person(user, person_id, purpose=purpose, remote_addr=remote_addr)
    except NotFoundForUser as exc:
        raise NotFoundForUser("registration") from exc
    return Registration.objects.select_related("diagnosis", "facility").get(pk=registration_id, person=person)


def person_exists_for_report(user: Any, person_id: int) -> Person:
    """The access report: clinical roles within scope, and the administrator (who sees only the report)."""
    profile = require(user, Capability.ACCESS_REPORT)
    if profile.role == Role.ADMIN:
        person = Person.objects.filter(pk=person_id).first()
        if person is None:
            raise NotFoundForUser()
        return person
    person, _grant = _load(user, Q(pk=person_id))
    ensure_in_scope(user, person, grant_opens=False)  # who else saw the record is no emergency need
    return person


def record_report_view(user: Any, person: Person, *, remote_addr: str) -> None:
    """Reading the access report is itself recorded against the person."""
    do_record_event(
        actor=user,
        action="registry.person.access_report",
        object_type=PERSON_OBJECT,
        object_id=person.pk,
        purpose=Purpose.ACCESS_REPORT,
        remote_addr=remote_addr,
    )


def record_people_shown(user: Any, people: list[Person], *, purpose: str, remote_addr: str) -> None:
    """A page that lists people (search results, a worklist) is a read of each person listed: one row each."""
    _check_purpose(purpose)
    with transaction.atomic():
        for person in people:
            _record_read(user, person, None, purpose, remote_addr)


def find_people(
    user: Any,
    *,
    name: str = "",
    birth_date: date | None = None,
    document: str = "",
    remote_addr: str,
    limit: int = 20,
) -> list[Person]:
    """People of the user's ordinary scope by name (fuzzy, either script), birth date and/or document number.

    Search never widens scope (a grant opens one person by IIN, not a search), and every person in the answer is
    recorded as read with the purpose "search".
    """
    require(user, Capability.READ_PERSON)
    people = people_in_scope(user).filter(anonymised=False)
    if birth_date is not None:
        people = people.filter(birth_date=birth_date)
    if document.strip():
        people = people.filter(document_number__iexact=document.strip())
    if name.strip():
        found = search_people(people, name, limit=limit)
    else:
        found = list(people.order_by("last_name", "first_name", "id")[:limit])
    record_people_shown(user, found, purpose=Purpose.SEARCH, remote_addr=remote_addr)
    return found
