from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EarlyWarningConfig(AppConfig):
    name = "drugcontrol.earlywarning"
    label = "earlywarning"
    verbose_name = _("Early warning")

    def ready(self) -> None:
        from drugcontrol.earlywarning import tasks  # noqa: F401 - registers the background tasks in every process
