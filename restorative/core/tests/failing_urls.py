"""A URL configuration with one page that fails, for the tests of the production logs."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

# What the failure's message quotes; the logs must not repeat it.
QUOTED_DATA = "Amara Okafor, 12 Station Road"


@login_not_required
def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(f"could not save {QUOTED_DATA}")


urlpatterns = [path("fails/", fails)]
