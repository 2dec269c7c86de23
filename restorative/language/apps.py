from django.apps import AppConfig


class LanguageConfig(AppConfig):
    name = "restorative.language"
    label = "language"
    verbose_name = "Restorative language"
