"""Thin views: check the form, go through the access gate or one action, render. Refusals become 404/403 pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from drugcontrol.http import attachment, client_ip, page_errors
from drugcontrol.messages import render as render_message
from drugcontrol.registry import access
from drugcontrol.registry import messages as M
from drugcontrol.registry.access import Capability, Purpose
from drugcontrol.registry.actions import (
    break_glass,
    duplicates,
    observations,
    people,
    police_checks,
    proposals,
    registrations,
)
from drugcontrol.registry.actions.access_reports import do_read_access_report
from drugcontrol.registry.actions.presence import PresenceDisclosed, do_disclose_presence
from drugcontrol.registry.errors import NotFoundForUser, RateLimited, RegistryError
from drugcontrol.registry.forms import (
    BreakGlassForm,
    DeregistrationForm,
    DrugTestForm,
    LookupForm,
    MergeForm,
    OstDoseForm,
    PersonForm,
    PersonSearchForm,
    PoliceCheckForm,
    RegistrationForm,
    ReviewForm,
    TransferForm,
    TreatmentForm,
    VisitForm,
)
from drugcontrol.registry.models import Person
from drugcontrol.spreadsheet_safety import csv_text


def registry_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Login required; the registry's errors answered by the one table of `drugcontrol.http` (404 and 403 pages the
    same for every object, input refused outside a form 400, a limit 429)."""
    return login_required(page_errors(view))


def _form_error(form: forms.Form, exc: RegistryError | RateLimited) -> None:
    """The refusal under its field, the field named by its label in the reader's language (not `visited_on`)."""
    field = getattr(exc, "field", "")
    if field in form.fields:
        label = form.fields[field].label or field
        params = {**exc.params, "field": str(label)} if "field" in exc.params else exc.params
        form.add_error(field, render_message(exc.code, params, _))
    else:
        form.add_error(None, exc.render(_))


def _posted_id(request: HttpRequest, name: str) -> int:
    """An id posted by a form button; anything but a number is a bad request (400), never a server error."""
    value = request.POST.get(name, "")
    if not value.isascii() or not value.isdigit():
        raise RegistryError(M.RECORD_NUMBER, field=name, value=value[:40])
    return int(value)


def _card_context(person: Person) -> dict[str, Any]:
    return {
        "person": person,
        "registrations": person.registrations.select_related("diagnosis", "facility", "physician").prefetch_related(
            "status_changes"
        ),
        "visits": person.visits.select_related("facility")[:50],
        "drug_tests": person.drug_tests.all()[:50],
        "treatments": person.treatments.select_related("facility"),
        "ost_doses": person.ost_doses.all()[:30],
        "transfers": person.transfers.select_related("from_facility", "to_facility"),
    }


def _home_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    profile = access.profile_of(request.user)
    caps = access.ROLE_CAPABILITIES.get(profile.role, frozenset())
    context: dict[str, Any] = {
        "profile": profile,
        "caps": {c.value for c in caps},
        "lookup_form": LookupForm(),
        "search_form": PersonSearchForm(),
    }
    context.update(extra)
    return context


@registry_view
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "registry/home.html", _home_context(request))


@registry_view
@require_POST
def lookup(request: HttpRequest) -> HttpResponse:
    """Lookup by IIN (a POST keeps the IIN out of URLs and server logs), then a redirect to the card (reloadable).

    An IIN of nobody in the user's scope: the presence of the person on the register is a recorded, counted
    disclosure (`presence`), answered with what to do next (emergency access, a transfer) or "not on the register".
    """
    form = LookupForm(request.POST)
    context = _home_context(request, lookup_form=form)
    if not form.is_valid():
        return render(request, "registry/home.html", context, status=400)
    iin = form.cleaned_data["iin"]
    try:
        person = access.access_person_by_iin(request.user, iin, purpose=Purpose.LOOKUP, remote_addr=client_ip(request))
    except NotFoundForUser:
        try:
            found = do_disclose_presence(
                [iin], actor=request.user, purpose=Purpose.LOOKUP, remote_addr=client_ip(request)
            )
        except RateLimited as exc:
            form.add_error("iin", exc.render(_))
            return render(request, "registry/home.html", context, status=429)
        if iin in found:
            context["presence"] = found[iin]
            context["break_glass_form"] = BreakGlassForm(initial={"iin": iin})
        else:
            form.add_error("iin", _("Nobody with this IIN is on the register."))
            context["offer_new"] = True
        return render(request, "registry/home.html", context)
    return redirect(reverse("registry:person", args=[person.pk]) + "?purpose=lookup")


@registry_view
def person_search(request: HttpRequest) -> HttpResponse:
    """People of the user's scope by name, birth date or document; the query stays out of the server logs."""
    access.require(request.user, Capability.READ_PERSON)
    form = PersonSearchForm(request.GET or None)
    found: list[Person] | None = None
    if form.is_bound and form.is_valid():
        try:
            found = access.find_people(
                request.user,
                name=form.cleaned_data["name"],
                birth_date=form.cleaned_data["birth_date"],
                document=form.cleaned_data["document"],
                remote_addr=client_ip(request),
            )
        except RegistryError as exc:
            _form_error(form, exc)
    return render(request, "registry/search.html", {"form": form, "found": found})


@registry_view
def person_card(request: HttpRequest, person_id: int) -> HttpResponse:
    purpose = access.check_stated_purpose(request.user, request.GET.get("purpose") or Purpose.CARE)
    person = access.access_person(request.user, person_id, purpose=purpose, remote_addr=client_ip(request))
    return render(request, "registry/person.html", _card_context(person))


def _submit(
    request: HttpRequest,
    form: forms.Form,
    context: dict[str, Any],
    perform: Callable[[], Person],
    done: str,
    *,
    then: str = "",
) -> HttpResponse:
    """Run the action on a valid POST: success → the person's card (or the page `then` names); a refusal → the form
    again with its message (and, for an IIN already on the register, the recorded disclosure's offer)."""
    if request.method == "POST" and form.is_valid():
        try:
            person = perform()
        except PresenceDisclosed as exc:
            _form_error(form, exc)
            context["presence"] = exc.presence
        except (RegistryError, RateLimited) as exc:
            _form_error(form, exc)
        else:
            messages.success(request, done)
            return redirect(then) if then else redirect("registry:person", person_id=person.pk)
    return render(request, "registry/form.html", context)


@registry_view
def person_new(request: HttpRequest) -> HttpResponse:
    access.require(request.user, Capability.EDIT_PERSON)
    form = PersonForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "title": _("New person"), "multipart": False}

    def perform() -> Person:
        data = people.PersonData(**form.cleaned_data)
        return people.do_create_person(data, actor=request.user, remote_addr=client_ip(request))

    return _submit(request, form, context, perform, _("The person was recorded."))


def _person_action(
    request: HttpRequest,
    person_id: int,
    *,
    form_class: type[forms.Form],
    purpose: Purpose,
    title: str,
    perform: Callable[[Person, dict[str, Any]], object],
    initial: Callable[[Person], dict[str, Any]] | None = None,
) -> HttpResponse:
    person = access.access_person(request.user, person_id, purpose=purpose, remote_addr=client_ip(request))
    if request.method == "POST":
        form = form_class(request.POST)
    else:
        form = form_class(initial=initial(person) if initial else None)
    context: dict[str, Any] = {"form": form, "title": title, "person": person}

    def run() -> Person:
        perform(person, form.cleaned_data)
        return person

    return _submit(request, form, context, run, _("Saved."))


@registry_view
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    def perform(person: Person, data: dict[str, Any]) -> object:
        values = {k: v for k, v in data.items() if k != "facility"}
        return people.do_update_person(person, values, actor=request.user, remote_addr=client_ip(request))

    def initial(person: Person) -> dict[str, Any]:
        values = {k: getattr(person, k) for k in PersonForm().fields if hasattr(person, k)}
        values.update(region=person.region_id, facility=person.facility.code, iin=person.iin or "")
        return values

    return _person_action(
        request,
        person_id,
        form_class=PersonForm,
        purpose=Purpose.EDIT,
        title=_("Edit person"),
        perform=perform,
        initial=initial,
    )


def _simple(action: Callable[..., object], title: Any, form_class: type[forms.Form], purpose: Purpose):
    @registry_view
    def view(request: HttpRequest, person_id: int) -> HttpResponse:
        return _person_action(
            request,
            person_id,
            form_class=form_class,
            purpose=purpose,
            title=str(title),
            perform=lambda person, data: action(person, **data, actor=request.user, remote_addr=client_ip(request)),
        )

    return view


register = _simple(registrations.do_register_person, gettext_lazy("Register"), RegistrationForm, Purpose.REGISTRATION)
visit = _simple(observations.do_record_visit, gettext_lazy("Visit"), VisitForm, Purpose.CARE)
drug_test = _simple(observations.do_record_drug_test, gettext_lazy("Drug test"), DrugTestForm, Purpose.CARE)
treatment = _simple(observations.do_start_treatment, gettext_lazy("Treatment"), TreatmentForm, Purpose.CARE)
ost_dose = _simple(observations.do_record_ost_dose, gettext_lazy("Substitution dose"), OstDoseForm, Purpose.CARE)


@registry_view
def transfer(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access.access_person(request.user, person_id, purpose=Purpose.TRANSFER, remote_addr=client_ip(request))
    form = TransferForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "title": _("Transfer"), "person": person}

    def perform() -> Person:
        registrations.do_transfer_person(
            person,
            to_facility=form.cleaned_data["to_facility"].code,
            transferred_on=form.cleaned_data["transferred_on"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
            remote_addr=client_ip(request),
        )
        return person

    # The record now belongs to the new facility, perhaps outside the user's scope: back home, not to the card.
    done = _("Transferred: the record is now in the care of the new facility.")
    return _submit(request, form, context, perform, done, then="registry:home")


@registry_view
def deregister(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = access.access_registration(
        request.user, registration_id, purpose=Purpose.DEREGISTRATION, remote_addr=client_ip(request)
    )
    form = DeregistrationForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "title": _("Deregistration"), "person": registration.person}

    def perform() -> Person:
        registrations.do_deregister(
            registration, **form.cleaned_data, actor=request.user, remote_addr=client_ip(request)
        )
        return registration.person

    return _submit(request, form, context, perform, _("Deregistered."))


@registry_view
def person_access_report(request: HttpRequest, person_id: int) -> HttpResponse:
    person, lines = do_read_access_report(request.user, person_id, remote_addr=client_ip(request))
    return render(request, "registry/access_report.html", {"person_id": person.pk, "lines": lines})


@registry_view
def break_glass_page(request: HttpRequest) -> HttpResponse:
    access.require(request.user, Capability.BREAK_GLASS)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant = break_glass.do_break_glass(
                iin=form.cleaned_data["iin"].strip(),
                reason=form.cleaned_data["reason"],
                actor=request.user,
                remote_addr=client_ip(request),
            )
        except RegistryError as exc:
            _form_error(form, exc)
        else:
            messages.warning(
                request,
                _("Emergency access granted until %(time)s. The regional chief will review it.")
                % {"time": timezone.localtime(grant.expires_at).strftime("%H:%M")},
            )
            return redirect(f"/registry/people/{grant.person_id}/?purpose=break_glass")
    return render(request, "registry/form.html", {"form": form, "title": _("Emergency access (break the glass)")})


@registry_view
def break_glass_review(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ReviewForm(request.POST)
        grant_id = _posted_id(request, "grant")
        if form.is_valid():
            try:
                break_glass.do_review_break_glass(
                    grant_id,
                    note=form.cleaned_data["note"],
                    actor=request.user,
                    remote_addr=client_ip(request),
                )
            except RegistryError as exc:
                messages.error(request, exc.render(_))
        return redirect("registry:break_glass_review")
    grants = break_glass.grants_to_review(request.user)
    return render(request, "registry/break_glass_review.html", {"grants": grants, "form": ReviewForm()})


@registry_view
def duplicate_list(request: HttpRequest) -> HttpResponse:
    """Names, birth dates and IINs of both people of each pair: shown only after a read row for each person."""
    found = duplicates.do_open_candidates_for_review(request.user, remote_addr=client_ip(request))
    return render(request, "registry/duplicates.html", {"candidates": found})


#: The fields compared side by side before a merge (the differing ones are marked).
COMPARED = (
    "full_name",
    "full_name_latin",
    "birth_date",
    "sex",
    "iin",
    "document_number",
    "region",
    "facility",
    "address",
    "phone",
)


def _compare_page(request: HttpRequest, candidate: Any, form: forms.Form, status: int = 200) -> HttpResponse:
    """Both records of a pair side by side (each one a recorded read for the duplicate review)."""
    a, b = candidate.person_a, candidate.person_b
    access.record_people_shown(request.user, [a, b], purpose=Purpose.DUPLICATE_REVIEW, remote_addr=client_ip(request))
    rows = []
    for name in COMPARED:
        label = (
            Person._meta.get_field(name).verbose_name
            if name not in ("full_name", "full_name_latin")
            else (_("full name") if name == "full_name" else _("full name (Latin)"))
        )
        left, right = getattr(a, name), getattr(b, name)
        shown_left = a.get_sex_display() if name == "sex" else left
        shown_right = b.get_sex_display() if name == "sex" else right
        rows.append({"label": label, "a": shown_left, "b": shown_right, "differs": left != right})
    counts = {
        person.pk: {"registrations": person.registrations.count(), "visits": person.visits.count()} for person in (a, b)
    }
    context = {"candidate": candidate, "rows": rows, "form": form, "counts_a": counts[a.pk], "counts_b": counts[b.pk]}
    return render(request, "registry/duplicate_compare.html", context, status=status)


@registry_view
def duplicate_compare(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = duplicates.load_candidate(request.user, candidate_id)
    return _compare_page(request, candidate, MergeForm(candidate=candidate))


@registry_view
@require_POST
def duplicate_merge(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """The merge confirmed on the comparison page; a refusal (e.g. no reason for different birth dates) shows it
    again with the message under its field."""
    candidate = duplicates.load_candidate(request.user, candidate_id)
    _posted_id(request, "keep")  # anything but a record number is a bad request with its message
    form = MergeForm(request.POST, candidate=candidate)
    if not form.is_valid():
        return _compare_page(request, candidate, form, status=400)
    try:
        merge = duplicates.do_merge_people(
            candidate,
            keep=form.cleaned_data["keep"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
            remote_addr=client_ip(request),
        )
    except RegistryError as exc:
        _form_error(form, exc)
        return _compare_page(request, candidate, form, status=400)
    messages.success(request, _("Merged. The merge can be undone."))
    return render(request, "registry/merged.html", {"merge": merge})


@registry_view
@require_POST
def duplicate_dismiss(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = duplicates.load_candidate(request.user, candidate_id)
    try:
        duplicates.do_dismiss_candidate(candidate, actor=request.user, remote_addr=client_ip(request))
    except RegistryError as exc:
        messages.error(request, exc.render(_))
    return redirect("registry:duplicates")


@registry_view
@require_POST
def merge_undo(request: HttpRequest, merge_id: int) -> HttpResponse:
    merge = duplicates.load_merge(request.user, merge_id)
    try:
        duplicates.do_undo_merge(merge, actor=request.user, remote_addr=client_ip(request))
    except RegistryError as exc:
        messages.error(request, exc.render(_))
    else:
        messages.success(request, _("The merge was undone."))
    return redirect("registry:duplicates")


@registry_view
def proposal_list(request: HttpRequest) -> HttpResponse:
    found = proposals.proposals_for(request.user, timezone.localdate())
    return render(request, "registry/proposals.html", {"proposals": found})


#: Above this many answers the page sends a CSV file instead of a table (the CSV can also be asked for).
CSV_FROM = 1000


@registry_view
def police_check(request: HttpRequest) -> HttpResponse:
    access.require(request.user, Capability.POLICE_CHECK)
    form = PoliceCheckForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        iins = [line.strip() for line in form.cleaned_data["iins"].splitlines() if line.strip()]
        if form.cleaned_data["file"] is not None:
            try:
                iins += police_checks.parse_iin_file(form.cleaned_data["file"].read())
            except RegistryError as exc:
                _form_error(form, exc)  # nothing is checked, nothing disclosed: the whole request is refused
                return render(request, "registry/police_check.html", context)
        try:
            result = police_checks.do_police_check(
                iins,
                basis=form.cleaned_data["basis"],
                request_number=form.cleaned_data["request_number"],
                actor=request.user,
                remote_addr=client_ip(request),
            )
        except RateLimited as exc:
            form.add_error(None, exc.render(_))
        except RegistryError as exc:
            _form_error(form, exc)
        else:
            if len(result.answers) > CSV_FROM or request.POST.get("download") == "csv":
                return _answers_csv(result)
            context["result"] = result
    return render(request, "registry/police_check.html", context)


def _answers_csv(result: police_checks.CheckResult) -> HttpResponse:
    rows = [[a.iin, int(a.valid), int(a.on_register), a.since or ""] for a in result.answers]
    text = csv_text([["iin", "valid", "on_register", "since"], *rows])
    return attachment(text, filename=f"police-check-{result.request.pk}.csv")
