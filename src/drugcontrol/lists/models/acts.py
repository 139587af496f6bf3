"""The legal acts (decrees, orders, laws) that set, amend or exclude list entries."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from drugcontrol.lists.models.jurisdictions import Jurisdiction


class LegalAct(models.Model):
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="acts")
    number = models.CharField(_("number"), max_length=60)
    title = models.TextField(_("title"), blank=True)
    title_en = models.TextField(_("title (English)"), blank=True)
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["jurisdiction", "in_force_from", "number"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "number"], name="unique_act_number")]
        verbose_name = _("legal act")
        verbose_name_plural = _("legal acts")

    def __str__(self) -> str:
        signed = f" of {self.signed_on:%d.%m.%Y}" if self.signed_on else ""
        return f"{self.jurisdiction_id} No. {self.number}{signed}"
