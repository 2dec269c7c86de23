"""Pages of the evaluation app, under /evaluation/, each area's pages listed once."""

from django.urls import URLPattern, URLResolver

from . import complaint_urls

app_name = "evaluation"

urlpatterns: list[URLPattern | URLResolver] = [
    *complaint_urls.urlpatterns,
]
