"""Reference libraries of known new psychoactive substances: catalogues, monographs, notifications.

An entry found for a compound that Kazakhstan's law does not reach makes it ``suspected`` (reason
``known_nps``, naming the library and entry). Imported with ``drugcontrol nps-libraries import``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class KnownSubstance(models.Model):
    library = models.CharField(_("library"), max_length=64, db_index=True)
    entry = models.CharField(_("entry"), max_length=300)
    name = models.CharField(_("name"), max_length=300, blank=True)
    smiles = models.TextField(_("structure (SMILES)"))
    structure_key = models.TextField(
        _("structure key"), help_text=_("Canonical SMILES of the standardized structure without stereo.")
    )
    first_seen = models.DateField(_("first seen"), null=True, blank=True)

    class Meta:
        ordering = ["library", "entry"]
        verbose_name = _("known new psychoactive substance")
        verbose_name_plural = _("known new psychoactive substances")

    def __str__(self) -> str:
        return f"{self.library}: {self.entry}"
