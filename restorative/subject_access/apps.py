from django.apps import AppConfig


class SubjectAccessConfig(AppConfig):
    name = "restorative.subject_access"
    label = "subject_access"
    verbose_name = "Subject access"

    def ready(self) -> None:
        """An area on the governance hub for the people who handle requests, and a link from
        the access trail to a request for those who may open it."""
        from restorative.core import audit, navigation

        from . import permissions, selectors

        navigation.hub("governance").add(
            "Subject access",
            "subject_access:requests",
            permissions.can_handle_subject_access,
            "Requests from a child or a family member for every record that names them: due "
            "dates, the bundle for redaction review, and its release.",
            40,
        )
        audit.trail_link_register(selectors.TRAIL_SUBJECT_TYPE, selectors.trail_links)
