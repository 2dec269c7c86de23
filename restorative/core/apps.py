from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "restorative.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Connect the security-event receivers (sign-in, failures, lockouts).
        from . import security  # noqa: F401
