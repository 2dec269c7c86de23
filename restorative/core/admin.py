from typing import TYPE_CHECKING

from django.contrib import admin

from .models import AccessEvent

if TYPE_CHECKING:  # ModelAdmin is generic only in the type stubs.
    ReadOnlyAdmin = admin.ModelAdmin[AccessEvent]
else:
    ReadOnlyAdmin = admin.ModelAdmin


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAdmin):
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


# API tokens are passwords for the API. Django REST framework's own admin lists every key in
# full and lets an administrator make one for anybody, who could then act through the API as
# that person with the trail naming them. Tokens are made only by their owner (the account
# page) or by the operator on the server (`manage.py create_api_token`), both logged as
# security events.
def _unregister_api_tokens() -> None:
    from rest_framework.authtoken.models import Token, TokenProxy

    for model in (Token, TokenProxy):
        if admin.site.is_registered(model):
            admin.site.unregister(model)


_unregister_api_tokens()
