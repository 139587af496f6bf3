from django.urls import path

from drugcontrol.earlywarning.views import imports, pages, procedures, samples

app_name = "warning"
urlpatterns = [
    path("", pages.coverage_page, name="coverage"),
    path("alerts/read/", pages.alerts_read, name="alerts_read"),
    path("notifications/<int:notification_id>/", pages.notification_page, name="notification"),
    path("procedures/", procedures.procedures_page, name="procedures"),
    path("procedures/apply/", procedures.apply_amendment, name="apply"),
    path("time-to-control/", pages.timing_page, name="timing"),
    path("draft.<str:fmt>", pages.draft_download, name="draft"),
    path("samples/", samples.samples_page, name="samples"),
    path("samples/<int:transfer_id>/", samples.sample_page, name="sample"),
    path("import/", imports.import_page, name="import"),
    path("import/<int:import_id>/", imports.import_job_page, name="import_job"),
    path("import/<int:import_id>/rejects.csv", imports.import_rejects, name="import_rejects"),
]
