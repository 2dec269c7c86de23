from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    Booking,
    Completion,
    Course,
    CourseRequirement,
    Session,
    SupervisionAgreement,
    TrainingSettings,
)


class CourseRequirementInline(admin.TabularInline):
    model = CourseRequirement
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "level", "delivery", "validity_months", "is_active")
    inlines = [CourseRequirementInline]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("course", "starts_at", "capacity")
    raw_id_fields = ("facilitators",)


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ("session", "person", "status", "created_at")
    raw_id_fields = ("session", "person")


@admin.register(Completion)
class CompletionAdmin(admin.ModelAdmin):
    """A completion's person cannot change here: its learning log (private to the person and
    their supervisor) belongs to the completion, so moving it would move the log to someone
    else. Record a completion for the right person instead (and delete the wrong one)."""

    list_display = ("person", "course", "completed_on", "valid_until", "source")
    raw_id_fields = ("person", "session")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, "person") if obj is not None else fields


admin.site.register(TrainingSettings)


# Supervision agreements may have their dates and frequency corrected here, but not who
# supervises whom: sessions (personal parts included) are visible to the agreement's
# supervisor, so changing it would hand every past session to someone new, and naming a
# supervisor is checked by `services.supervision_agreement_create`, which the admin would skip.
# Set up a new agreement on the supervision pages instead. Supervision sessions are
# deliberately NOT registered: their personal parts are for the supervisor and the supervisee
# only, and the admin site would show them to system administrators.
@admin.register(SupervisionAgreement)
class SupervisionAgreementAdmin(admin.ModelAdmin):
    list_display = ("supervisee", "supervisor", "agreed_frequency", "started_on", "ended_on")
    raw_id_fields = ("supervisor", "supervisee")

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Agreements are set up through the service, which checks who may supervise."""
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return (*super().get_readonly_fields(request, obj), "supervisor", "supervisee")
