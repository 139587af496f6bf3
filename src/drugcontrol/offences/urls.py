from django.urls import path

from drugcontrol.offences.views import cases, dashboard, imports

app_name = "offences"
urlpatterns = [
    path("", dashboard.dashboard_page, name="dashboard"),
    path("export.csv", dashboard.dashboard_export, {"fmt": "csv"}, name="csv"),
    path("export.xlsx", dashboard.dashboard_export, {"fmt": "xlsx"}, name="xlsx"),
    path("qualify/", cases.qualify_page, name="qualify"),
    path("cases/", cases.case_list, name="cases"),
    path("cases/new/", cases.case_new, name="case_new"),
    path("cases/<int:case_id>/", cases.case_detail, name="case"),
    path("participants/<int:participant_id>/referral", cases.refer_participant, name="refer"),
    path("import/", imports.import_page, name="import"),
    path("import/<int:job_id>/", imports.import_job_page, name="import_job"),
    path("import/<int:job_id>/rejects.csv", imports.import_rejects, name="import_rejects"),
]
