"""A case: one site followed from its detection to the blocking decision and the re-checks after it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Case(models.Model):
    class Status(models.TextChoices):
        DETECTED = "detected", _("detected")
        REVIEWED = "reviewed", _("reviewed")
        DEMAND_SENT = "demand_sent", _("demand sent")
        BLOCKED = "blocked", _("blocked")
        RECHECKED = "rechecked", _("re-checked")
        CLOSED = "closed", _("closed (no offer)")

    class BlockType(models.TextChoices):
        DOMAIN = "domain", _("domain")
        URL = "url", _("URL")
        IP = "ip", _("IP address")

    number = models.CharField(_("number"), max_length=30, unique=True)
    site = models.ForeignKey("monitoring.Site", models.PROTECT, related_name="cases")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DETECTED)
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    due_at = models.DateTimeField(_("next step due"), null=True, blank=True)
    score = models.FloatField(_("offer score"), default=0.0)
    fetches = models.ManyToManyField("monitoring.Fetch", related_name="cases", verbose_name=_("evidence"))
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    block_type = models.CharField(_("block type"), max_length=6, choices=BlockType.choices, blank=True)
    urls = models.JSONField(_("URLs to block"), default=list)
    domains = models.JSONField(_("domains to block"), default=list)
    ips = models.JSONField(_("IP addresses to block"), default=list)
    blocked_at = models.DateTimeField(_("blocked at"), null=True, blank=True)
    alive_again = models.BooleanField(_("alive again"), default=False)
    recheck_note = models.CharField(_("re-check result"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.number


class CaseStep(models.Model):
    """One step of a case's workflow, who took it and when, with the deadline it set for the next."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="steps")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True)
    due_at = models.DateTimeField(_("next step due"), null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]
