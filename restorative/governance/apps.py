from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "restorative.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        """Each area registers its navigation and links from its own module (one call each)."""
