"""Training evaluated by those who took it (§6.1): the task, the answer, the results.

Each attendee of a session (a booking marked attended, partners from joint training
included) is asked, on their "My training" page, for a short evaluation within
`EVALUATION_WINDOW_DAYS` of the session. Who has evaluated (`TrainingEvaluationDone`, per
booking) and what they said (`TrainingEvaluation`, per session) are written apart, as in the
staff survey. The workforce development team reads results per course and per session; a
facilitator reads results across the sessions they ran only from groups of 5 or more
(`anonymity.may_show`), counting only sessions whose evaluation window has closed and that
have 5 or more evaluations themselves, so that comparing the figure before and after one
late evaluation cannot single it out.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Exists, OuterRef
from django.http import Http404
from django.utils import timezone

from restorative.people.models import Staff
from restorative.workforce.models import Booking, Course, Session

from ..anonymity import may_show, shuffled
from ..models import TrainingEvaluation, TrainingEvaluationDone
from ..models.training_evaluation import (
    AGREE_MAX,
    AGREE_MIN,
    CONFIDENCE_MAX,
    CONFIDENCE_MIN,
)
from . import permissions

EVALUATION_WINDOW_DAYS = 28
AGREE_FIELDS = ("experiential", "reflective", "trauma_informed")
CONFIDENCE_FIELDS = ("confidence_before", "confidence_after")
FIGURES = (*AGREE_FIELDS, *CONFIDENCE_FIELDS)
COMMENT_LIMIT = 50


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def _window_start(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(days=EVALUATION_WINDOW_DAYS)


def bookings_to_evaluate(user: Any, *, now: datetime.datetime | None = None) -> list[Booking]:
    """Sessions this person attended in the last 28 days and has not evaluated (one query)."""
    if not permissions.can_evaluate_training(user):
        return []
    now = _now(now)
    done = TrainingEvaluationDone.objects.filter(booking=OuterRef("pk"))
    return list(
        Booking.objects.filter(
            person=user,
            status=Booking.Status.ATTENDED,
            session__starts_at__lte=now,
            session__starts_at__gte=_window_start(now),
        )
        .exclude(Exists(done))
        .select_related("session", "session__course")
        .order_by("-session__starts_at")
    )


def my_training_task(user: Any) -> dict[str, Any] | None:
    """The "My training" page's section: the sessions waiting for this person's evaluation."""
    bookings = bookings_to_evaluate(user)
    return {"bookings": bookings} if bookings else None


def booking_to_evaluate(
    user: Any, session_uuid: UUID, *, now: datetime.datetime | None = None
) -> Booking:
    """This person's attended booking on this session, still to evaluate; 404 otherwise."""
    booking = next(
        (b for b in bookings_to_evaluate(user, now=now) if b.session.uuid == session_uuid), None
    )
    if booking is None:
        raise Http404
    return booking


def _check(answers: Mapping[str, object]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name in AGREE_FIELDS:
        value = answers.get(name)
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not (AGREE_MIN <= value <= AGREE_MAX)
        ):
            errors[name] = "Choose how much you agree"
    for name in CONFIDENCE_FIELDS:
        value = answers.get(name)
        if value is None or value == "":
            errors[name] = "Choose a number from 0 to 10"
        elif (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not (CONFIDENCE_MIN <= value <= CONFIDENCE_MAX)
        ):
            errors[name] = f"Choose a number from 0 to 10 ({value} is not on the scale)"
    text = str(answers.get("will_do_differently") or "").strip()
    if not text:
        errors["will_do_differently"] = "Say what you will do differently after this training"
    elif len(text) > 2000:
        errors["will_do_differently"] = "Your answer must be 2,000 characters or fewer"
    return errors


@transaction.atomic
def training_evaluation_submit(
    *,
    person: Staff,
    booking: Booking,
    answers: Mapping[str, object],
    now: datetime.datetime | None = None,
) -> None:
    """Record that this booking's person evaluated the session and, apart, what they said.
    Once per booking; only for the person's own attended booking within the window."""
    if booking.person_id != person.pk or not permissions.can_evaluate_training(person):
        raise PermissionDenied
    now = _now(now)
    if booking.status != Booking.Status.ATTENDED:
        raise ValidationError("Only people who attended a session evaluate it")
    if not (_window_start(now) <= booking.session.starts_at <= now):
        raise ValidationError(
            f"Sessions are evaluated in the {EVALUATION_WINDOW_DAYS} days after they are held"
        )
    errors = _check(answers)
    if errors:
        raise ValidationError(errors)
    evaluation = TrainingEvaluation(
        session_id=booking.session_id,
        will_do_differently=str(answers["will_do_differently"]).strip(),
        **{name: answers[name] for name in FIGURES},
    )
    evaluation.full_clean(exclude=["session"])
    try:
        with transaction.atomic():
            TrainingEvaluationDone.objects.create(booking=booking)
    except IntegrityError:
        raise ValidationError("You have already evaluated this session. Thank you.") from None
    evaluation.save(force_insert=True)


# --- Results ---------------------------------------------------------------------------------


@dataclass
class Figures:
    evaluations: int = 0
    sums: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def add(self, count: int, means: Mapping[str, float | None]) -> None:
        for name in FIGURES:
            self.sums[name] += (means[name] or 0) * count
        self.evaluations += count

    @property
    def means(self) -> dict[str, float]:
        if not self.evaluations:
            return {}
        return {name: round(self.sums[name] / self.evaluations, 1) for name in FIGURES}

    @property
    def confidence_change(self) -> float | None:
        means = self.means
        if not means:
            return None
        return round(means["confidence_after"] - means["confidence_before"], 1)


@dataclass
class SessionRow:
    session: Session
    figures: Figures


@dataclass
class CourseRow:
    course: Course
    figures: Figures
    sessions: list[SessionRow]


@dataclass
class FacilitatorRow:
    person: Staff
    figures: Figures
    shown: bool


def _per_session() -> dict[int, Figures]:
    rows = (
        TrainingEvaluation.objects.values("session_id")
        .annotate(n=Count("id"), **{name: Avg(name) for name in FIGURES})
        .order_by()
    )
    result: dict[int, Figures] = {}
    for row in rows:
        values: dict[str, Any] = dict(row)
        figures = Figures()
        figures.add(values["n"], values)
        result[values["session_id"]] = figures
    return result


def course_results(user: Any) -> list[CourseRow]:
    """Figures per course and per session, for the workforce development team. Three queries
    whatever the number of evaluations."""
    if not permissions.can_view_training_evaluations(user):
        raise Http404
    per_session = _per_session()
    sessions = (
        Session.objects.filter(pk__in=per_session)
        .select_related("course")
        .order_by("course__title", "-starts_at")
    )
    courses: dict[int, CourseRow] = {}
    for session in sessions:
        figures = per_session[session.pk]
        row = courses.setdefault(session.course_id, CourseRow(session.course, Figures(), []))
        row.figures.add(figures.evaluations, figures.means)
        row.sessions.append(SessionRow(session, figures))
    return list(courses.values())


def facilitator_results(
    user: Any, *, only: Staff | None = None, now: datetime.datetime | None = None
) -> list[FacilitatorRow]:
    """Each facilitator's figures over their sessions whose window has closed and that have
    5 or more evaluations; shown only when that totals 5 or more. The workforce team sees
    every facilitator; anyone else (`only`) sees their own row."""
    if only is None and not permissions.can_view_training_evaluations(user):
        raise Http404
    if only is not None and not permissions.can_view_own_facilitation_results(user):
        raise Http404
    now = _now(now)
    evaluated = _per_session()
    counted = set(
        Session.objects.filter(pk__in=evaluated, starts_at__lt=_window_start(now)).values_list(
            "pk", flat=True
        )
    )
    links = Session.facilitators.through.objects.filter(session_id__in=evaluated)
    if only is not None:
        links = links.filter(staff_id=only.pk)
    totals: dict[int, Figures] = defaultdict(Figures)
    for session_id, staff_id in links.values_list("session_id", "staff_id"):
        figures = evaluated[session_id]
        total = totals[staff_id]  # every facilitator with an evaluated session has a row
        if session_id in counted and may_show(figures.evaluations):
            total.add(figures.evaluations, figures.means)
    people = {p.pk: p for p in Staff.objects.filter(pk__in=totals)}
    if only is not None:
        people.setdefault(only.pk, only)
        totals.setdefault(only.pk, Figures())
    rows = [
        FacilitatorRow(people[pk], figures, may_show(figures.evaluations))
        for pk, figures in totals.items()
    ]
    for row in rows:
        if not row.shown:
            row.figures = Figures()
    return sorted(rows, key=lambda r: (r.person.last_name, r.person.first_name))


def course_comments(user: Any, course: Course) -> list[str]:
    """What attendees of a course will do differently, shuffled, only for 5 or more."""
    if not permissions.can_view_training_evaluations(user):
        raise Http404
    texts = list(
        TrainingEvaluation.objects.filter(session__course=course)
        .order_by("id")
        .values_list("will_do_differently", flat=True)[:COMMENT_LIMIT]
    )
    if not may_show(len(texts)):
        return []
    return shuffled(texts, seed=str(course.uuid))
