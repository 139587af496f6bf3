from django.urls import path

from drugcontrol.lists.views import lists as views

app_name = "lists"
urlpatterns = [
    path("", views.list_page, name="list"),
    path("diff/", views.diff_page, name="diff"),
    path("identify/", views.identify_page, name="identify"),
    path("substances/<int:substance_id>/", views.substance_page, name="substance"),
]
