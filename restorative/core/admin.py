from django.contrib import admin

from .models import AccessEvent


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    """Read-only: the access trail is append-only, in the admin as everywhere."""

    list_display = ("at", "actor", "actor_role", "action", "subject_type", "reason", "channel")
    list_filter = ("action", "channel")
    list_select_related = ("actor",)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
