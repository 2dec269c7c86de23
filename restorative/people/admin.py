from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest, HttpResponse

from restorative.core.security import log_security_event

from .mfa.admin import record_switch_change, reset_second_factor, unregister_device_admins
from .models import Organisation, PartnerAgency, Service, Staff, Team

unregister_device_admins()


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    search_fields = ("name",)
    list_display = ("name", "second_factor_for_everyone")

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        """Switching the second factor on or off for everyone is a security event."""
        super().save_model(request, obj, form, change)
        record_switch_change(
            request, obj, changed="second_factor_for_everyone" in form.changed_data
        )


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation")
    search_fields = ("name",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "service")
    list_select_related = ("service",)
    search_fields = ("name", "code")


@admin.register(PartnerAgency)
class PartnerAgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")


@admin.register(Staff)
class StaffAdmin(UserAdmin):
    ordering = ("last_name", "first_name")
    list_display = ("email", "first_name", "last_name", "role", "team", "is_active")
    list_filter = ("role", "is_active", "is_restorative_champion")
    list_select_related = ("team",)
    search_fields = ("email", "first_name", "last_name")
    actions = [reset_second_factor]
    raw_id_fields = ("team", "service", "partner_agency", "organisation")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "job_title", "start_date")}),
        (
            "Role",
            {
                "fields": (
                    "role",
                    "organisation",
                    "team",
                    "service",
                    "partner_agency",
                    "is_restorative_champion",
                )
            },
        ),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = (
        (None, {"fields": ("email", "first_name", "last_name", "role", "password1", "password2")}),
    )

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """An administrator setting someone's password is a security event (item 13)."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            target = self.get_object(request, id)
            log_security_event(
                "password_set_by_administrator",
                request=request,
                user=request.user,
                account_id=str(getattr(target, "pk", "")),
            )
        return response


# Families and their members are deliberately NOT registered (DESIGN.md: the system
# administrator has no case role and sees no family record, in the admin site or anywhere
# else). The admin would read and change them without the access trail; every view and change
# of a family goes through the pages and the API, which check permissions and write the trail.


# Single sign-on's links to the council's provider (restorative/people/sso/admin.py).
from .sso import admin as sso_admin  # noqa: E402, F401
