"""The admin's view of single sign-on links: see them, and remove one (never edit one).

Removing a link is how a system administrator fixes "This account does not match your staff
record" when a person's council account has really been replaced: the next sign-in through
the provider matches them by e-mail again and links the new account. It is a security event.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from restorative.core.security import log_security_event

from .models import SingleSignOnIdentity


@admin.register(SingleSignOnIdentity)
class SingleSignOnIdentityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("staff", "issuer", "subject", "last_sign_in_at")
    list_select_related = ("staff",)
    search_fields = ("staff__email", "staff__last_name", "subject")
    readonly_fields = ("staff", "issuer", "subject", "last_sign_in_at", "created_at")
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # links are made by signing in, never by hand

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: SingleSignOnIdentity) -> None:
        log_security_event(
            "sso_identity_unlinked", request=request, user=request.user, staff=str(obj.staff.pk)
        )
        super().delete_model(request, obj)

    def delete_queryset(
        self, request: HttpRequest, queryset: QuerySet[SingleSignOnIdentity]
    ) -> None:
        for identity in queryset.select_related("staff"):
            log_security_event(
                "sso_identity_unlinked",
                request=request,
                user=request.user,
                staff=str(identity.staff.pk),
            )
        super().delete_queryset(request, queryset)
