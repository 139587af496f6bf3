"""The configurable periods of the register (one row, edited by the administrator)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistryConfig(models.Model):
    remission_months = models.PositiveSmallIntegerField(
        _("sustained remission, months"), default=36, help_text=_("Remission after which deregistration is proposed.")
    )
    unreachable_months = models.PositiveSmallIntegerField(
        _("not reachable, months"),
        default=12,
        help_text=_("Months without contact after which deregistration is proposed."),
    )
    retention_years = models.PositiveSmallIntegerField(
        _("retention after deregistration, years"),
        default=5,
        help_text=_("Deregistered records are anonymised this many years after deregistration."),
    )
    break_glass_hours = models.PositiveSmallIntegerField(_("break-the-glass access, hours"), default=3)
    police_requests_per_hour = models.PositiveIntegerField(_("police check requests per user per hour"), default=30)
    police_iins_per_day = models.PositiveIntegerField(_("police check IINs per user per day"), default=200_000)

    class Meta:
        verbose_name = _("registry configuration")
        verbose_name_plural = _("registry configuration")

    def __str__(self) -> str:
        return "registry configuration"

    @classmethod
    def current(cls) -> "RegistryConfig":
        config, _created = cls.objects.get_or_create(pk=1)
        return config
