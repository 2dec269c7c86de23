from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "restorative.workforce"
    label = "workforce"
    verbose_name = "Workforce"

    def ready(self) -> None:
        from restorative.core import navigation

        from . import permissions

        # One section in the navigation; "My training" and compliance are linked from it.
        navigation.register("Training", "workforce:catalogue", permissions.can_use_training, 50)
