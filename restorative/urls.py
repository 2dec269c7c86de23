"""URL configuration. Login is required everywhere except views marked `login_not_required`."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("restorative.core.urls")),
    path("", include("restorative.people.urls")),
    # The second factor (docs/decisions/0022) and passkeys, under the names their scripts use.
    path("", include("restorative.people.mfa.urls")),
    path("sign-in/passkeys/", include("restorative.people.mfa.passkey_urls")),
    path("practice/", include("restorative.practice.urls")),
    path("language/", include("restorative.language.urls")),
    path("workforce/", include("restorative.workforce.urls")),
    path("evaluation/", include("restorative.evaluation.urls")),
    path("governance/", include("restorative.governance.urls")),
    path("sso/", include("restorative.people.sso.urls")),
    path("subject-access/", include("restorative.subject_access.urls")),
    path("records/", include("restorative.records.urls")),
    path("api/", include("restorative.api_urls")),
    path("admin/", admin.site.urls),
]

# JSON under /api/ (a malformed UUID in an API path included), the 404 page elsewhere.
handler404 = "restorative.core.api.not_found"
