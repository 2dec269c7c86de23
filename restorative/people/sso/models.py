"""Which account at the council's identity provider is which staff member (decision 0023)."""

from __future__ import annotations

from django.db import models

from restorative.core.models import TimeStampedModel


class SingleSignOnIdentity(TimeStampedModel):
    """A staff member's account at an OpenID provider: the issuer and its subject id.

    Stored the first time the person is matched by e-mail, so from then on the provider's
    stable id decides, not an address that can be renamed or reused. One account per person
    per provider, and one person per account.
    """

    staff = models.ForeignKey(
        "people.Staff", on_delete=models.CASCADE, related_name="sign_on_identities"
    )
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "people"
        ordering = ["staff", "issuer"]
        verbose_name = "single sign-on identity"
        verbose_name_plural = "single sign-on identities"
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="sso_identity_subject_unique"
            ),
            models.UniqueConstraint(fields=["staff", "issuer"], name="sso_identity_staff_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.staff} at {self.issuer}"
