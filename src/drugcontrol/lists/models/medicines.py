"""The register of medicines: active substances registered for medical use, with their dates.

The expertise methodology exempts the active substance of a medicine registered on the date from being
made an analogue (``expertise.medicines``). Imported like a list (``drugcontrol medicines import``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegisteredMedicine(models.Model):
    inn = models.CharField(_("INN"), max_length=200)
    trade_name = models.CharField(_("trade name"), max_length=200, blank=True)
    names = models.JSONField(_("other names"), default=list, blank=True)
    smiles = models.TextField(_("structure (SMILES)"))
    structure_key = models.CharField(
        _("structure key"),
        max_length=14,
        db_index=True,
        help_text=_("First block of the InChIKey of the standardized active substance."),
    )
    registration_number = models.CharField(_("registration number"), max_length=64)
    registered_from = models.DateField(_("registered from"))
    registered_to = models.DateField(_("registered to"), null=True, blank=True)

    class Meta:
        ordering = ["inn", "registration_number"]
        verbose_name = _("registered medicine")
        verbose_name_plural = _("registered medicines")
        constraints = [
            models.UniqueConstraint(fields=["registration_number"], name="medicine_registration_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.inn} ({self.registration_number})"
