from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "restorative.people"
    label = "people"
    verbose_name = "People and families"

    def ready(self) -> None:
        from restorative.core import navigation
        from restorative.core.audit import trail_link_register

        from . import permissions, trail
        from .mfa import session  # noqa: F401 - notes at sign-in whether a factor is set up
        from .sso import checks  # noqa: F401 - registers single sign-on's configuration check

        # The people app's pages in the navigation: label, page, who sees it, order.
        for label, url_name, allowed, order in (
            ("Families", "people:family_list", permissions.can_list_families, 10),
            ("Organisation", "people:organisation", permissions.can_view_structure, 80),
            ("Staff directory", "people:staff_list", permissions.can_view_structure, 85),
            ("Import families", "people:import_start", permissions.can_import_families, 90),
            ("Access trail", "people:access_trail", permissions.can_search_access_trail, 95),
        ):
            navigation.register(label, url_name, allowed, order)
        trail_link_register("family", trail.family_trail_links)
        trail_link_register("familymember", trail.member_trail_links)
