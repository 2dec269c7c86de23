"""What every app shares: the base model and the append-only access audit trail."""

import uuid

from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    """Base for every record: a UUID for URLs (never the sequential key) and timestamps."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AccessEvent(models.Model):
    """One view, change, export or print of a record about a family (privacy rule 3).

    Append-only: database triggers (see the migration) refuse UPDATE and DELETE, so not even
    a bug or the admin can rewrite history. The subject is stored as a type and a UUID so
    that core depends on no other app.
    """

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        CHANGE = "change", "Changed"
        CREATE = "create", "Created"
        EXPORT = "export", "Exported"
        PRINT = "print", "Printed"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_events"
    )
    actor_role = models.CharField(max_length=40)
    action = models.CharField(max_length=10, choices=Action.choices)
    subject_type = models.CharField(max_length=40)
    subject_uuid = models.UUIDField()
    family_uuid = models.UUIDField(
        help_text="The family whose record this is, so one family's trail is one query."
    )
    reason = models.CharField(
        max_length=200, help_text="Why the actor may do this: the permission basis."
    )
    channel = models.CharField(max_length=10, default="web")
    path = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Nullable with no default, so adding it is a plain ALTER TABLE ADD COLUMN: SQLite
    # would otherwise rebuild the table and lose the append-only triggers with it.
    description = models.CharField(
        max_length=300,
        null=True,
        blank=True,
        help_text="What was opened, in plain words, as it was at the time (audit.describe).",
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["family_uuid", "-at"], name="access_family_at_idx")]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.action} {self.subject_type} {self.subject_uuid}"

    @property
    def what(self) -> str:
        """What happened, in plain words: as written at the time, or (for events written
        before descriptions were kept, or by the bulk import) from the action and the kind."""
        if self.description:
            return self.description
        from .audit import describe

        return describe(action=self.action, subject_type=self.subject_type, channel=self.channel)


class ApiTokenLimits(models.Model):
    """What an API token may do beyond being its owner's: until when, and whether it may
    write (issue 15, point 7). A token without a row has no expiry and may read and write,
    as every token made before limits existed.

    Kept beside Django REST framework's own token (one row per token, deleted with it), so
    the token itself, its key and its one-per-person rule stay DRF's.
    """

    token = models.OneToOneField(
        "authtoken.Token", on_delete=models.CASCADE, primary_key=True, related_name="limits"
    )
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="After this the token is refused (401). Empty: never."
    )
    read_only = models.BooleanField(
        default=False, help_text="Read-only tokens are refused every add, change or delete (403)."
    )

    class Meta:
        verbose_name = "API token limits"
        verbose_name_plural = "API token limits"

    def __str__(self) -> str:
        return "read-only" if self.read_only else "read and write"


class AccessDisposalPermit(models.Model):
    """While a row exists, the append-only triggers let DELETE through for access events from
    before `before`, and for nothing else (issue 15, point 4: access events are kept as their
    own retention rule says, then disposed of).

    `core.access_disposal.dispose_access_events` writes the row, deletes and removes the row
    in one transaction, so no other connection ever sees a permit. UPDATE stays refused, and
    no permit reaches a recent event.
    """

    before = models.DateTimeField()

    class Meta:
        verbose_name = "access event disposal permit"

    def __str__(self) -> str:
        return f"Disposal permit before {self.before:%Y-%m-%d}"
