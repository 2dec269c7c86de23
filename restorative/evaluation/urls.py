"""Pages of the evaluation app, under /evaluation/, each area's pages listed once."""

from django.urls import URLPattern, URLResolver

from .audits.urls import urlpatterns as audit_urls

app_name = "evaluation"

urlpatterns: list[URLPattern | URLResolver] = [
    *audit_urls,
]
