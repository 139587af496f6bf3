"""Facilities: the narcological dispensaries and clinics that register and treat people."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from drugcontrol.registry.models.reference import District, Region


class Facility(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="facilities", verbose_name=_("region"))
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["region_id", "name"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")

    def __str__(self) -> str:
        return self.name
