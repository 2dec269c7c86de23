from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "restorative.practice"
    label = "practice"
    verbose_name = "Restorative practice"
