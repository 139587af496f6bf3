"""Samples and reference standards exchanged with partners: the list, recording a transfer, and its chain of
custody (each event a form under the transfer). Thin: access first, then one action."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drugcontrol.earlywarning import access
from drugcontrol.earlywarning.actions.samples import do_record_custody, do_record_transfer
from drugcontrol.earlywarning.models import CustodyEvent, Notification, SampleTransfer
from drugcontrol.http import client_ip, page_errors


class TransferForm(forms.ModelForm):
    """The fields of `do_record_transfer`; the notification is given by its number on the coverage page."""

    notification_id = forms.IntegerField(label=_("Notification number"), required=False, min_value=1)

    class Meta:
        model = SampleTransfer
        fields = ["substance", "kind", "direction", "sender", "recipient", "quantity", "unit"]

    def clean_quantity(self):  # type: ignore[no-untyped-def]
        quantity = self.cleaned_data["quantity"]
        if quantity is not None and quantity <= 0:
            raise forms.ValidationError(_("The quantity must be more than zero."), code="not_positive")
        return quantity

    def clean_notification_id(self) -> Notification | None:
        number = self.cleaned_data.get("notification_id")
        if number is None:
            return None
        notification = Notification.objects.filter(pk=number).first()
        if notification is None:
            raise forms.ValidationError(_("There is no notification with this number."), code="unknown")
        return notification


class CustodyForm(forms.ModelForm):
    """One link of the chain of custody (`do_record_custody`)."""

    confirmed_by = forms.CharField(
        label=_("Laboratory that confirmed it"),
        required=False,
        max_length=300,
        help_text=_("With the event “analysed”: the laboratory that confirmed the substance."),
    )

    class Meta:
        model = CustodyEvent
        fields = ["event", "at", "place", "person", "note"]
        widgets = {
            "at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "note": forms.Textarea({"rows": 2}),
        }

    def clean_at(self):  # type: ignore[no-untyped-def]
        at = self.cleaned_data["at"]
        if at is not None and at > timezone.now():
            raise forms.ValidationError(_("The time is in the future."), code="future")
        return at


@login_required
@page_errors
def samples_page(request: HttpRequest) -> HttpResponse:
    access.require(request.user, remote_addr=client_ip(request), what="samples")
    form = TransferForm(prefix="transfer")
    if request.method == "POST":
        access.require(request.user, manage=True, remote_addr=client_ip(request), what="samples")
        form = TransferForm(request.POST, prefix="transfer")
        if form.is_valid():
            data = dict(form.cleaned_data)
            notification = data.pop("notification_id")
            transfer = do_record_transfer(
                **data, notification=notification, actor=request.user, remote_addr=client_ip(request)
            )
            return redirect("warning:sample", transfer_id=transfer.pk)
    transfers = list(SampleTransfer.objects.select_related("notification").prefetch_related("custody")[:200])
    for transfer in transfers:
        transfer.last_event = (list(transfer.custody.all()) or [None])[-1]  # type: ignore[attr-defined]
    return render(
        request,
        "earlywarning/samples.html",
        {"form": form, "transfers": transfers, "may_manage": access.may_manage(request.user)},
    )


@login_required
@page_errors
def sample_page(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = access.access_sample(request.user, transfer_id, remote_addr=client_ip(request))
    form = CustodyForm(initial={"at": timezone.localtime().replace(second=0, microsecond=0)})
    if request.method == "POST":
        access.require(request.user, manage=True, remote_addr=client_ip(request), what=f"sample {transfer_id}")
        form = CustodyForm(request.POST)
        if form.is_valid():
            do_record_custody(transfer, **form.cleaned_data, actor=request.user, remote_addr=client_ip(request))
            return redirect("warning:sample", transfer_id=transfer.pk)
    return render(
        request,
        "earlywarning/sample.html",
        {
            "t": transfer,
            "events": transfer.custody.select_related("recorded_by"),
            "form": form,
            "may_manage": access.may_manage(request.user),
        },
    )
