from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "restorative.practice"
    label = "practice"
    verbose_name = "Restorative practice"

    def ready(self) -> None:
        from restorative.core import navigation
        from restorative.core.audit import trail_link_register
        from restorative.people import family_links, team_links

        from . import permissions, timeliness_selectors, trail_links

        navigation.register(
            "Meetings due", "practice:meetings_due", permissions.can_view_practice_lists, 20
        )
        family_links.register(
            "Restorative conversations and meetings",
            "practice:family_practice",
            permissions.people_permissions.can_view_family,
            10,
        )
        team_links.register(
            "Meetings and whose views were heard",
            "practice:team_meetings",
            permissions.can_view_team_practice,
            10,
        )
        trail_link_register("meeting", trail_links.meeting_trail_links)
        trail_link_register("plan", trail_links.plan_trail_links)
        trail_link_register("restorativeconversation", trail_links.conversation_trail_links)
        team_links.register(
            "Were statutory meetings held on time?",
            "practice:team_timeliness",
            lambda user, team: timeliness_selectors.timeliness_reach(user).covers_team(team),
            15,
        )
