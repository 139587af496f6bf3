"""Web pages of the registry."""

app_name = "registry"
urlpatterns: list = []
