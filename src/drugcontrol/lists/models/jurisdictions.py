"""Whose list: Kazakhstan's, and foreign lists kept for reference and exchange."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from drugcontrol.languages import name_in_reader_language


class Jurisdiction(models.Model):
    code = models.CharField(_("code"), max_length=8, primary_key=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120, blank=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=120, blank=True)
    tables = models.JSONField(
        _("tables"),
        default=list,
        blank=True,
        help_text=_("The table or schedule labels this list uses; imports refuse any other label."),
    )

    amendment_grounds = models.CharField(
        _("grounds to add to Kazakhstan's list"),
        max_length=8,
        choices=[("none", _("none")), ("eaeu", _("EAEU member state")), ("un", _("UN schedules"))],
        default="none",
        help_text=_("Whether control here is grounds to add a substance to Kazakhstan's list (Law 279 art. 2 p. 1-1)."),
    )

    revision = models.CharField(
        _("revision"),
        max_length=32,
        blank=True,
        help_text=_("A new random token on every change to this list; caches of the list key on it."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def name(self) -> str:
        return name_in_reader_language(self, "name_en")
