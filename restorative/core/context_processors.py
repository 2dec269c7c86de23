"""What the layout needs on every page: the service name and the navigation for this user."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from . import navigation

# Set on a request by a middleware when the person may not use the service's sections yet
# (signed in with the password, the second factor still to give: people.mfa.middleware).
NAVIGATION_HIDDEN = "navigation_hidden"


def layout(request: HttpRequest) -> dict[str, Any]:
    hidden = getattr(request, NAVIGATION_HIDDEN, False)
    return {
        "service_name": settings.SERVICE_NAME,
        "organisation_name": settings.ORGANISATION_NAME,
        "nav_items": []
        if hidden
        else navigation.items_for(getattr(request, "user", None), request.path),
        "navigation_hidden": hidden,
    }
