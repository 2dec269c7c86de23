from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "restorative.workforce"
    label = "workforce"
    verbose_name = "Workforce"
