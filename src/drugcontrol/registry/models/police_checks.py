"""The police check: one request (basis, request number, count) and one disclosure per person answered."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from drugcontrol.registry.models.people import Person


class LegalBasis(models.TextChoices):
    WEAPON_PERMIT = "weapon_permit", _("weapon permit")
    DRIVING_LICENCE = "driving_licence", _("driving licence")
    EMPLOYMENT = "employment", _("employment check required by law")
    CRIMINAL_CASE = "criminal_case", _("criminal case (investigator's request)")
    COURT = "court", _("court request")


#: Bases under which the answer may include the date since when the person is on the register.
BASES_WITH_SINCE = frozenset({LegalBasis.CRIMINAL_CASE, LegalBasis.COURT})


class PoliceCheckRequest(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    basis = models.CharField(_("legal basis"), max_length=24, choices=LegalBasis.choices)
    request_number = models.CharField(_("request number"), max_length=64)
    at = models.DateTimeField(_("at"), db_index=True)
    count = models.PositiveIntegerField(_("IINs checked"))
    found = models.PositiveIntegerField(_("on the register"), default=0)
    remote_addr = models.CharField(_("from"), max_length=64, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["user", "at"], name="registry_policecheck_user_at")]
        verbose_name = _("police check request")
        verbose_name_plural = _("police check requests")


class Disclosure(models.Model):
    request = models.ForeignKey(PoliceCheckRequest, on_delete=models.PROTECT, related_name="disclosures")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="disclosures")
    on_register = models.BooleanField(_("on the register"))
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
