"""Statistics of the register: the page with its headline figures, and the CSV and XLSX downloads."""

from django.urls import path

from drugcontrol.registry.statistics import views

app_name = "registry_statistics"
urlpatterns = [
    path("", views.statistics_page, name="page"),
    path("export.csv", views.statistics_csv, name="csv"),
    path("export.xlsx", views.statistics_xlsx, name="xlsx"),
]
