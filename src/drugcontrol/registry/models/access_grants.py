"""Break-the-glass: time-limited access outside one's scope, with a reason, reviewed by the regional chief."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from drugcontrol.registry.models.people import Person
from drugcontrol.registry.models.reference import Region


class BreakGlassGrant(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="break_glass_grants")
    reason = models.CharField(_("reason"), max_length=500)
    granted_at = models.DateTimeField(_("granted at"))
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    review_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", help_text=_("The region whose chief reviews the access.")
    )
    remote_addr = models.CharField(_("from"), max_length=64, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.CharField(_("review note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "person", "expires_at"], name="registry_breakglass_lookup")]
        verbose_name = _("break-the-glass grant")
        verbose_name_plural = _("break-the-glass grants")
