"""Candidate duplicates (found by name key and birth date), reviewed by a regional chief; merges are undoable."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from drugcontrol.registry import messages as M
from drugcontrol.registry.access import Capability, Purpose, ensure_in_scope, require
from drugcontrol.registry.actions.common import record_change
from drugcontrol.registry.configuration import duplicate_threshold
from drugcontrol.registry.errors import NotFoundForUser, RegistryError
from drugcontrol.registry.matching import NameAndBirth, score_pair
from drugcontrol.registry.models import (
    DrugTest,
    DuplicateCandidate,
    Merge,
    OstDose,
    Person,
    Registration,
    TreatmentEpisode,
    Visit,
)
from drugcontrol.registry.statistics.counts import refresh_register_counts

#: Records that follow the person in a merge, by name in `Merge.moved`.
MOVABLE = {
    "registrations": Registration,
    "visits": Visit,
    "drug_tests": DrugTest,
    "treatments": TreatmentEpisode,
    "ost_doses": OstDose,
}
#: Fields of the kept record filled from the merged one when the kept one is empty.
FILLABLE = ("iin", "document_type", "document_number", "patronymic", "patronymic_latin", "address", "phone", "email")


def _as_match(person: Person) -> NameAndBirth:
    return NameAndBirth(person.last_name, person.first_name, person.patronymic, person.birth_date)


def _blocking_query(person: Person) -> Q:
    """Who can be a candidate at all: same birth date, or same birth year with a last name key that starts alike."""
    query = Q(birth_date=person.birth_date)
    prefix = person.name_key[:3]
    if prefix:
        query |= Q(birth_year=person.birth_year, name_key__startswith=prefix)
    return query


def record_candidates_for(person: Person) -> list[DuplicateCandidate]:
    """Score the person against others of the same block; store pairs above the threshold (once per pair).

    Two different valid IINs are two different people, so such pairs are skipped.
    """
    if person.anonymised or person.birth_date is None:
        return []
    others = (
        Person.objects.filter(_blocking_query(person), anonymised=False, merged_into__isnull=True)
        .exclude(pk=person.pk)
        .only("id", "iin", "last_name", "first_name", "patronymic", "birth_date")[:500]
    )
    found = []
    threshold = duplicate_threshold()
    for other in others:
        if person.iin and other.iin and person.iin != other.iin:
            continue
        match = score_pair(_as_match(person), _as_match(other))
        if match.score < threshold:
            continue
        a, b = sorted((person.pk, other.pk))
        candidate, _created = DuplicateCandidate.objects.get_or_create(
            person_a_id=a, person_b_id=b, defaults={"score": match.score, "reasons": list(match.reasons)}
        )
        found.append(candidate)
    return found


def do_find_duplicates(*, actor: Any) -> int:
    """Scan the whole register (for the command line); returns the number of open candidates afterwards."""
    for person in Person.objects.filter(anonymised=False, merged_into__isnull=True).iterator(chunk_size=2000):
        record_candidates_for(person)
    count = DuplicateCandidate.objects.filter(state=DuplicateCandidate.State.OPEN).count()
    record_change(actor, "registry.duplicates.scan", "", details={"open": count})
    return count


def candidates_for_reviewer(user: Any) -> list[DuplicateCandidate]:
    """Open candidates whose two people are both in the chief's region."""
    profile = require(user, Capability.REVIEW_DUPLICATES)
    return list(
        DuplicateCandidate.objects.filter(
            state=DuplicateCandidate.State.OPEN,
            person_a__facility__region_id=profile.region_id,
            person_b__facility__region_id=profile.region_id,
            person_a__merged_into__isnull=True,
            person_b__merged_into__isnull=True,
        ).select_related("person_a", "person_b")
    )


def do_open_candidates_for_review(user: Any, *, remote_addr: str = "") -> list[DuplicateCandidate]:
    """The open candidates with both people's identity, for the reviewer's page: each person shown gets a read
    row (purpose: duplicate review), like any other opening of a record."""
    found = candidates_for_reviewer(user)
    shown = sorted({pid for c in found for pid in (c.person_a_id, c.person_b_id)})
    with transaction.atomic():
        for person_id in shown:
            record_change(
                user,
                "registry.person.read",
                person_id,
                remote_addr=remote_addr,
                purpose=Purpose.DUPLICATE_REVIEW,
                details={"break_glass": False, "duplicate_review": True},
            )
    return found


def load_candidate(user: Any, candidate_id: int) -> DuplicateCandidate:
    require(user, Capability.REVIEW_DUPLICATES)
    candidate = DuplicateCandidate.objects.select_related("person_a", "person_b").filter(pk=candidate_id).first()
    if candidate is None:
        raise NotFoundForUser("duplicate candidate")
    try:
        ensure_in_scope(user, candidate.person_a, grant_opens=False)
        ensure_in_scope(user, candidate.person_b, grant_opens=False)
    except NotFoundForUser as exc:
        raise NotFoundForUser("duplicate candidate") from exc
    return candidate


def do_dismiss_candidate(candidate: DuplicateCandidate, *, actor: Any, remote_addr: str = "") -> DuplicateCandidate:
    _require_open(candidate, actor)
    with transaction.atomic():
        _close(candidate, DuplicateCandidate.State.DISMISSED, actor=actor)
        _record_on_both(
            (candidate.person_a_id, candidate.person_b_id),
            "registry.duplicate.dismiss",
            actor=actor,
            remote_addr=remote_addr,
            details={"candidate": candidate.pk},
        )
    return candidate


def _require_open(candidate: DuplicateCandidate, actor: Any) -> None:
    require(actor, Capability.REVIEW_DUPLICATES)
    if candidate.state != DuplicateCandidate.State.OPEN:
        raise RegistryError(M.ALREADY_REVIEWED)


def _close(candidate: DuplicateCandidate, state: str, *, actor: Any) -> None:
    candidate.state = state
    candidate.reviewed_by = actor
    candidate.reviewed_at = timezone.now()
    candidate.save(update_fields=["state", "reviewed_by", "reviewed_at"])


def _record_on_both(
    people: tuple[int, int], action: str, *, actor: Any, remote_addr: str, details: dict[str, Any]
) -> None:
    """One audit row on each person's record, so that each one's access report shows the review."""
    for person_id in people:
        record_change(actor, action, person_id, remote_addr=remote_addr, details=details)


def do_merge_people(
    candidate: DuplicateCandidate, *, keep: int, reason: str = "", actor: Any, remote_addr: str = ""
) -> Merge:
    """Move the merged person's records to the kept one and hide the merged one; `Merge` remembers what moved.

    Two records with different birth dates are merged only with a reason (in visible characters), kept in the
    audit rows of the merge."""
    _require_open(candidate, actor)
    if keep not in (candidate.person_a_id, candidate.person_b_id):
        raise RegistryError(M.KEEP_ONE_OF_TWO, field="keep")
    with transaction.atomic():
        kept = Person.objects.select_for_update().get(pk=keep)
        merged_id = candidate.person_b_id if keep == candidate.person_a_id else candidate.person_a_id
        merged = Person.objects.select_for_update().get(pk=merged_id)
        ensure_in_scope(actor, kept, grant_opens=False)
        ensure_in_scope(actor, merged, grant_opens=False)
        if kept.iin and merged.iin and kept.iin != merged.iin:
            raise RegistryError(M.TWO_IINS)
        reason = "".join(ch for ch in reason if ch.isprintable()).strip()
        if kept.birth_date != merged.birth_date and not reason:
            raise RegistryError(M.MERGE_REASON_REQUIRED, field="reason", a=kept.birth_date, b=merged.birth_date)
        moved: dict[str, list[int]] = {}
        for name, model in MOVABLE.items():
            ids = list(model.objects.filter(person=merged).values_list("id", flat=True))
            model.objects.filter(id__in=ids).update(person=kept)
            moved[name] = ids
        kept_before = {field: getattr(kept, field) for field in FILLABLE if not getattr(kept, field)}
        fills = {field: getattr(merged, field) for field in kept_before if getattr(merged, field)}
        merged_iin = merged.iin
        merged.iin = None  # the IIN is unique: free it before the kept record takes it
        merged.merged_into = kept
        merged.save(update_fields=["iin", "merged_into", "updated_at"])
        for field, value in fills.items():
            setattr(kept, field, value)
        kept.save()
        merge = Merge.objects.create(
            kept=kept,
            merged=merged,
            candidate=candidate,
            moved=moved,
            kept_before={"kept": {k: kept_before[k] for k in fills}, "merged_iin": merged_iin},
            actor=actor,
        )
        _close(candidate, DuplicateCandidate.State.MERGED, actor=actor)
        _record_on_both(
            (kept.pk, merged.pk),
            "registry.person.merge",
            actor=actor,
            remote_addr=remote_addr,
            details={"merge": merge.pk, "kept": kept.pk, "merged": merged.pk, "reason": reason},
        )
        refresh_register_counts([kept.pk, merged.pk])
    return merge


def load_merge(user: Any, merge_id: int) -> Merge:
    require(user, Capability.REVIEW_DUPLICATES)
    merge = Merge.objects.select_related("kept").filter(pk=merge_id).first()
    if merge is None:
        raise NotFoundForUser("merge")
    try:
        ensure_in_scope(user, merge.kept, grant_opens=False)
    except NotFoundForUser as exc:
        raise NotFoundForUser("merge") from exc
    return merge


def do_undo_merge(merge: Merge, *, actor: Any, remote_addr: str = "") -> Merge:
    """Move back exactly the records the merge moved, restore both people, reopen the candidate."""
    require(actor, Capability.REVIEW_DUPLICATES)
    if merge.undone_at is not None:
        raise RegistryError(M.MERGE_UNDONE)
    with transaction.atomic():
        kept = Person.objects.select_for_update().get(pk=merge.kept_id)
        merged = Person.objects.select_for_update().get(pk=merge.merged_id)
        ensure_in_scope(actor, kept, grant_opens=False)
        for name, ids in merge.moved.items():
            MOVABLE[name].objects.filter(id__in=ids, person=kept).update(person=merged)
        for field, value in merge.kept_before.get("kept", {}).items():
            setattr(kept, field, value)
        kept.save()
        merged.iin = merge.kept_before.get("merged_iin")
        merged.merged_into = None
        merged.save(update_fields=["iin", "merged_into", "updated_at"])
        merge.undone_at = timezone.now()
        merge.undone_by = actor
        merge.save(update_fields=["undone_at", "undone_by"])
        if merge.candidate_id is not None:
            DuplicateCandidate.objects.filter(pk=merge.candidate_id).update(
                state=DuplicateCandidate.State.OPEN, reviewed_by=None, reviewed_at=None
            )
        _record_on_both(
            (kept.pk, merged.pk),
            "registry.person.unmerge",
            actor=actor,
            remote_addr=remote_addr,
            details={"merge": merge.pk},
        )
        refresh_register_counts([kept.pk, merged.pk])
    return merge
