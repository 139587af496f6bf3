"""Observation of a registered person: visits, drug tests, treatment episodes and substitution doses."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from drugcontrol.registry.models.facilities import Facility
from drugcontrol.registry.models.people import Person
from drugcontrol.registry.models.registrations import Registration


class CareRecord(models.Model):
    """What every record of care carries: the episode of care it belongs to, if any, and the facility that made it."""

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+", verbose_name=_("facility"))

    class Meta:
        abstract = True


class Visit(CareRecord):
    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled visit")
        HOME = "home", _("home visit")
        EMERGENCY = "emergency", _("emergency")
        MISSED = "missed", _("missed appointment")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField(_("date"), db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SCHEDULED)
    physician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")


class DrugTest(CareRecord):
    class Method(models.TextChoices):
        URINE_IMMUNOASSAY = "urine_ia", _("urine immunoassay")
        URINE_GCMS = "urine_gcms", _("urine GC-MS")
        SALIVA = "saliva", _("saliva")
        BLOOD = "blood", _("blood")
        HAIR = "hair", _("hair")

    class Result(models.TextChoices):
        POSITIVE = "positive", _("positive")
        NEGATIVE = "negative", _("negative")
        INVALID = "invalid", _("invalid sample")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="drug_tests")
    taken_on = models.DateField(_("date"), db_index=True)
    substance = models.CharField(_("substance"), max_length=120)
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)

    class Meta:
        ordering = ["-taken_on", "-id"]
        verbose_name = _("drug test")
        verbose_name_plural = _("drug tests")


class TreatmentEpisode(CareRecord):
    class Kind(models.TextChoices):
        OUTPATIENT = "outpatient", _("outpatient")
        INPATIENT = "inpatient", _("inpatient")
        REHABILITATION = "rehabilitation", _("rehabilitation")
        COMPULSORY = "compulsory", _("compulsory treatment")
        OST = "ost", _("opioid substitution therapy")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="treatments")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("treatment episode")
        verbose_name_plural = _("treatment episodes")


class OstDose(models.Model):
    """One administered dose of opioid substitution therapy (methadone or buprenorphine)."""

    class Medication(models.TextChoices):
        METHADONE = "methadone", _("methadone")
        BUPRENORPHINE = "buprenorphine", _("buprenorphine")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="ost_doses")
    treatment = models.ForeignKey(
        TreatmentEpisode, on_delete=models.PROTECT, null=True, blank=True, related_name="doses"
    )
    given_on = models.DateField(_("date"), db_index=True)
    medication = models.CharField(_("medication"), max_length=16, choices=Medication.choices)
    dose_mg = models.DecimalField(_("dose, mg"), max_digits=7, decimal_places=2)

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("substitution dose")
        verbose_name_plural = _("substitution doses")
