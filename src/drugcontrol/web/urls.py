from django.urls import path

from drugcontrol.web import health, two_factor, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("accounts/two-factor/", two_factor.otp_verify, name="otp_verify"),
    path("accounts/two-factor/setup/", two_factor.otp_enrol, name="otp_enrol"),
]
