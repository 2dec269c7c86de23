"""Types for views behind the login wall."""

from django.http import HttpRequest

from .models import Staff


class AuthenticatedHttpRequest(HttpRequest):
    """A request that `LoginRequiredMiddleware` has let through: `user` is a signed-in Staff.

    Only for type checking; views annotated with it must not be marked `login_not_required`.
    """

    user: Staff  # type: ignore[assignment]
