"""A substance, plant, preparation or group, with its names and standardised structure keys."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from drugcontrol.languages import name_in_reader_language


class Substance(models.Model):
    class Kind(models.TextChoices):
        SUBSTANCE = "substance", _("substance")
        PLANT = "plant", _("plant")
        PREPARATION = "preparation", _("preparation or mixture")
        GROUP = "group", _("group")
        OTHER = "other", _("without structure")

    name_ru = models.CharField(_("name (Russian)"), max_length=500, blank=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=500, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)
    inn = models.CharField(_("INN"), max_length=200, blank=True)
    synonyms = models.JSONField(_("synonyms"), default=list, blank=True)
    cas = models.CharField(_("CAS number"), max_length=40, blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SUBSTANCE)
    structure_input = models.TextField(_("structure as given"), blank=True)
    smiles = models.TextField(_("standardised SMILES"), blank=True)
    inchi = models.TextField(_("InChI"), blank=True)
    inchikey = models.CharField(_("InChIKey"), max_length=27, blank=True, db_index=True)
    connectivity = models.CharField(_("InChIKey connectivity block"), max_length=14, blank=True, db_index=True)
    stereo_parent = models.CharField(max_length=27, blank=True)
    isotope_parent = models.CharField(max_length=27, blank=True)
    skeleton = models.CharField(max_length=27, blank=True, db_index=True)

    KEY_FIELDS = ("smiles", "inchi", "inchikey", "connectivity", "stereo_parent", "isotope_parent", "skeleton")
    """The fields `chem.keys.StructureKeys` fills, with the same names; only an import sets them."""

    class Meta:
        ordering = ["name_en", "name_ru"]
        verbose_name = _("substance")
        verbose_name_plural = _("substances")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return name_in_reader_language(self, "name_ru") or self.name_en or self.inn or f"#{self.pk}"

    @property
    def names(self) -> dict[str, str]:
        return {lang: getattr(self, f"name_{lang}") for lang in ("ru", "kk", "en") if getattr(self, f"name_{lang}")}
