"""The person on the register: identity (IIN or identity document), names in two scripts, residence."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from drugcontrol.registry.models.facilities import Facility
from drugcontrol.registry.models.reference import District, Region


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class DocumentType(models.TextChoices):
    NONE = "", _("none")
    ID_CARD = "id_card", _("identity card")
    PASSPORT = "passport", _("passport")
    FOREIGN_PASSPORT = "foreign_passport", _("foreign passport")
    RESIDENCE_PERMIT = "residence_permit", _("residence permit")
    STATELESS = "stateless", _("stateless person's certificate")
    BIRTH_CERTIFICATE = "birth_certificate", _("birth certificate")


class Person(models.Model):
    iin = models.CharField(_("IIN"), max_length=12, unique=True, null=True, blank=True)
    document_type = models.CharField(
        _("identity document"), max_length=20, choices=DocumentType.choices, blank=True, default=""
    )
    document_number = models.CharField(_("document number"), max_length=40, blank=True)

    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    last_name_latin = models.CharField(_("last name (Latin)"), max_length=100, blank=True)
    first_name_latin = models.CharField(_("first name (Latin)"), max_length=100, blank=True)
    patronymic_latin = models.CharField(_("patronymic (Latin)"), max_length=100, blank=True)
    name_key = models.CharField(
        _("name key"),
        max_length=200,
        blank=True,
        db_index=True,
        help_text=_("Script-independent folded name used to find duplicates and for name search."),
    )

    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), db_index=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    citizenship = models.CharField(_("citizenship"), max_length=3, blank=True, default="KZ")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="people", verbose_name=_("region"))
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.CharField(_("e-mail"), max_length=120, blank=True)

    facility = models.ForeignKey(
        Facility,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("responsible facility"),
        help_text=_("The facility responsible for the person; it decides who may read the record."),
    )
    anonymised = models.BooleanField(_("anonymised"), default=False, db_index=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("merged into")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["birth_date", "name_key"], name="registry_person_birth_name"),
            models.Index(fields=["document_type", "document_number"], name="registry_person_document"),
        ]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def full_name_latin(self) -> str:
        return " ".join(p for p in (self.last_name_latin, self.first_name_latin, self.patronymic_latin) if p)
