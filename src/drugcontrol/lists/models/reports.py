"""Expert reports: the numbered, stored record of one assessment, as it was printed and signed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from drugcontrol.lists.models.jurisdictions import Jurisdiction


class ReportSequence(models.Model):
    """The last report number given per jurisdiction and year (numbers never repeat or go back)."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "year"], name="unique_report_sequence")]
        verbose_name = _("report number sequence")
        verbose_name_plural = _("report number sequences")

    def __str__(self) -> str:
        return f"{self.jurisdiction_id}-{self.year}: {self.last}"


class ExpertReport(models.Model):
    """One report: its number, who made it, the input and its hash, and the content exactly as printed."""

    number = models.CharField(_("report number"), max_length=40, unique=True)
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="reports")
    as_of = models.DateField(_("list as of"))
    list_revision = models.CharField(_("list revision"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    input_text = models.TextField(_("structure as given"))
    input_sha256 = models.CharField(_("SHA-256 of the input"), max_length=64, db_index=True)
    verdict = models.CharField(_("verdict"), max_length=20, db_index=True)
    software_version = models.CharField(_("software version"), max_length=40)
    content = models.JSONField(_("content"), default=dict)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("expert report")
        verbose_name_plural = _("expert reports")

    def __str__(self) -> str:
        return f"{self.number} ({self.verdict})"
