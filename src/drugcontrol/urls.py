"""URL map: web pages per domain, the typed API, the admin and the language switch."""

from django.contrib import admin
from django.urls import include, path

from drugcontrol.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("lists/", include("drugcontrol.lists.urls")),
    path("registry/statistics/", include("drugcontrol.registry.statistics.urls")),
    path("registry/", include("drugcontrol.registry.urls")),
    path("warning/", include("drugcontrol.earlywarning.urls")),
    path("offences/", include("drugcontrol.offences.urls")),
    path("monitoring/", include("drugcontrol.monitoring.urls")),
    path("audit/", include("drugcontrol.audit.urls")),
    path("", include("drugcontrol.web.urls")),
]

# Every refusal is one styled page in the reader's language (drugcontrol.web.refusals).
handler400 = "drugcontrol.web.refusals.bad_request"
handler403 = "drugcontrol.web.refusals.permission_denied"
handler404 = "drugcontrol.web.refusals.page_not_found"
