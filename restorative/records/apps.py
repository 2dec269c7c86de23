from django.apps import AppConfig


class RecordsConfig(AppConfig):
    """Records management: retention rules, legal holds and disposal (issue 15, point 4)."""

    name = "restorative.records"
    label = "records"
    verbose_name = "Records management"

    def ready(self) -> None:
        """An area on the governance hub, for records keepers only."""
        from restorative.core import navigation

        from . import permissions

        navigation.hub("governance").add(
            "Records: retention and disposal",
            "records:home",
            permissions.can_manage_records,
            "How long each kind of record is kept, legal holds, and disposal with its certificate.",
            50,
        )
