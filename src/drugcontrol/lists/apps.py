from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListsConfig(AppConfig):
    name = "drugcontrol.lists"
    verbose_name = _("Control lists")

    def ready(self) -> None:
        from drugcontrol.lists import tasks  # noqa: F401 - connects the tasks' signal receivers in every process
