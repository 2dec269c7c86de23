"""The names behind a measure (issue 13 item 2): for one team and one month, who or what the
figure counts, opening from the team's picture.

Each list is only what the viewer may see, by the owning app's own rule (the filters each
app's lists use: training compliance's, supervision oversight's, the supervision auditors',
team circles', practice's meetings and conversations, evaluation's audits, complaints,
compliments and learning actions); the page says that the figure counts everyone. A
complaint about the viewer is never listed (the complaints rule). Staff wellbeing and
feedback answers are never named: the survey is anonymous and feedback is read rolled up.

One or two queries a list, whatever the size of the team.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse

from restorative.evaluation.audits.permissions import audits_visible_q as case_audits_visible_q
from restorative.evaluation.complaints.permissions import (
    complaints_visible_q,
    compliments_visible_q,
)
from restorative.evaluation.learning.permissions import learning_actions_visible_q
from restorative.evaluation.models import CaseAudit, Complaint, Compliment, LearningAction
from restorative.evaluation.models.audits import Grade
from restorative.people.models import Staff, Team
from restorative.practice import timeliness_selectors
from restorative.practice.models import (
    Decision,
    Meeting,
    MeetingParticipant,
    RestorativeConversation,
)
from restorative.practice.permissions import conversations_visible_q, meetings_visible_q
from restorative.practice.team_selectors import view_recorded_q
from restorative.practice.timeliness import COUNTED, Outcome
from restorative.workforce import circles, compliance, supervision
from restorative.workforce.audits import audits_visible_q as supervision_audits_visible_q
from restorative.workforce.models import (
    Completion,
    Course,
    SupervisionAudit,
    TeamCircle,
)
from restorative.workforce.permissions import compliance_staff_q, supervision_oversight_q
from restorative.workforce.selectors import (
    agreement_due_on,
    rules_get,
    supervision_standard_steps,
)
from restorative.workforce.selectors.compliance_figures import STATUS_CODES, fetch_rows, pairs_sql

from ..measures.sources import PRACTISING_ROLES, agreements_open_on


@dataclass(frozen=True)
class Name:
    """One person, family or record behind a figure, why it counts, and where it opens."""

    label: str
    detail: str
    url: str = ""


Lister = Callable[[Any, Team, datetime.date, datetime.date], list[Name]]

# Measures never named, and why (said on the page instead of a list).
NO_NAMES = {
    "wellbeing_personal": (
        "The staff survey is anonymous: no names are ever shown, for any team, to anyone."
    ),
    "wellbeing_safety": (
        "The staff survey is anonymous: no names are ever shown, for any team, to anyone."
    ),
}
_FEEDBACK = (
    "Feedback is read rolled up by team and month; who answered is not shown here (the "
    "feedback pages follow up answers that asked for it)."
)
for _key in ("feedback_children", "feedback_families", "feedback_partners"):
    NO_NAMES[_key] = _FEEDBACK
NO_NAMES["feedback_listened_to"] = _FEEDBACK


def _person(staff: Staff) -> str:
    return staff.get_full_name() or staff.email


def _in_month(field: str, start: datetime.date, end: datetime.date) -> Q:
    """Rows whose date `field` falls from `start` to `end`: the month the figure counts."""
    return Q(**{f"{field}__gte": start, f"{field}__lte": end})


def _names(
    rows: Iterable[Any],
    label: Callable[[Any], str],
    detail: Callable[[Any], str],
    url: Callable[[Any], str] | None = None,
) -> list[Name]:
    """One name a row: who or what it is, why it counts and, where it has one, its page."""
    return [Name(label(row), detail(row), url(row) if url else "") for row in rows]


def _opens(url_name: str) -> Callable[[Any], str]:
    """The row's own page: `url_name` with the row's UUID."""
    return lambda row: reverse(url_name, args=[row.uuid])


# --- Workforce -----------------------------------------------------------------------------


def training_mandatory(
    user: Any, team: Team, start: datetime.date, end: datetime.date
) -> list[Name]:
    """Staff of the team with a required course not in date on `end` (the compliance rule as
    the compliance pages count it), within the training compliance the viewer may see."""
    staff = Staff.objects.filter(compliance_staff_q(user), team=team, is_active=True)
    pairs, params = pairs_sql(staff, rules_get(), end)
    in_date = (
        compliance.Status.COMPLETED,
        compliance.Status.DUE_SOON,
        compliance.Status.NOT_REQUIRED,
    )
    missing: dict[str, list[str]] = {}
    rows = fetch_rows(
        # `pairs` is workforce's SQL with its parameters apart, as in `measures.sources`.
        f"SELECT q.p_first, q.p_last, q.p_email, q.course_title, q.status FROM ({pairs}) q",  # noqa: S608
        params,
    )
    for first, last, email, course, code in rows:
        status = STATUS_CODES[code]
        if status not in in_date:
            who = f"{first} {last}".strip() or email
            missing.setdefault(who, []).append(f"{course} ({status.label.lower()})")
    return [Name(who, "; ".join(sorted(courses))) for who, courses in sorted(missing.items())]


def training_advanced(
    user: Any, team: Team, start: datetime.date, end: datetime.date
) -> list[Name]:
    """Practising staff without advanced training valid on `end`."""
    people = list(
        Staff.objects.filter(
            compliance_staff_q(user), team=team, is_active=True, role__in=PRACTISING_ROLES
        ).order_by("last_name", "first_name")
    )
    facts: dict[int, list[compliance.CompletionFact]] = {person.pk: [] for person in people}
    for person_id, completed_on, valid_until in Completion.objects.filter(
        person_id__in=list(facts), course__level=Course.Level.ADVANCED
    ).values_list("person_id", "completed_on", "valid_until"):
        facts[person_id].append(compliance.CompletionFact(completed_on, valid_until))
    due_soon_days = rules_get().settings.due_soon_days
    out = []
    for person in people:
        status = compliance.advanced_training_status(
            facts[person.pk], today=end, due_soon_days=due_soon_days
        )
        if not status.may_lead:
            out.append(Name(_person(person), "No advanced training valid on that day"))
    return out


def supervision_standard(
    user: Any, team: Team, start: datetime.date, end: datetime.date
) -> list[Name]:
    """Supervisees of the team whose next supervision was overdue on `end`, within the
    supervision the viewer oversees."""
    agreements = (
        agreements_open_on(end)
        .filter(supervision_oversight_q(user), supervisee__team=team)
        .select_related("supervisee")
        .order_by("supervisee__last_name", "supervisee__first_name")
    )
    steps = supervision_standard_steps()  # the organisation's standard, as workforce reads it
    out = []
    for agreement in agreements:
        person = agreement.supervisee
        due_on = agreement_due_on(agreement, steps=steps)
        if supervision.is_overdue(due_on=due_on, today=end):
            out.append(Name(_person(person), f"Supervision was due by {due_on:%-d %B %Y}"))
    return out


def supervision_audit_grades(
    user: Any, team: Team, start: datetime.date, end: datetime.date
) -> list[Name]:
    """Supervision audits of the team graded in the month, for those who audit the team
    (never the session's personal parts: the grade and who was supervised only)."""
    audits = (
        SupervisionAudit.objects.filter(
            supervision_audits_visible_q(user),
            _in_month("rated_at__date", start, end),
            sample__team=team,
        )
        .exclude(grade="")
        .select_related("session__agreement__supervisee")
        .order_by("rated_at")
    )
    return _names(
        audits,
        lambda audit: _person(audit.session.agreement.supervisee),
        lambda audit: f"Graded {audit.get_grade_display().lower()}",
        _opens("workforce:audit_detail"),
    )


def team_circles(user: Any, team: Team, start: datetime.date, end: datetime.date) -> list[Name]:
    """The team's circles held in the month, for those who may see the team's circles."""
    held = (
        TeamCircle.objects.filter(
            circles.team_circles_visible_q(user), _in_month("held_on", start, end), team=team
        )
        .select_related("facilitator")
        .order_by("held_on")
    )
    circles_page = reverse("workforce:team_circles", args=[team.uuid])
    return _names(
        held,
        lambda circle: f"{circle.held_on:%-d %B %Y}: {circle.get_purpose_display()}",
        lambda circle: f"Facilitated by {_person(circle.facilitator)}",
        lambda _circle: circles_page,
    )


# --- Practice ------------------------------------------------------------------------------


def conversations(user: Any, team: Team, start: datetime.date, end: datetime.date) -> list[Name]:
    """Restorative conversations held in the month with the team's families, by whom."""
    rows = (
        RestorativeConversation.objects.filter(
            conversations_visible_q(user), _in_month("held_on", start, end), family__team=team
        )
        .select_related("family", "created_by")
        .order_by("held_on", "pk")
    )
    return _names(
        rows,
        lambda row: _person(row.created_by),
        lambda row: f"With the {row.family.name} family on {row.held_on:%-d %B %Y}",
        _opens("practice:conversation_detail"),
    )


def _meeting_names(meetings: Iterable[Any], detail: Callable[[Any], str]) -> list[Name]:
    return _names(
        meetings,
        lambda meeting: f"{meeting.family.name} family",
        detail,
        _opens("practice:meeting_detail"),
    )


def _held(user: Any, team: Team, start: datetime.date, end: datetime.date) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(
            meetings_visible_q(user),
            _in_month("held_on", start, end),
            family__team=team,
            status=Meeting.Status.HELD,
        )
        .select_related("family")
        .order_by("held_on", "pk")
    )


def _held_on(meeting: Meeting) -> str:
    return f"{meeting.get_meeting_type_display()}, held {meeting.held_on:%-d %B %Y}"


def meetings_on_time(user: Any, team: Team, start: datetime.date, end: datetime.date) -> list[Name]:
    """Statutory meetings due in the month and counted (held, or overdue), on time or not."""
    filters = timeliness_selectors.outcome_filters(end)
    counted = Q(pk__in=[])
    for outcome in COUNTED:
        counted |= filters[outcome]
    due = _in_month("due_date", start, end)
    on_time = set(
        Meeting.objects.filter(filters[Outcome.ON_TIME], due, family__team=team).values_list(
            "pk", flat=True
        )
    )
    meetings = (
        Meeting.objects.filter(counted, meetings_visible_q(user), due, family__team=team)
        .select_related("family")
        .order_by("due_date", "pk")
    )
    return _meeting_names(
        meetings,
        lambda m: (
            f"{m.get_meeting_type_display()}, due {m.due_date:%-d %B %Y}: "
            + ("on time" if m.pk in on_time else "not on time")
        ),
    )


def voice_heard(user: Any, team: Team, start: datetime.date, end: datetime.date) -> list[Name]:
    """Meetings held in the month, with how many invited had their view recorded."""
    invited = Q(participants__invited=True)
    meetings = _held(user, team, start, end).annotate(
        heard=_count("participants", view_recorded_q("participants__") & invited),
        invited=_count("participants", invited),
    )
    return _meeting_names(
        [m for m in meetings if m.invited],
        lambda m: f"{_held_on(m)}: views recorded {m.heard} of {m.invited}",
    )


def child_words(user: Any, team: Team, start: datetime.date, end: datetime.date) -> list[Name]:
    """Meetings held in the month with a child invited: was a child's view recorded?"""
    child = Q(participants__invited=True, participants__kind=MeetingParticipant.Kind.CHILD)
    meetings = (
        _held(user, team, start, end)
        .filter(child)
        .annotate(heard=_count("participants", child & view_recorded_q("participants__")))
    )
    return _meeting_names(
        meetings,
        lambda m: (
            f"{_held_on(m)}: "
            + ("the child's own words recorded" if m.heard else "no child's view recorded")
        ),
    )


def decisions_agreed(user: Any, team: Team, start: datetime.date, end: datetime.date) -> list[Name]:
    """Meetings held in the month with decisions, and how many the family agreed with."""
    meetings = _held(user, team, start, end).annotate(
        agreed=_count("decisions", Q(decisions__family_position=Decision.FamilyPosition.AGREED)),
        decided=_count("decisions", Q(decisions__isnull=False)),
    )
    return _meeting_names(
        [m for m in meetings if m.decided],
        lambda m: f"{_held_on(m)}: the family agreed with {m.agreed} of {m.decided} decisions",
    )


def experience(user: Any, team: Team, start: datetime.date, end: datetime.date) -> list[Name]:
    """Meetings held in the month with how the work was experienced recorded."""
    meetings = _held(user, team, start, end).exclude(experience="")
    return _meeting_names(
        meetings, lambda m: f"{_held_on(m)}: experienced as {m.get_experience_display()}"
    )


def _count(related: str, condition: Q) -> Count:
    """A meeting's participants or decisions that meet `condition`, each counted once."""
    return Count(related, filter=condition, distinct=True)


# --- Evaluation ----------------------------------------------------------------------------


def case_audit_grades(
    user: Any, team: Team, start: datetime.date, end: datetime.date
) -> list[Name]:
    """Case-file audits of the team finished in the month, with their final grade."""
    audits = (
        CaseAudit.objects.filter(
            case_audits_visible_q(user),
            _in_month("finished_on", start, end),
            team=team,
            status=CaseAudit.Status.FINISHED,
        )
        .exclude(final_grade="")
        .select_related("family")
        .order_by("finished_on", "pk")
    )
    grades = dict(Grade.choices)
    return _names(
        audits,
        lambda audit: f"{audit.family.name} family",
        lambda audit: (
            f"Audit finished {audit.finished_on:%-d %B %Y}: {grades.get(audit.final_grade, '')}"
        ),
        _opens("evaluation:audit_detail"),
    )


def _complaint_names(complaints: Iterable[Complaint], detail: Callable[[Any], str]) -> list[Name]:
    return _names(
        complaints,
        lambda complaint: complaint.reference,
        detail,
        _opens("evaluation:complaint_detail"),
    )


def complaints_on_time(
    user: Any, team: Team, start: datetime.date, end: datetime.date
) -> list[Name]:
    """Complaints of the team with a stage due in the month, never one about the viewer."""
    complaints = (
        Complaint.objects.filter(
            complaints_visible_q(user),
            _in_month("stages__due_on", start, end),
            team=team,
        )
        .annotate(due=Max("stages__due_on"))
        .order_by("due", "reference")
    )
    return _complaint_names(complaints, lambda c: f"A stage due {c.due:%-d %B %Y}")


def complaints_upheld(
    user: Any, team: Team, start: datetime.date, end: datetime.date
) -> list[Name]:
    """Complaints of the team closed in the month, never one about the viewer."""
    complaints = Complaint.objects.filter(
        complaints_visible_q(user),
        _in_month("closed_on", start, end),
        team=team,
        status=Complaint.Status.CLOSED,
    ).order_by("closed_on", "reference")
    return _complaint_names(complaints, lambda c: f"Closed {c.closed_on:%-d %B %Y}")


def compliments(user: Any, team: Team, start: datetime.date, end: datetime.date) -> list[Name]:
    """Compliments about the team received in the month."""
    rows = Compliment.objects.filter(
        compliments_visible_q(user), _in_month("received_on", start, end), team=team
    ).order_by("received_on", "pk")
    return _names(
        rows,
        lambda row: f"From {row.get_from_kind_display().lower()}",
        lambda row: f"Received {row.received_on:%-d %B %Y}: {row.get_theme_display()}",
        _opens("evaluation:compliment_detail"),
    )


def learning_actions_done(
    user: Any, team: Team, start: datetime.date, end: datetime.date
) -> list[Name]:
    """Learning actions of the team due in the month, done by their date or not."""
    rows = (
        LearningAction.objects.filter(
            learning_actions_visible_q(user), _in_month("due_on", start, end), team=team
        )
        .select_related("owner")
        .order_by("due_on", "pk")
    )
    return _names(
        rows,
        lambda row: row.what if len(row.what) <= 80 else row.what[:79] + "…",
        lambda row: (
            f"{_person(row.owner)}, due {row.due_on:%-d %B %Y}: "
            + ("done on time" if row.done_on and row.done_on <= row.due_on else "not done on time")
        ),
    )


LISTS: dict[str, tuple[str, Lister]] = {
    "training_mandatory": ("Staff with a required course not in date", training_mandatory),
    "training_advanced": ("Practising staff without advanced training", training_advanced),
    "supervision_standard": (
        "Supervisees without supervision to the standard",
        supervision_standard,
    ),
    "supervision_audit_grades": ("Supervision audits graded", supervision_audit_grades),
    "team_circles": ("Team circles held", team_circles),
    "conversations": ("Conversations, by who held them", conversations),
    "meetings_on_time": ("Statutory meetings due", meetings_on_time),
    "voice_heard": ("Meetings held, and whose views were recorded", voice_heard),
    "child_words": ("Meetings held with a child invited", child_words),
    "decisions_agreed": ("Meetings held with decisions", decisions_agreed),
    "experience_with": ("Meetings held with how the work was experienced", experience),
    "experience_to": ("Meetings held with how the work was experienced", experience),
    "experience_for": ("Meetings held with how the work was experienced", experience),
    "experience_not": ("Meetings held with how the work was experienced", experience),
    "case_audit_grades": ("Case-file audits finished", case_audit_grades),
    "complaints_on_time": ("Complaints with a stage due", complaints_on_time),
    "complaints_upheld": ("Complaints closed", complaints_upheld),
    "compliments": ("Compliments received", compliments),
    "learning_actions_done": ("Learning actions due", learning_actions_done),
}


@dataclass(frozen=True)
class Behind:
    title: str
    names: list[Name]
    no_names: str = ""  # why nobody is named (anonymous answers)


def behind(user: Any, key: str, team: Team, start: datetime.date, end: datetime.date) -> Behind:
    """The names behind measure `key` for `team` from `start` to `end`, as far as `user`
    may see them (the team's picture is checked by the caller: `picture.team_place`)."""
    if key in NO_NAMES:
        return Behind("", [], NO_NAMES[key])
    title, lister = LISTS[key]
    return Behind(title, lister(user, team, start, end))
