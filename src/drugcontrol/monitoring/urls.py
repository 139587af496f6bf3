from django.urls import path

from drugcontrol.monitoring.views import networks, pages

app_name = "monitoring"
urlpatterns = [
    path("", pages.cases_page, name="cases"),
    path("score/", pages.score_page, name="score"),
    path("cases/<int:case_id>/", pages.case_page, name="case"),
    path("cases/<int:case_id>/evidence.zip", pages.evidence_download, name="evidence"),
    path("network/<int:site_id>/", networks.network_page, name="network"),
]
