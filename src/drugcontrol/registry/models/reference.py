"""Reference data: Kazakhstan's regions and districts, and the ICD-10 codes the register accepts.

Kept as rows (loaded by a data migration), not as constants, so that an administrator can follow a new
administrative reform or a new ICD revision without a release.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from drugcontrol.languages import name_in_reader_language


class _Named(models.Model):
    name_ru = models.CharField(_("name (Russian)"), max_length=160)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=160, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=160, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return name_in_reader_language(self, "name_ru", default="ru")


class Region(_Named):
    class Kind(models.TextChoices):
        REGION = "region", _("region")
        CITY = "city", _("city of republican significance")

    code = models.CharField(_("code"), max_length=8, primary_key=True, help_text=_("ISO 3166-2:KZ code, e.g. KZ-71."))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.REGION)
    center = models.CharField(_("administrative centre"), max_length=80, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def codes(cls) -> list[str]:
        """Every region's code in order: the scopes of the aggregate topics counted by region."""
        return list(cls.objects.order_by("code").values_list("code", flat=True))


class District(_Named):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="districts", verbose_name=_("region"))

    class Meta:
        ordering = ["region_id", "name_ru"]
        constraints = [models.UniqueConstraint(fields=["region", "name_ru"], name="registry_district_unique_name")]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class Diagnosis(models.Model):
    """An ICD-10 code with its fourth character, e.g. F11.2 (opioid dependence syndrome)."""

    code = models.CharField(_("ICD-10 code"), max_length=8, primary_key=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300, blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("diagnosis")
        verbose_name_plural = _("diagnoses")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return name_in_reader_language(self, "name_ru", default="ru")
