"""Samples and reference standards sent to and received from partners, with their chain of custody."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from drugcontrol.audit.actions import acting_user, do_record_event
from drugcontrol.earlywarning.models import CustodyEvent, Notification, SampleTransfer


def do_record_transfer(
    *,
    substance: str,
    direction: str,
    sender: str,
    recipient: str,
    quantity: Decimal,
    unit: str = "mg",
    kind: str = SampleTransfer.Kind.SAMPLE,
    notification: Notification | None = None,
    actor: Any,
    remote_addr: str = "",
) -> SampleTransfer:
    with transaction.atomic():
        transfer = SampleTransfer.objects.create(
            notification=notification,
            substance=substance,
            kind=kind,
            direction=direction,
            sender=sender,
            recipient=recipient,
            quantity=quantity,
            unit=unit,
            created_at=timezone.now(),
        )
        do_record_event(
            actor=actor,
            action="warning.sample",
            object_type="sample",
            object_id=transfer.pk,
            remote_addr=remote_addr,
            details={
                "notification": notification.pk if notification is not None else None,
                "substance": substance,
                "direction": direction,
                "quantity": str(quantity),
                "unit": unit,
                "from": sender,
                "to": recipient,
            },
        )
    return transfer


def do_record_custody(
    transfer: SampleTransfer,
    *,
    event: str,
    at: datetime | None = None,
    place: str = "",
    person: str = "",
    note: str = "",
    confirmed_by: str = "",
    actor: Any,
    remote_addr: str = "",
) -> CustodyEvent:
    """One link of the chain of custody; an analysis may name the laboratory that confirmed the substance."""
    with transaction.atomic():
        custody = CustodyEvent.objects.create(
            transfer=transfer,
            event=event,
            at=at or timezone.now(),
            place=place,
            person=person,
            note=note,
            recorded_by=acting_user(actor),
        )
        if event == CustodyEvent.Event.ANALYSED and confirmed_by:
            transfer.confirmed_by = confirmed_by
            transfer.save(update_fields=["confirmed_by"])
        do_record_event(
            actor=actor,
            action="warning.custody",
            object_type="sample",
            object_id=transfer.pk,
            remote_addr=remote_addr,
            details={"event": event, "at": custody.at.isoformat(), "place": place, "person": person},
        )
    return custody
