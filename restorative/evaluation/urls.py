"""Pages of the evaluation app, under /evaluation/, each area's pages listed once."""

from django.urls import URLPattern, URLResolver

from .surveys.urls import urlpatterns as survey_urls

app_name = "evaluation"

urlpatterns: list[URLPattern | URLResolver] = [
    *survey_urls,
]
