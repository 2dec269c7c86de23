from django.contrib import admin

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
    list_display = ("person", "course", "completed_on", "valid_until", "source")
    raw_id_fields = ("person", "session")


admin.site.register(TrainingSettings)


# Supervision agreements (who supervises whom) may be corrected here. Supervision sessions
# are deliberately NOT registered: their personal parts are for the supervisor and the
# supervisee only, and the admin site would show them to system administrators.
@admin.register(SupervisionAgreement)
class SupervisionAgreementAdmin(admin.ModelAdmin):
    list_display = ("supervisee", "supervisor", "agreed_frequency", "started_on", "ended_on")
    raw_id_fields = ("supervisor", "supervisee")
