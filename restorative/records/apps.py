from django.apps import AppConfig


class RecordsConfig(AppConfig):
    """Records management: retention rules, legal holds and disposal (issue 15, point 4)."""

    name = "restorative.records"
    label = "records"
    verbose_name = "Records management"
