from django.urls import path

from drugcontrol.lists.views import assess, imports, screen
from drugcontrol.lists.views import lists as views

app_name = "lists"
urlpatterns = [
    path("", views.list_page, name="list"),
    path("diff/", views.diff_page, name="diff"),
    path("import/", imports.import_page, name="import"),
    path("import/<uuid:task_id>/", imports.import_task_page, name="import_task"),
    path("identify/", views.identify_page, name="identify"),
    path("assess/", assess.assess_page, name="assess"),
    path("assess/report/", assess.create_report, name="create_report"),
    path("assess/report/task/<uuid:task_id>/", assess.report_task_page, name="report_task"),
    path("assess/report/<str:number>/", assess.report_page, name="report"),
    path("assess/report/<str:number>.pdf", assess.report_pdf, name="report_pdf"),
    path("screen/", screen.screen_page, name="screen"),
    path("screen/jobs/", screen.screen_jobs_page, name="screen_jobs"),
    path("screen/<int:job_id>/", screen.screen_job_page, name="screen_job"),
    path("screen/<int:job_id>/result.csv", screen.screen_result, name="screen_result"),
    path("substances/<int:substance_id>/", views.substance_page, name="substance"),
]
