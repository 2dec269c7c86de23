"""Pages of the governance app, under /governance/, each area's pages listed once."""

from django.urls import URLPattern, URLResolver

app_name = "governance"

urlpatterns: list[URLPattern | URLResolver] = []
