"""Once-only submission: a form (or an API request) sent twice stores one record (privacy and
safety rule 5).

Each create form carries a hidden token, a random UUID minted when the form is shown; the
API takes the same token as `submission_token`. The record keeps the token, and:

- `submission_find` looks the token up before anything is validated, so a repeat (a double
  click, the back button, a retried request) gets the record the first one made, and is not
  refused because, say, "the session must start in the future" a minute later;
- `submission_create` runs the create and, when two submissions race past that look-up
  together, catches the database's refusal of the second and returns the first.

Why the token is unique across the whole table (`unique=True`), not per parent: tokens are
random UUIDs minted one per form, so a token that turns up under a second parent is a form
reused for another family (or plan, or team), never a coincidence. A table-wide unique index
lets the database catch that too, so the reuse gets a clear message instead of a second
record carrying the same token; and it needs no per-model constraint to keep in step. The
*look-up*, though, is always scoped to the parent the caller names (`scope`), so a token sent
again with another family's record can never hand back someone else's record.

Records made before a model had a token, and by callers that send none (imports, demo data),
leave it empty: an empty token is never looked up.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction

FORM_ALREADY_USED = (
    "This form has already been used to save a different record. "
    "Go back, reload the page and enter the details again."
)

SubmissionModel = TypeVar("SubmissionModel", bound="OnceOnlySubmission")


class OnceOnlySubmission(models.Model):
    """A record made by a form that may be sent twice. See the module docstring.

    A model whose column was named before this mixin existed overrides the field with the
    same options and `db_column`, so no data has to move.
    """

    submission_token = models.UUIDField(unique=True, null=True, blank=True, editable=False)

    class Meta:
        abstract = True


def submission_find(
    model: type[SubmissionModel],
    token: uuid.UUID | None,
    scope: Mapping[str, Any],
) -> SubmissionModel | None:
    """The record this token already made under `scope` (for example `{"family": family}`),
    or None when there is no token or nothing was made with it yet.

    A token that made a record under another scope is a form reused for something else: it
    is refused with a message (never answered with the other record, never a 500).
    """
    if token is None:
        return None
    existing = model._default_manager.filter(submission_token=token).first()
    if existing is None:
        return None
    if not model._default_manager.filter(pk=existing.pk, **scope).exists():
        # Keyed as a whole-form error, so a form or the API shows it above the fields.
        raise ValidationError({NON_FIELD_ERRORS: [FORM_ALREADY_USED]})
    return existing


def submission_create(
    model: type[SubmissionModel],
    token: uuid.UUID | None,
    scope: Mapping[str, Any],
    create: Callable[[], SubmissionModel],
) -> tuple[SubmissionModel, bool]:
    """Run `create` (which saves a record carrying `token`) in its own savepoint; returns
    (record, created).

    When the database refuses the save and a record with this token now exists, another
    submission of the same form got there first: its record is returned (scoped as in
    `submission_find`). Any other refusal is raised as it was.
    """
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        existing = submission_find(model, token, scope)
        if existing is None:
            raise
        return existing, False


def submission_token_field(*, required: bool = True) -> forms.UUIDField:
    """The hidden form field that carries the token; the form or view puts a new one in
    `initial`. `required=False` keeps a form working for callers that post without one (they
    get no once-only guard, as before the form had a token)."""
    return forms.UUIDField(
        required=required,
        widget=forms.HiddenInput,
        error_messages={
            "required": "Reload the page and try again",
            "invalid": "Reload the page and try again",
        },
    )


def new_submission_token() -> str:
    """A fresh token for a form being shown."""
    return str(uuid.uuid4())
