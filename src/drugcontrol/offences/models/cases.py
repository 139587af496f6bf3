"""A criminal case: where and when, the facts (actions and circumstances), and the people in it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from drugcontrol.registry.models import District, Region


class CaseAction(models.TextChoices):
    CONSUMPTION = "consumption", _("consumption in a public place")
    POSSESSION = "possession", _("possession without purpose of sale")
    MANUFACTURE_OWN_USE = "manufacture_own_use", _("manufacture without purpose of sale")
    TRANSPORT_FOR_SALE = "transport_for_sale", _("acquisition or transport for sale")
    SALE = "sale", _("sale")
    MANUFACTURE = "manufacture", _("manufacture for sale")
    PROCESSING = "processing", _("processing for sale")
    PRODUCTION = "production", _("production")
    CULTIVATION = "cultivation", _("cultivation")
    THEFT = "theft", _("theft")
    INDUCEMENT = "inducement", _("inducement to use")
    ADVERTISING = "advertising", _("propaganda or advertising")
    DEN = "den", _("keeping a den")
    HANDLING_BREACH = "handling_breach", _("breach of handling rules")
    PRECURSORS = "precursors", _("trafficking in precursors or equipment")
    POISONS = "poisons", _("trafficking in poisons")


class CaseCircumstance(models.TextChoices):
    GROUP = "group", _("group by prior agreement")
    CRIMINAL_GROUP = "criminal_group", _("criminal group")
    REPEATED = "repeated", _("repeatedly")
    OFFICIAL = "official", _("official using their position")
    ELECTRONIC_NETWORKS = "electronic_networks", _("through electronic information networks")
    PUBLIC_PLACE = "public_place", _("in a public place")
    EDUCATION = "education", _("in an education organisation")
    MINOR = "minor", _("involving a minor")
    VIOLENCE = "violence", _("with violence")
    DANGEROUS_VIOLENCE = "dangerous_violence", _("with violence dangerous to life")
    GRAVE_CONSEQUENCES = "grave_consequences", _("grave consequences")


class Case(models.Model):
    number = models.CharField(_("case number"), max_length=40, unique=True)
    opened_on = models.DateField(_("opened on"))
    act_date = models.DateField(_("date of the act"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    action = models.CharField(_("action"), max_length=24, choices=CaseAction.choices)
    circumstances = models.JSONField(_("circumstances"), default=list, blank=True)
    summary = models.TextField(_("facts"), blank=True)
    size = models.CharField(_("quantity class"), max_length=20, blank=True)
    article = models.CharField(_("article"), max_length=8, blank=True)
    part = models.PositiveSmallIntegerField(_("part"), null=True, blank=True)
    code_version = models.CharField(_("code version"), max_length=8, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-act_date", "-id"]
        indexes = [
            models.Index(fields=["region", "act_date"], name="offences_case_region_date"),
            models.Index(fields=["act_date"], name="offences_case_date"),
            # The dashboard's grouped counts of a year read this index alone (index-only scan on PostgreSQL).
            models.Index(fields=["act_date", "region", "article", "size"], name="offences_case_dashboard"),
            models.Index(fields=["article", "act_date"], name="offences_case_article_date"),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.number


class Participant(models.Model):
    class Role(models.TextChoices):
        ORGANISER = "organiser", _("organiser")
        MANUFACTURER = "manufacturer", _("manufacturer or lab operator")
        COURIER = "courier", _("courier")
        STASH_LAYER = "stash_layer", _("stash-layer")
        SELLER = "seller", _("seller")
        BUYER = "buyer", _("buyer")
        RECRUITER = "recruiter", _("recruiter")
        ADVERTISER = "advertiser", _("advertiser")
        CONSUMER = "consumer", _("consumer")

    class Sex(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    iin = models.CharField(_("IIN"), max_length=12, blank=True)
    age = models.PositiveSmallIntegerField(_("age"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("region of residence")
    )

    class Meta:
        ordering = ["case_id", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"{self.get_role_display()} ({self.age}, {self.sex})"
