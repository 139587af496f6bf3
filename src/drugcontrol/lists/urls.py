from django.urls import path

from drugcontrol.lists.views import assess
from drugcontrol.lists.views import lists as views

app_name = "lists"
urlpatterns = [
    path("", views.list_page, name="list"),
    path("diff/", views.diff_page, name="diff"),
    path("identify/", views.identify_page, name="identify"),
    path("assess/", assess.assess_page, name="assess"),
    path("assess/report/", assess.create_report, name="create_report"),
    path("assess/report/<str:number>/", assess.report_page, name="report"),
    path("assess/report/<str:number>.pdf", assess.report_pdf, name="report_pdf"),
    path("substances/<int:substance_id>/", views.substance_page, name="substance"),
]
