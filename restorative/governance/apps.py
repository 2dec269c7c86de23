from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "restorative.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        """Each area registers its navigation and links from its own module (one call each)."""
        from restorative.core import navigation

        from . import permissions

        navigation.register(
            "Implementation picture", "governance:picture", permissions.can_view_picture, 80
        )
        navigation.register("Barriers", "governance:barriers", permissions.can_raise_barrier, 85)
        navigation.register("Policies", "governance:policies", permissions.can_view_policies, 90)
