"""Who a user is for the register: one role, scoped to a facility or a region."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from drugcontrol.registry.models.facilities import Facility
from drugcontrol.registry.models.reference import Region


class Role(models.TextChoices):
    PHYSICIAN = "physician", _("physician")
    CHIEF = "chief", _("regional chief narcologist")
    ANALYST = "analyst", _("ministry analyst")
    POLICE = "police", _("police checker")
    ADMIN = "admin", _("registry administrator")
    INVESTIGATOR = "investigator", _("drug offences investigator")


class StaffProfile(models.Model):
    """A physician is scoped to a facility, a regional chief to a region; the other roles see no person."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registry_profile")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, null=True, blank=True, related_name="staff", verbose_name=_("facility")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="staff", verbose_name=_("region")
    )

    class Meta:
        verbose_name = _("registry staff profile")
        verbose_name_plural = _("registry staff profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
