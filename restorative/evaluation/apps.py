from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "restorative.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation"

    def ready(self) -> None:
        """Each area registers its navigation and links from its own module (one call each)."""
        from .wellbeing import registry as wellbeing_registry

        wellbeing_registry.register()
