from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "restorative.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        """The app's one navigation section: the "Governance" hub and its areas."""
        from . import hub

        hub.register()
