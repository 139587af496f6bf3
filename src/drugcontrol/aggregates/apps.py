from django.apps import AppConfig


class AggregatesConfig(AppConfig):
    name = "drugcontrol.aggregates"
    label = "aggregates"
    default_auto_field = "django.db.models.BigAutoField"
