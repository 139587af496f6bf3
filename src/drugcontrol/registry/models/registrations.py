"""The registration (episode of care) with its status history, deregistration and transfers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from drugcontrol.registry.models.facilities import Facility
from drugcontrol.registry.models.people import Person
from drugcontrol.registry.models.reference import Diagnosis, Region


class Grounds(models.TextChoices):
    VOLUNTARY = "voluntary", _("voluntary request")
    REFERRAL = "referral", _("referral")
    COURT = "court", _("court decision")
    COMPULSORY = "compulsory", _("compulsory treatment")


class Status(models.TextChoices):
    ACTIVE = "active", _("under observation")
    REMISSION = "remission", _("in remission")
    DEREGISTERED = "deregistered", _("deregistered")


class DeregistrationReason(models.TextChoices):
    REMISSION = "remission", _("confirmed sustained remission")
    DEATH = "death", _("death")
    DEPARTURE = "departure", _("departure abroad")
    UNREACHABLE = "unreachable", _("not reachable")
    CONVICTION = "conviction", _("imprisonment")
    ERROR = "error", _("registered in error")


class Registration(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="registrations")
    diagnosis = models.ForeignKey(Diagnosis, on_delete=models.PROTECT, related_name="+", verbose_name=_("diagnosis"))
    registered_on = models.DateField(_("registered on"), db_index=True)
    grounds = models.CharField(_("grounds"), max_length=16, choices=Grounds.choices)
    facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("registering facility")
    )
    physician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible physician"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    remission_since = models.DateField(_("remission since"), null=True, blank=True)
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True)
    deregistered_on = models.DateField(_("deregistered on"), null=True, blank=True, db_index=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return f"{self.diagnosis_id} {self.registered_on}"


class RecordedChange(models.Model):
    """Who recorded a change of a registration or of a person's facility, and when."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        abstract = True


class StatusChange(RecordedChange):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="status_changes")
    changed_on = models.DateField(_("date"))
    from_status = models.CharField(_("from"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["registration_id", "changed_on", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")


class Deregistration(RecordedChange):
    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="deregistration")
    deregistered_on = models.DateField(_("deregistered on"))
    reason = models.CharField(_("reason"), max_length=16, choices=DeregistrationReason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("deregistration")
        verbose_name_plural = _("deregistrations")


class Transfer(RecordedChange):
    """Responsibility for a person moves to another facility (and region); access moves with it."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="transfers")
    from_facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+")
    to_facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+")
    from_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    to_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    transferred_on = models.DateField(_("transferred on"))
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        ordering = ["person_id", "at"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
