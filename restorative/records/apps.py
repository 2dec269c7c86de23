from django.apps import AppConfig


class RecordsConfig(AppConfig):
    """Records management: retention rules, legal holds and disposal (issue 15, point 4)."""

    name = "restorative.records"
    label = "records"
    verbose_name = "Records management"

    def ready(self) -> None:
        from restorative.core import navigation

        from . import permissions

        navigation.register("Records", "records:home", permissions.can_manage_records, 95)
