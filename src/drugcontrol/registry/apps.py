from django.apps import AppConfig


class RegistryAppConfig(AppConfig):
    name = "drugcontrol.registry"
    verbose_name = "Registry of people with drug dependence"
