"""What the layout needs on every page: the service name and the navigation for this user."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from . import navigation


def layout(request: HttpRequest) -> dict[str, Any]:
    return {
        "service_name": settings.SERVICE_NAME,
        "organisation_name": settings.ORGANISATION_NAME,
        "nav_items": navigation.items_for(getattr(request, "user", None), request.path),
    }
