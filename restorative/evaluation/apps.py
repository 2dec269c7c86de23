"""Evaluation (§8): what children, families, carers, partners and staff say (surveys, feedback
links, the staff wellbeing survey) and the quality evidence (case-file audits with moderation,
complaints and compliments, learning actions and training needs)."""

from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "restorative.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation"

    def ready(self) -> None:
        """The app's one navigation section (the hub), then each area's links from its own module.
        The Celery app is loaded here, so `shared_task` binds to it in every Django process."""
        import restorative.celery  # noqa: F401

        from . import hub
        from .audits import wiring as audit_wiring
        from .complaints import registry as complaints_registry
        from .learning import wiring as learning_wiring
        from .surveys import wiring as surveys_wiring
        from .wellbeing import registry as wellbeing_registry

        hub.register()
        complaints_registry.register_all()
        wellbeing_registry.register()
        audit_wiring.register()
        learning_wiring.register()
        surveys_wiring.ready()
