"""Pages of the evaluation app, under /evaluation/, each area's pages listed once."""

from django.urls import URLPattern, URLResolver, path

from restorative.core.views import hub_page

from . import complaint_urls
from .audits.urls import urlpatterns as audit_urls
from .surveys.urls import urlpatterns as survey_urls
from .wellbeing import urls as wellbeing_urls

app_name = "evaluation"

urlpatterns: list[URLPattern | URLResolver] = [
    # "Quality and feedback": the app's one section of the service navigation.
    path("", hub_page, {"hub": "evaluation"}, name="home"),
    *complaint_urls.urlpatterns,
    *wellbeing_urls.urlpatterns,
    *audit_urls,
    *survey_urls,
]
