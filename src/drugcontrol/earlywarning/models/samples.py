"""Samples and reference standards exchanged with partners, and their chain of custody."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SampleTransfer(models.Model):
    class Direction(models.TextChoices):
        SENT = "sent", _("sent")
        RECEIVED = "received", _("received")

    class Kind(models.TextChoices):
        SAMPLE = "sample", _("sample")
        REFERENCE = "reference", _("reference standard")

    notification = models.ForeignKey(
        "earlywarning.Notification", null=True, blank=True, on_delete=models.PROTECT, related_name="samples"
    )
    substance = models.CharField(_("substance"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SAMPLE)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    sender = models.CharField(_("from"), max_length=300)
    recipient = models.CharField(_("to"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=10, default="mg")
    confirmed_by = models.CharField(_("laboratory that confirmed it"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("sample transfer")
        verbose_name_plural = _("sample transfers")

    def __str__(self) -> str:
        return f"{self.substance} {self.quantity} {self.unit} {self.sender} → {self.recipient}"


class CustodyEvent(models.Model):
    class Event(models.TextChoices):
        PACKED = "packed", _("packed and sealed")
        DISPATCHED = "dispatched", _("dispatched")
        RECEIVED = "received", _("received, seal intact")
        SEAL_BROKEN = "seal_broken", _("received, seal broken")
        ANALYSED = "analysed", _("analysed")
        STORED = "stored", _("stored")
        DESTROYED = "destroyed", _("destroyed")

    transfer = models.ForeignKey(SampleTransfer, on_delete=models.PROTECT, related_name="custody")
    event = models.CharField(_("event"), max_length=12, choices=Event.choices)
    at = models.DateTimeField(_("at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    person = models.CharField(_("person"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["transfer", "at", "id"]
        verbose_name = _("custody event")
        verbose_name_plural = _("custody events")

    def __str__(self) -> str:
        return f"{self.transfer_id} {self.event} {self.at:%Y-%m-%d %H:%M}"
