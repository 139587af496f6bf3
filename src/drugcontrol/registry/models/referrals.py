"""A person caught consuming, referred by an investigator to a narcologist's examination.

The referral goes to the narcological facility of the person's region of residence and is seen there by
the same roles and scope as the register (physicians of that facility, the region's chief). It is not a
registration: the examination decides whether the person is registered at all.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from drugcontrol.registry.models.facilities import Facility
from drugcontrol.registry.models.reference import Region


class ExaminationReferral(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("awaiting examination")
        EXAMINED = "examined", _("examined")
        NOT_APPEARED = "not_appeared", _("did not appear")

    facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("facility")
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    full_name = models.CharField(_("full name"), max_length=200)
    iin = models.CharField(_("IIN"), max_length=12, blank=True)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, blank=True)
    source = models.CharField(_("referred from"), max_length=120)
    source_ref = models.CharField(
        max_length=40, blank=True, help_text="identifier of the record in the referring domain"
    )
    referred_on = models.DateField(_("referred on"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("referral to examination")
        verbose_name_plural = _("referrals to examination")
