from django.apps import AppConfig


class RegistryAppConfig(AppConfig):
    name = "drugcontrol.registry"
    verbose_name = "Registry of people with drug dependence"

    def ready(self) -> None:
        from drugcontrol.registry.importing import tasks  # noqa: F401 - connects the tasks' signal receivers

        # The register's topic of the aggregate tables, so that `drugcontrol aggregates` finds it by name.
        from drugcontrol.registry.statistics import counts  # noqa: F401
