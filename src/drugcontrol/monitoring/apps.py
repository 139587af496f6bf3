from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "drugcontrol.monitoring"
    verbose_name = _("Online market monitoring")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from drugcontrol.monitoring import tasks  # noqa: F401 - registers the tasks and the abandoned-job receiver
