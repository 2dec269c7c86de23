from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "restorative.workforce"
    label = "workforce"
    verbose_name = "Workforce"

    def ready(self) -> None:
        from restorative.core import navigation
        from restorative.people import family_links, family_sections, team_links

        from . import circles, permissions, selectors

        # One section in the navigation; "My training" and compliance are linked from it.
        navigation.register("Training", "workforce:catalogue", permissions.can_use_training, 50)
        # Supervision is linked from the Training page (no second navigation item). The
        # family page links to the case decisions made in supervision, for whoever may
        # view the family.
        # The latest case decisions also appear on the family's page itself (issue 5 point 9).
        family_sections.register(
            "supervision_decisions",
            "workforce/includes/family_supervision_section.html",
            selectors.family_page_supervision_section,
            30,
        )
        family_links.register(
            "Decisions made in supervision",
            "workforce:family_supervision",
            permissions.can_view_family_supervision_decisions,
            30,
        )
        team_links.register(
            "Training compliance",
            "workforce:team_compliance",
            permissions.can_view_team_compliance,
            40,
        )
        team_links.register(
            "Restorative champions",
            "workforce:team_champions",
            permissions.can_view_team_champions,
            50,
        )
        team_links.register(
            "Team circles", "workforce:team_circles", circles.can_view_team_circles, 60
        )
