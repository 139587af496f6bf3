"""Clandestine laboratories and grows shut down: location, products, precursors, equipment, plants."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from drugcontrol.lists.models import Substance
from drugcontrol.offences.models.cases import Case
from drugcontrol.registry.models import District, Region


class Laboratory(models.Model):
    class Kind(models.TextChoices):
        LABORATORY = "laboratory", _("laboratory")
        GROW = "grow", _("grow")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="laboratories")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    location = models.CharField(_("location"), max_length=300, blank=True)
    products = models.CharField(_("products"), max_length=300, blank=True)
    equipment = models.TextField(_("equipment"), blank=True)
    plant_count = models.PositiveIntegerField(_("plant count"), null=True, blank=True)
    shut_down_on = models.DateField(_("shut down on"))

    class Meta:
        ordering = ["-shut_down_on", "id"]
        verbose_name = _("laboratory or grow")
        verbose_name_plural = _("laboratories and grows")


class PrecursorFound(models.Model):
    """A precursor of table IV found at a laboratory, with its concentration (the table's thresholds apply)."""

    laboratory = models.ForeignKey(Laboratory, on_delete=models.CASCADE, related_name="precursors")
    substance = models.ForeignKey(
        Substance, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("precursor")
    )
    label = models.CharField(_("precursor as recorded"), max_length=300)
    mass_g = models.DecimalField(_("mass, g"), max_digits=14, decimal_places=3, null=True, blank=True)
    concentration_pct = models.DecimalField(
        _("concentration, %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    size = models.CharField(_("quantity class"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("precursor found")
        verbose_name_plural = _("precursors found")
