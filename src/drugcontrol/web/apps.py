from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "drugcontrol.web"
    verbose_name = _("Web interface")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from drugcontrol.web.session_policy import remember_device_at_login

        user_logged_in.connect(remember_device_at_login, dispatch_uid="drugcontrol.web.remember_device_at_login")
