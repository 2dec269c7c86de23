from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Family, FamilyMember, Organisation, PartnerAgency, Service, Staff, Team


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    search_fields = ("name",)


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


class FamilyMemberInline(admin.TabularInline):
    model = FamilyMember
    extra = 0


@admin.register(Family)
class FamilyAdmin(admin.ModelAdmin):
    """For system administrators fixing data. Views here are not audited: superusers only."""

    list_display = ("case_reference", "name", "team", "allocated_worker", "status")
    list_select_related = ("team", "allocated_worker")
    search_fields = ("case_reference",)
    raw_id_fields = ("team", "allocated_worker")
    inlines = [FamilyMemberInline]

    def has_module_permission(self, request):  # type: ignore[no-untyped-def]
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return request.user.is_superuser
