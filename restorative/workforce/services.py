"""Every write to training: validated, atomic, and safe when two people act at once.

Concurrency (security.md item 20): booking, cancelling and changing capacity all lock the
session row first (`select_for_update`). On PostgreSQL a second transaction asking for the
same lock waits until the first commits, then reads the bookings as committed, so two
cancellations arriving together each promote a *different* person from the waiting list,
and two people booking the last place never both get it. SQLite has no row locks and ignores
`select_for_update`; it serialises writers for the whole database instead, which gives the
same outcome for one server process.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from restorative.core.audit import access_event_record
from restorative.core.models import AccessEvent
from restorative.core.submission import submission_create, submission_find
from restorative.people import permissions as people_permissions
from restorative.people.models import Family, PartnerAgency, Staff

from . import compliance, permissions
from .models import (
    Booking,
    Completion,
    Course,
    CourseRequirement,
    Session,
    SupervisionAgreement,
    SupervisionCaseDecision,
    SupervisionSession,
    SupervisionStandard,
    TrainingSettings,
)

COURSE_FIELDS = (
    "title",
    "kind",
    "level",
    "description",
    "length_hours",
    "delivery",
    "validity_months",
    "is_active",
)


def training_settings_get() -> TrainingSettings:
    """The one settings row, created with the defaults the first time it is asked for."""
    settings = TrainingSettings.objects.order_by("pk").first()
    if settings is None:
        settings = TrainingSettings.objects.create()
    return settings


def _require_manager(actor: Staff) -> None:
    if not permissions.can_manage_training(actor):
        raise PermissionDenied


def _set_requirements(course: Course, groups: Iterable[str]) -> None:
    wanted = set(groups)
    CourseRequirement.objects.filter(course=course).exclude(group__in=wanted).delete()
    existing = set(CourseRequirement.objects.filter(course=course).values_list("group", flat=True))
    for group in sorted(wanted - existing):
        requirement = CourseRequirement(course=course, group=group)
        requirement.full_clean(exclude=["course"])
        requirement.save()


@transaction.atomic
def course_create(
    *,
    actor: Staff,
    title: str,
    kind: str,
    level: str,
    length_hours: Decimal,
    delivery: str,
    validity_months: int | None = None,
    description: str = "",
    required_groups: Iterable[str] = (),
) -> Course:
    """Add a course to the catalogue with the groups of staff who must complete it."""
    _require_manager(actor)
    _check_course_length(length_hours)
    course = Course(
        title=title,
        kind=kind,
        level=level,
        length_hours=length_hours,
        delivery=delivery,
        validity_months=validity_months,
        description=description,
    )
    course.full_clean()
    course.save()
    _set_requirements(course, required_groups)
    return course


@transaction.atomic
def course_update(
    *,
    actor: Staff,
    course: Course,
    data: dict[str, Any],
    required_groups: Iterable[str] | None = None,
) -> Course:
    """Change a course's details and, when given, who must complete it."""
    _require_manager(actor)
    course = Course.objects.select_for_update().get(pk=course.pk)
    if "length_hours" in data:
        _check_course_length(data["length_hours"])
    for name in COURSE_FIELDS:
        if name in data:
            setattr(course, name, data[name])
    course.full_clean()
    course.save()
    if required_groups is not None:
        _set_requirements(course, required_groups)
    return course


# The limits every caller is held to (the page, the API, imports): the forms and serializers
# may describe them, but these are the rules.
SESSION_CAPACITY_MAX = 500
SUPERVISION_MINUTES_MAX = 600
COURSE_HOURS_MIN = Decimal("0.5")
COURSE_HOURS_MAX = Decimal("999")


def capacity_error(capacity: int | None) -> str | None:
    """Why a session cannot take this many people, or None: 1 to 500."""
    if capacity is None or capacity < 1:
        return "Capacity must be 1 or more"
    if capacity > SESSION_CAPACITY_MAX:
        return f"Capacity must be {SESSION_CAPACITY_MAX} or fewer"
    return None


def course_length_error(length_hours: Decimal | None) -> str | None:
    """Why a course cannot be this long, or None: half an hour to 999 hours."""
    if length_hours is None:
        return "Enter the length in hours"
    if length_hours < COURSE_HOURS_MIN:
        return "Length must be at least half an hour"
    if length_hours > COURSE_HOURS_MAX:
        return "Length must be 999 hours or fewer"
    return None


def supervision_length_error(duration_minutes: int | None) -> str | None:
    """Why a supervision session cannot be recorded as this long, or None: 1 to 600 minutes.
    (Under 90 minutes is allowed but shown as short: `supervision.is_short`.)"""
    if duration_minutes is None or duration_minutes < 1:
        return "Length must be 1 minute or more"
    if duration_minutes > SUPERVISION_MINUTES_MAX:
        return f"Length must be {SUPERVISION_MINUTES_MAX} minutes or fewer"
    return None


def _check_course_length(length_hours: Decimal | None) -> None:
    message = course_length_error(length_hours)
    if message:
        raise ValidationError({"length_hours": message})


def _check_facilitators(facilitators: Iterable[Staff]) -> None:
    """Refuse anyone who may not facilitate training (`permissions.may_facilitate_session`),
    naming them: the form lists only those who may, the API sends any UUID."""
    refused = [person for person in facilitators if not permissions.may_facilitate_session(person)]
    if refused:
        names = ", ".join(person.display_name for person in refused)
        raise ValidationError(
            {
                "facilitators": f"{names} cannot facilitate a training session: choose our own "
                "staff (not business support)"
            }
        )


def _check_place(place: str, online_link: str) -> None:
    if not place and not online_link:
        raise ValidationError({"place": "Enter a place or an online link (or both)"})


def session_create(
    *,
    actor: Staff,
    course: Course,
    starts_at: datetime.datetime,
    capacity: int,
    place: str = "",
    online_link: str = "",
    facilitators: Iterable[Staff] = (),
    partner_agencies: Iterable[PartnerAgency] = (),
    submission_token: uuid.UUID | None = None,
    now: datetime.datetime | None = None,
) -> Session:
    """Schedule a session of a course. Sessions are never created in the past.

    A repeated submission of the same form (same `submission_token`: a double click, the back
    button, a retried API request) returns the session the first one scheduled — checked
    before validating, so the repeat is not refused as "in the past" a minute later either.
    """
    _require_manager(actor)
    existing = submission_find(Session, submission_token, {"course": course})
    if existing is not None:
        return existing
    now = now or timezone.now()
    errors: dict[str, str] = {}
    if starts_at <= now:
        errors["starts_at"] = "The session must start in the future"
    if capacity_message := capacity_error(capacity):
        errors["capacity"] = capacity_message
    if not course.is_active:
        errors["course"] = "This course is no longer offered"
    if errors:
        raise ValidationError(errors)
    _check_place(place, online_link)
    facilitators = list(facilitators)
    _check_facilitators(facilitators)
    session = Session(
        course=course,
        starts_at=starts_at,
        capacity=capacity,
        place=place,
        online_link=online_link,
        submission_token=submission_token,
    )
    session.full_clean(exclude=["submission_token"])

    def save() -> Session:
        session.save()
        session.facilitators.set(list(facilitators))
        session.partner_agencies.set(list(partner_agencies))
        return session

    return submission_create(Session, submission_token, {"course": course}, save)[0]


def _locked(session: Session) -> Session:
    """Lock the session row for the rest of the transaction (see the module docstring)."""
    return Session.objects.select_for_update().get(pk=session.pk)


def _places_taken(session: Session) -> int:
    return Booking.objects.filter(session=session, status__in=Booking.HOLDS_PLACE).count()


def _promote_waiting(session: Session, places: int) -> list[Booking]:
    """Give up to `places` free places to the waiting list, first come first served."""
    if places <= 0:
        return []
    promoted = list(
        Booking.objects.filter(session=session, status=Booking.Status.WAITING).order_by(
            "created_at", "id"
        )[:places]
    )
    for booking in promoted:
        booking.status = Booking.Status.BOOKED
        booking.save(update_fields=["status", "updated_at"])
    return promoted


@transaction.atomic
def session_update(
    *,
    actor: Staff,
    session: Session,
    capacity: int,
    place: str,
    online_link: str,
    starts_at: datetime.datetime | None = None,
    facilitators: Iterable[Staff] | None = None,
    now: datetime.datetime | None = None,
) -> Session:
    """Change where and when a session is, who runs it, and how many it takes.

    Capacity cannot go below the places already booked (cancel bookings first); raising it
    moves people up from the waiting list. A new start (given only when it changes) must be
    in the future, and is refused once attendance has been taken. `starts_at` and
    `facilitators` left as None stay as they are.
    """
    _require_manager(actor)
    now = now or timezone.now()
    session = _locked(session)
    taken = _places_taken(session)
    errors: dict[str, str] = {}
    if capacity_message := capacity_error(capacity):
        errors["capacity"] = capacity_message
    elif capacity < taken:
        errors["capacity"] = (
            f"Capacity cannot be less than the {taken} place"
            f"{'s' if taken != 1 else ''} already booked"
        )
    if starts_at is not None and starts_at != session.starts_at:
        if session.attendance_taken_at is not None:
            errors["starts_at"] = "Attendance has been taken, so the date cannot change"
        elif starts_at <= now:
            errors["starts_at"] = "The session must start in the future"
    if errors:
        raise ValidationError(errors)
    _check_place(place, online_link)
    if facilitators is not None:
        facilitators = list(facilitators)
        _check_facilitators(facilitators)
    session.capacity = capacity
    session.place = place
    session.online_link = online_link
    if starts_at is not None:
        session.starts_at = starts_at
    session.full_clean()
    session.save()
    if facilitators is not None:
        session.facilitators.set(list(facilitators))
    _promote_waiting(session, capacity - taken)
    return session


def booking_create(
    *,
    actor: Staff,
    session: Session,
    now: datetime.datetime | None = None,
) -> Booking:
    """Book `actor` onto a session, or onto its waiting list when it is full.

    Booking twice (a double click, a retry) returns the booking already made.
    """
    if not permissions.can_book_session(actor, session):
        raise PermissionDenied
    now = now or timezone.now()
    try:
        with transaction.atomic():
            session = _locked(session)
            if session.starts_at <= now:
                raise ValidationError("This session has already started, so it cannot be booked")
            existing = Booking.objects.filter(
                session=session, person=actor, status__in=Booking.ACTIVE
            ).first()
            if existing is not None:
                return existing
            full = _places_taken(session) >= session.capacity
            booking = Booking(
                session=session,
                person=actor,
                status=Booking.Status.WAITING if full else Booking.Status.BOOKED,
            )
            booking.full_clean(validate_constraints=False)
            booking.save()
            return booking
    except IntegrityError:
        # Only reachable without row locks (the unique constraint caught a race).
        return Booking.objects.get(session=session, person=actor, status__in=Booking.ACTIVE)


@transaction.atomic
def booking_cancel(
    *,
    actor: Staff,
    booking: Booking,
    now: datetime.datetime | None = None,
) -> Booking | None:
    """Cancel a booking; if it held a place, the first person waiting gets it.

    Returns the promoted booking, if any. Cancelling twice changes nothing the second time.
    """
    if not permissions.can_cancel_booking(actor, booking):
        raise PermissionDenied
    now = now or timezone.now()
    session = _locked(booking.session)
    booking = Booking.objects.get(pk=booking.pk)
    if booking.status == Booking.Status.CANCELLED:
        return None
    if booking.status not in (Booking.Status.BOOKED, Booking.Status.WAITING):
        raise ValidationError("Attendance has been taken, so this booking cannot be cancelled")
    if session.starts_at <= now:
        raise ValidationError("This session has already started, so it cannot be cancelled")
    held_place = booking.status == Booking.Status.BOOKED
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = now
    booking.save(update_fields=["status", "cancelled_at", "updated_at"])
    if not held_place:
        return None
    promoted = _promote_waiting(session, session.capacity - _places_taken(session))
    return promoted[0] if promoted else None


@transaction.atomic
def attendance_record(
    *,
    actor: Staff,
    session: Session,
    attended_ids: Iterable[int],
    now: datetime.datetime | None = None,
) -> int:
    """Record who came: each booked person attended or did not; attenders complete the course.

    A completion is valid until the course's validity runs out. Recording again (a
    correction) updates the statuses and completions rather than adding to them. Returns
    how many attended.
    """
    if not permissions.can_take_attendance(actor, session):
        raise PermissionDenied
    now = now or timezone.now()
    session = _locked(session)
    if session.starts_at > now:
        raise ValidationError("Attendance can be taken once the session has started")
    attended = set(attended_ids)
    bookings = list(
        Booking.objects.filter(session=session, status__in=Booking.HOLDS_PLACE).select_related(
            "person"
        )
    )
    unknown = attended - {b.pk for b in bookings}
    if unknown:
        raise ValidationError("Choose only people booked on this session")
    completed_on = timezone.localdate(session.starts_at)
    valid_until = compliance.valid_until_for(completed_on, session.course.validity_months)
    for booking in bookings:
        came = booking.pk in attended
        booking.status = Booking.Status.ATTENDED if came else Booking.Status.DID_NOT_ATTEND
        booking.save(update_fields=["status", "updated_at"])
        if came:
            Completion.objects.update_or_create(
                person=booking.person,
                session=session,
                defaults={
                    "course": session.course,
                    "completed_on": completed_on,
                    "valid_until": valid_until,
                    "source": Completion.Source.SESSION,
                },
            )
        else:
            Completion.objects.filter(person=booking.person, session=session).delete()
    session.attendance_taken_at = now
    session.save(update_fields=["attendance_taken_at", "updated_at"])
    return len(attended)


# --- Supervision (policy §6.4) -------------------------------------------------------------


def supervision_agreement_create(
    *,
    actor: Staff,
    supervisor: Staff,
    supervisee: Staff,
    started_on: datetime.date,
    agreed_frequency: str = SupervisionAgreement.Frequency.MONTHLY,
) -> SupervisionAgreement:
    """Start a supervision agreement, ending the supervisee's open one the day before.

    Set up by someone who oversees the supervisee (their manager, head of service, the
    director or the workforce team): the same scope that shows the overview. Who may be named
    supervisor is checked here, not only on the page and in the API (decision 0009): a manager
    in the supervisee's line, and nobody names themselves unless they are the supervisee's line
    manager — otherwise overseeing someone would be enough to read their supervision records
    and learning log. The open agreement's sessions must all fall before the new start (its
    end is the day before), so the new one cannot start on or before its last session.
    """
    if not permissions.can_manage_supervision_of(actor, supervisee):
        raise PermissionDenied
    refused = permissions.supervisor_choice_error(actor, supervisor, supervisee)
    if refused:
        raise ValidationError({"supervisor": refused})
    with transaction.atomic():
        open_agreement = (
            SupervisionAgreement.objects.select_for_update()
            .filter(supervisee=supervisee, ended_on__isnull=True)
            .first()
        )
        if open_agreement is not None:
            if (
                open_agreement.supervisor_id == supervisor.pk
                and open_agreement.agreed_frequency == agreed_frequency
            ):
                return open_agreement
            last_held_on = open_agreement.sessions.aggregate(last=Max("held_on"))["last"]
            if started_on < open_agreement.started_on:
                raise ValidationError(
                    {
                        "started_on": "Start date must be on or after the current agreement "
                        f"started ({open_agreement.started_on:%d/%m/%Y})"
                    }
                )
            if last_held_on is not None and started_on <= last_held_on:
                raise ValidationError(
                    {
                        "started_on": "Start date must be after the last session of the "
                        f"current agreement ({last_held_on:%d/%m/%Y})"
                    }
                )
            open_agreement.ended_on = max(
                started_on - datetime.timedelta(days=1), open_agreement.started_on
            )
            open_agreement.full_clean()
            open_agreement.save(update_fields=["ended_on", "updated_at"])
        agreement = SupervisionAgreement(
            supervisor=supervisor,
            supervisee=supervisee,
            started_on=started_on,
            agreed_frequency=agreed_frequency,
        )
        agreement.full_clean()
        agreement.save()
    return agreement


def supervision_agreement_end(
    *,
    actor: Staff,
    agreement: SupervisionAgreement,
    ended_on: datetime.date,
    today: datetime.date | None = None,
) -> SupervisionAgreement:
    """End a supervision agreement (the person leaves, or their supervision is paused).

    An ended agreement is no longer due or overdue anywhere and no more sessions are recorded
    on it; its sessions stay. The end is not before the agreement started, nor before its last
    session, nor in the future (a future end would hide the agreement from "who is due" at
    once). Ending again on the same date (a double submission) changes nothing.
    """
    if not permissions.can_manage_supervision_of(actor, agreement.supervisee):
        raise PermissionDenied
    today = today or timezone.localdate()
    with transaction.atomic():
        agreement = (
            SupervisionAgreement.objects.select_for_update()
            .select_related("supervisor", "supervisee")
            .get(pk=agreement.pk)
        )
        if agreement.ended_on is not None:
            if agreement.ended_on == ended_on:
                return agreement
            raise ValidationError(
                {"ended_on": f"This agreement already ended on {agreement.ended_on:%d/%m/%Y}"}
            )
        last_held_on = agreement.sessions.aggregate(last=Max("held_on"))["last"]
        if ended_on > today:
            message = "Date ended must be today or in the past"
        elif ended_on < agreement.started_on:
            message = (
                "Date ended must be on or after the agreement started "
                f"({agreement.started_on:%d/%m/%Y})"
            )
        elif last_held_on is not None and ended_on < last_held_on:
            message = f"Date ended must be on or after the last session ({last_held_on:%d/%m/%Y})"
        else:
            message = ""
        if message:
            raise ValidationError({"ended_on": message})
        agreement.ended_on = ended_on
        agreement.full_clean()
        agreement.save(update_fields=["ended_on", "updated_at"])
    return agreement


SESSION_TEXT_FIELDS = (
    "wellbeing_words",
    "reflection",
    "went_well",
    "learning",
    "emotional_impact",
    "support_agreed",
    "actions",
)


def supervision_session_record(
    *,
    actor: Staff,
    agreement: SupervisionAgreement,
    submission_token: uuid.UUID,
    held_on: datetime.date,
    duration_minutes: int,
    wellbeing_score: int | None,
    case_decisions: Iterable[tuple[Family, str]] = (),
    today: datetime.date | None = None,
    request: Any = None,
    **text: str,
) -> tuple[SupervisionSession, bool]:
    """Record a supervision session and its case decisions; returns (session, created).

    Only the supervisor records. A repeated submission of the same form (same
    `submission_token`) returns the session already saved. Each case decision is a change to
    that family's record, so it is written to the access trail in the same transaction: if
    the trail cannot be written, nothing is saved (AuditWriteError propagates).
    """
    if not permissions.can_record_supervision(actor, agreement):
        raise PermissionDenied
    _check_session_text(text)
    existing = submission_find(SupervisionSession, submission_token, {"agreement": agreement})
    if existing is not None:
        return existing, False
    errors = _session_errors(
        agreement, held_on, duration_minutes, today or timezone.localdate(), ended_too=False
    )
    decisions = [(family, decision.strip()) for family, decision in case_decisions]
    for family, decision in decisions:
        # The same rule as the families the form offers (`selectors.supervision_family_choices`):
        # a family on the supervisee's caseload that the supervisor may view.
        if family.allocated_worker_id != agreement.supervisee_id or not (
            people_permissions.can_view_family(actor, family)
        ):
            errors["case_decisions"] = (
                "Choose a family on the supervisee's caseload that you may view"
            )
        elif not decision:
            errors["case_decisions"] = f"Enter the decision made about the {family.name} family"
    session = SupervisionSession(
        agreement=agreement,
        held_on=held_on,
        duration_minutes=duration_minutes,
        wellbeing_score=wellbeing_score,
        recorded_by=actor,
        submission_token=submission_token,
        **{name: text.get(name, "").strip() for name in SESSION_TEXT_FIELDS},
    )
    _clean_session(session, errors)

    def save() -> SupervisionSession:
        session.save()
        for family, decision in decisions:
            row = SupervisionCaseDecision.objects.create(
                session=session, family=family, decision=decision
            )
            access_event_record(
                actor=actor,
                action=AccessEvent.Action.CREATE,
                subject_type="supervisioncasedecision",
                subject_uuid=row.uuid,
                family_uuid=family.uuid,
                reason=people_permissions.family_view_basis(actor, family) or "",
                request=request,
            )
        return session

    return submission_create(SupervisionSession, submission_token, {"agreement": agreement}, save)


def supervision_session_update(
    *,
    actor: Staff,
    session: SupervisionSession,
    held_on: datetime.date,
    duration_minutes: int,
    wellbeing_score: int | None,
    today: datetime.date | None = None,
    **text: str,
) -> SupervisionSession:
    """Correct a supervision record: the date, length, wellbeing and the reflective parts.

    Only the supervisor who recorded it (`permissions.can_edit_supervision_session`). The
    case decisions are on families' records and are not changed here: a different decision
    is recorded in a later session. The date follows the same rules as when recording, and
    stays within the agreement (on or before its end, if it has ended).
    """
    if not permissions.can_edit_supervision_session(actor, session):
        raise PermissionDenied
    _check_session_text(text)
    today = today or timezone.localdate()
    with transaction.atomic():
        session = (
            SupervisionSession.objects.select_for_update()
            .select_related("agreement")
            .get(pk=session.pk)
        )
        errors = _session_errors(
            session.agreement, held_on, duration_minutes, today, ended_too=True
        )
        session.held_on = held_on
        session.duration_minutes = duration_minutes
        session.wellbeing_score = wellbeing_score
        for name in SESSION_TEXT_FIELDS:
            if name in text:
                setattr(session, name, text[name].strip())
        _clean_session(session, errors)
        session.save()
    return session


def _check_session_text(text: Mapping[str, str]) -> None:
    """Only the reflective parts a session has may be given (a caller's mistake, not input)."""
    unknown = set(text) - set(SESSION_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")


def _session_errors(
    agreement: SupervisionAgreement,
    held_on: datetime.date,
    duration_minutes: int,
    today: datetime.date,
    *,
    ended_too: bool,
) -> dict[str, str]:
    """What is wrong with a session's date and length, the same when recording and when
    correcting: not in the future, not before the agreement started and, when correcting
    (`ended_too`), not after an ended agreement ended."""
    errors: dict[str, str] = {}
    if held_on > today:
        errors["held_on"] = "Date of the session must be today or in the past"
    elif held_on < agreement.started_on:
        errors["held_on"] = (
            f"Date of the session must be on or after the agreement started "
            f"({agreement.started_on:%d/%m/%Y})"
        )
    elif ended_too and agreement.ended_on is not None and held_on > agreement.ended_on:
        errors["held_on"] = (
            f"Date of the session must be on or before the agreement ended "
            f"({agreement.ended_on:%d/%m/%Y})"
        )
    if length_message := supervision_length_error(duration_minutes):
        errors["duration_minutes"] = length_message
    return errors


def _clean_session(session: SupervisionSession, errors: dict[str, str]) -> None:
    """Add the model's own refusals to `errors` (the first message a field), then refuse all
    of them at once, so a person sees every problem after one submission."""
    try:
        session.full_clean(exclude=["submission_token"])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages[0])
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def supervision_standard_update(
    *,
    actor: Staff,
    standard: SupervisionStandard,
    frequency: str,
    until_amount: int | None,
    until_unit: str,
) -> SupervisionStandard:
    """Change one step of the supervision standard (the workforce development team).

    The open step of a group (no end) stays open, so everyone always has a standard; a step
    with an end keeps one (1 to 120 weeks or months). The supervision dates use the new
    figures from the next page they are read on.
    """
    if not permissions.can_change_supervision_standard(actor):
        raise PermissionDenied
    standard = SupervisionStandard.objects.select_for_update().get(pk=standard.pk)
    standard.frequency = frequency
    if standard.until_amount is None:
        if until_amount is not None or until_unit:
            raise ValidationError(
                {"until_amount": "This step applies from then on: it has no end to change"}
            )
    else:
        if until_amount is None:
            raise ValidationError({"until_amount": "Enter how long this step lasts"})
        if not until_unit:
            raise ValidationError({"until_unit": "Choose weeks or months"})
        standard.until_amount = until_amount
        standard.until_unit = until_unit
    standard.full_clean()
    standard.save()
    return standard
