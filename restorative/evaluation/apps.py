from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "restorative.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation"

    def ready(self) -> None:
        """Each area registers its navigation and links from its own module (one call each)."""
        from .surveys import wiring as surveys_wiring

        surveys_wiring.ready()
