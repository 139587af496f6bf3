"""Seizures: what was taken, how much, where; and the forensic laboratory's result per exhibit."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from drugcontrol.lists.models import Substance
from drugcontrol.offences.models.cases import Case
from drugcontrol.registry.models import District, Region


class Seizure(models.Model):
    class Form(models.TextChoices):
        DRIED = "dried", _("dried")
        UNDRIED = "undried", _("undried")
        SOLUTION = "solution", _("solution")
        TABLETS = "tablets", _("tablets")
        PLANTS = "plants", _("plants")
        DRY_RESIDUE = "dry_residue", _("dry residue")
        POWDER = "powder", _("powder")
        OTHER = "other", _("other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="seizures")
    exhibit = models.CharField(_("exhibit number"), max_length=40, blank=True)
    substance = models.ForeignKey(
        Substance, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("substance")
    )
    smiles = models.TextField(_("structure (SMILES)"), blank=True)
    substance_label = models.CharField(_("substance as recorded"), max_length=300, blank=True)
    substance_class = models.CharField(_("substance class"), max_length=32, blank=True)
    basis_relation = models.CharField(_("relation to the list"), max_length=16, blank=True)
    inchikey = models.CharField(_("InChIKey"), max_length=27, blank=True, db_index=True)
    """Of the standardised structure seized (`structure_keys.seizure_inchikey`): what early warning counts."""
    form = models.CharField(_("form"), max_length=16, choices=Form.choices, blank=True)
    gross_g = models.DecimalField(_("gross mass, g"), max_digits=14, decimal_places=6, null=True, blank=True)
    net_g = models.DecimalField(_("net mass, g"), max_digits=14, decimal_places=6, null=True, blank=True)
    plants = models.PositiveIntegerField(_("plants"), null=True, blank=True)
    purity_pct = models.DecimalField(_("purity, %"), max_digits=5, decimal_places=2, null=True, blank=True)
    seized_on = models.DateField(_("seized on"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    dead_drop_lat = models.DecimalField(_("dead drop latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    dead_drop_lon = models.DecimalField(_("dead drop longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    size = models.CharField(_("quantity class"), max_length=20, blank=True)

    class Meta:
        ordering = ["case_id", "id"]
        indexes = [
            models.Index(fields=["seized_on"], name="offences_seizure_date"),
            models.Index(fields=["substance_class", "seized_on"], name="offences_seizure_class_date"),
            models.Index(fields=["seized_on", "substance_class"], name="offences_seizure_dashboard"),
        ]
        verbose_name = _("seizure")
        verbose_name_plural = _("seizures")

    def __str__(self) -> str:
        return f"{self.exhibit or self.pk}: {self.substance_label}"


class LabResult(models.Model):
    """The forensic laboratory's report on one exhibit (like NFLIS: one report per exhibit)."""

    seizure = models.OneToOneField(Seizure, on_delete=models.CASCADE, related_name="lab_result")
    laboratory = models.CharField(_("forensic laboratory"), max_length=200)
    report_number = models.CharField(_("report number"), max_length=60)
    reported_on = models.DateField(_("reported on"))
    identified = models.CharField(_("substance identified"), max_length=300)
    net_g = models.DecimalField(_("net mass, g"), max_digits=14, decimal_places=6, null=True, blank=True)
    purity_pct = models.DecimalField(_("purity, %"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("laboratory result")
        verbose_name_plural = _("laboratory results")
