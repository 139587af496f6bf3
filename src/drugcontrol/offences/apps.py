from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffencesConfig(AppConfig):
    name = "drugcontrol.offences"
    label = "offences"
    verbose_name = _("Offences and seizures")
    default_auto_field = "django.db.models.BigAutoField"
