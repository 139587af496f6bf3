from django.urls import path

from drugcontrol.audit import viewer

app_name = "audit"
urlpatterns = [path("", viewer.audit_log, name="log")]
