from django.apps import AppConfig


class LanguageConfig(AppConfig):
    name = "restorative.language"
    label = "language"
    verbose_name = "Restorative language"

    def ready(self) -> None:
        # Django is imported here, never in the engine modules or the package's __init__.
        from restorative.core import navigation
        from restorative.people import family_links

        from . import permissions

        # Language analytics is linked from the glossary page, to keep the navigation short.
        navigation.register("Glossary", "language:glossary", permissions.can_view_glossary, 60)
        navigation.register("Lexicon", "language:lexicon_list", permissions.can_manage_lexicon, 92)
        family_links.register(
            "Preferred words",
            "language:family_preferences",
            permissions.can_view_child_preferences,
            40,
        )
