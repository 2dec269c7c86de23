"""The reflective learning log (policy §6.1, issue 5 point 5): rule, reads and the write.

After a course a person writes what they learnt, what they will do differently and what
support they need. It is theirs and their supervisor's: the supervisor of their *current*
supervision agreement (the open one) may read it, to take it into supervision — but only
what belongs to their own supervision (decision 0009): entries *written* while they
supervise(d) the person, or about courses *completed* while they do (did), under any of their
agreements with the person. What someone wrote for an earlier supervisor stays with that
relationship: naming a new supervisor does not hand them the history. Nobody else — quality
assurance, the head of service, the director, the workforce team, other staff,
administrators — may open it, and for them it does not exist (404). A previous supervisor
loses access when the agreement ends. The log is not in the Django admin.

One rule decides whose logs a person may read at all (`learning_log_people_q` /
`can_read_learning_logs_of`: themselves and current supervisees) and, within that, which
entries and completed courses (`learning_logs_visible_q`, `learning_completions_visible_q`);
the object checks and the list filters are built from them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncDate
from django.http import Http404

from restorative.people.models import Staff
from restorative.people.permissions import is_our_staff

from .models import Completion, LearningLogEntry, SupervisionAgreement

TEXT_FIELDS = ("learnt", "do_differently", "support_needed")


# --- The rule ------------------------------------------------------------------------------


def learning_log_people_q(user: Any, field: str = "pk") -> Q:
    """Whose learning logs `user` may read, as a filter on a Staff key named `field`.

    Themselves, and the people they supervise under an open agreement.
    """
    if not is_our_staff(user):
        return Q(pk__in=[])
    supervisees = SupervisionAgreement.objects.filter(
        supervisor_id=user.pk, ended_on__isnull=True
    ).values("supervisee_id")
    return Q(**{field: user.pk}) | Q(**{f"{field}__in": supervisees})


def can_read_learning_logs_of(user: Any, person: Staff) -> bool:
    """May `user` read `person`'s learning log? Themselves, or their current supervisor."""
    return Staff.objects.filter(learning_log_people_q(user), pk=person.pk).exists()


def _during_own_supervision(user: Any, person_ref: Any, on: Any) -> Exists:
    """Filter term: `on` (a date expression) falls within one of `user`'s supervision
    agreements with the person `person_ref` (ends inclusive; an open agreement runs on)."""
    return Exists(
        SupervisionAgreement.objects.filter(
            supervisor_id=user.pk, supervisee_id=person_ref, started_on__lte=on
        ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
    )


def learning_logs_visible_q(user: Any) -> Q:
    """Filter on LearningLogEntry for every list of learning logs: one's own, and a current
    supervisee's entries written, or about a course completed, during one's own supervision."""
    if not is_our_staff(user):
        return Q(pk__in=[])
    person = OuterRef("completion__person_id")
    in_period = (
        LearningLogEntry.objects.annotate(written_on=TruncDate("created_at"))
        .filter(
            Q(_during_own_supervision(user, person, OuterRef("written_on")))
            | Q(_during_own_supervision(user, person, OuterRef("completion__completed_on")))
        )
        .values("pk")
    )
    return Q(completion__person_id=user.pk) | (
        learning_log_people_q(user, "completion__person_id") & Q(pk__in=in_period)
    )


def learning_completions_visible_q(user: Any) -> Q:
    """Filter on Completion for the learning log pages: the same rule as the entries — one's
    own; a current supervisee's courses completed during one's supervision, or whose entry
    one may read."""
    if not is_our_staff(user):
        return Q(pk__in=[])
    visible_entries = LearningLogEntry.objects.filter(learning_logs_visible_q(user))
    return Q(person_id=user.pk) | (
        learning_log_people_q(user, "person_id")
        & (
            Q(_during_own_supervision(user, OuterRef("person_id"), OuterRef("completed_on")))
            | Q(pk__in=visible_entries.values("completion_id"))
        )
    )


def can_view_learning_log(user: Any, entry: LearningLogEntry) -> bool:
    """May `user` open this entry? The same rule as the list filter."""
    return LearningLogEntry.objects.filter(learning_logs_visible_q(user), pk=entry.pk).exists()


def can_write_learning_log(user: Any, completion: Completion) -> bool:
    """Only the person who completed the course writes (and edits) its learning log."""
    return is_our_staff(user) and completion.person_id == user.pk


# --- Reads ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogRow:
    completion: Completion
    entry: LearningLogEntry | None


def _completions_with_logs(user: Any) -> QuerySet[Completion]:
    return (
        Completion.objects.filter(learning_completions_visible_q(user))
        .select_related("course", "person")
        .prefetch_related(
            Prefetch(
                "learning_log",
                queryset=LearningLogEntry.objects.filter(learning_logs_visible_q(user)),
            )
        )
    )


def learning_log_rows(user: Any, person: Staff) -> list[LogRow]:
    """Each of `person`'s completed courses with its log, if `user` may read their logs.

    Two queries however many courses: the completions (with courses) and the logs.
    """
    if not can_read_learning_logs_of(user, person):
        raise Http404("Not found")
    rows = []
    for completion in (
        _completions_with_logs(user).filter(person=person).order_by("-completed_on", "-id")
    ):
        entry = getattr(completion, "learning_log", None)
        rows.append(LogRow(completion=completion, entry=entry))
    return rows


def learning_completion_get(user: Any, completion_uuid: uuid.UUID | str) -> Completion:
    """A completion whose log `user` may read (theirs, or a current supervisee's from their own
    supervision), or 404."""
    try:
        return _completions_with_logs(user).get(uuid=completion_uuid)
    except (Completion.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Not found") from exc


def learning_supervisee_get(user: Any, person_uuid: uuid.UUID | str) -> Staff:
    """Someone `user` supervises now (or `user`), for the supervisor's view; else 404."""
    try:
        return Staff.objects.filter(learning_log_people_q(user)).get(uuid=person_uuid)
    except (Staff.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Not found") from exc


def entry_for(completion: Completion) -> LearningLogEntry | None:
    """The log already read with the completion (see `_completions_with_logs`)."""
    return getattr(completion, "learning_log", None)


# --- The write -----------------------------------------------------------------------------


def learning_log_save(
    *,
    actor: Staff,
    completion: Completion,
    learnt: str,
    do_differently: str,
    support_needed: str = "",
) -> tuple[LearningLogEntry, bool]:
    """Write or change the learning log for a completion; returns (entry, created).

    One entry per completion: a second submission (a double click, or writing again) changes
    the entry there is rather than adding one.
    """
    if not can_write_learning_log(actor, completion):
        raise PermissionDenied
    values = {
        "learnt": (learnt or "").strip(),
        "do_differently": (do_differently or "").strip(),
        "support_needed": (support_needed or "").strip(),
    }
    errors: dict[str, str] = {}
    if not values["learnt"]:
        errors["learnt"] = "Enter what you learnt"
    if not values["do_differently"]:
        errors["do_differently"] = "Enter what you will do differently"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            entry = (
                LearningLogEntry.objects.select_for_update().filter(completion=completion).first()
            )
            created = entry is None
            if entry is None:
                entry = LearningLogEntry(completion=completion)
            for name, value in values.items():
                setattr(entry, name, value)
            entry.full_clean(exclude=["completion"])
            entry.save()
    except IntegrityError:
        # Two first submissions at once: the other one created it; apply this one to it.
        entry = LearningLogEntry.objects.get(completion=completion)
        for name, value in values.items():
            setattr(entry, name, value)
        entry.save()
        created = False
    return entry, created
