from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffencesConfig(AppConfig):
    name = "drugcontrol.offences"
    label = "offences"
    verbose_name = _("Offences and seizures")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The offences topic of the aggregate tables, so that `drugcontrol aggregates` finds it by name.
        from drugcontrol.offences import counts  # noqa: F401
