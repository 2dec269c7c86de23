"""Every read for feedback surveys, already scoped to the person asking.

The results are computed with a fixed number of grouped queries whatever the number of
responses (the results benchmark counts them): each figure is one `GROUP BY` on the
response or answer table, filtered by the same scope rule as the page, export and API.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet, Sum
from django.http import Http404
from django.urls import reverse

from restorative.people.models import Family, FamilyMember, Service, Staff, Team
from restorative.practice.models import Meeting, MeetingType, PlanReview, RestorativeConversation

from ..audits import permissions as audit_permissions
from ..models import (
    CaseAudit,
    Survey,
    SurveyAnswer,
    SurveyFollowUp,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    SurveyResultMonth,
    SurveyResultQuestion,
    SurveyVersion,
)
from ..models.surveys import RespondentKind, Theme
from . import permissions

EXPERIENCES = (
    ("with", "WITH"),
    ("to", "TO"),
    ("for", "FOR"),
    ("not", "NOT"),
)
SCORED_THEMES = [t for t in Theme if t not in (Theme.WITH_TO_FOR_NOT, Theme.OTHER)]


def surveys_active() -> QuerySet[Survey]:
    return Survey.objects.filter(is_active=True).order_by("name")


@dataclass(frozen=True)
class Invitable:
    """Someone who took part and can be invited: a family member, a partner, or a name."""

    key: int
    display_name: str
    kind_label: str
    member: FamilyMember | None = None
    staff: Staff | None = None
    name: str = ""


@dataclass
class InviteAbout:
    """What the feedback is about (a meeting, a plan review or a conversation), its family,
    the people who took part, and the links already given."""

    kind: str  # "meeting", "plan_review", "conversation" or "case_audit"
    record: Any
    family: Family
    title: str
    people: list[Invitable]
    invitations: list[SurveyInvitation]
    url_name: str
    url_kwarg: str

    @property
    def record_kwargs(self) -> dict[str, Any]:
        return {self.kind: self.record}

    @property
    def invite_url(self) -> str:
        return reverse(self.url_name, kwargs={self.url_kwarg: self.record.uuid})

    @property
    def in_words(self) -> str:
        """What it was, as the person would say it: "the core group meeting"."""
        if self.kind == "meeting":
            return f"the {str(self.record.get_meeting_type_display()).lower()}"
        if self.kind == "plan_review":
            return "the review of your plan"
        if self.kind == "case_audit":
            return "the work with your family"
        return "your conversation with your worker"


def _member_invitable(member: FamilyMember) -> Invitable:
    """A family member as the invite page lists them: by name, with their relationship."""
    return Invitable(
        key=member.pk,
        display_name=member.display_name,
        kind_label=str(member.get_relationship_display()),
        member=member,
    )


def _invitations_for(**about: Any) -> list[SurveyInvitation]:
    return list(
        SurveyInvitation.objects.filter(**about)
        .select_related("member", "staff", "version__survey", "response")
        .order_by("created_at")
    )


def meeting_for_inviting(user: Any, meeting_uuid: uuid.UUID | str) -> InviteAbout:
    """A meeting whose people `user` may invite (404 otherwise), with its participants.
    Our own staff give feedback as staff, not here, so only partners of our staff appear."""
    meeting = (
        Meeting.objects.select_related("family__team", "family__allocated_worker", "chair")
        .prefetch_related("participants__member", "participants__staff")
        .filter(uuid=meeting_uuid)
        .first()
    )
    if meeting is None or not permissions.can_invite_for_family(user, meeting.family):
        raise Http404
    people = [
        Invitable(
            key=p.pk,
            display_name=p.display_name,
            kind_label=str(p.get_kind_display()),
            member=p.member,
            staff=p.staff,
            name=p.name,
        )
        for p in meeting.participants.all()
        if p.staff is None or p.staff.role == Staff.Role.PARTNER
    ]
    when = meeting.held_on or (meeting.scheduled_at.date() if meeting.scheduled_at else None)
    title = str(meeting.get_meeting_type_display())
    return InviteAbout(
        kind="meeting",
        record=meeting,
        family=meeting.family,
        title=f"{title}, {when:%-d %B %Y}" if when else title,
        people=people,
        invitations=_invitations_for(meeting=meeting),
        url_name="evaluation:feedback_meeting_invite",
        url_kwarg="meeting_uuid",
    )


def review_for_inviting(user: Any, review_uuid: uuid.UUID | str) -> InviteAbout:
    """A plan review whose family members `user` may invite (404 otherwise)."""
    review = (
        PlanReview.objects.select_related("plan__family__team", "plan__family__allocated_worker")
        .prefetch_related("members")
        .filter(uuid=review_uuid)
        .first()
    )
    if review is None or not permissions.can_invite_for_family(user, review.plan.family):
        raise Http404
    people = [_member_invitable(m) for m in review.members.all()]
    return InviteAbout(
        kind="plan_review",
        record=review,
        family=review.plan.family,
        title=f"Plan review, {review.reviewed_on:%-d %B %Y}",
        people=people,
        invitations=_invitations_for(plan_review=review),
        url_name="evaluation:feedback_review_invite",
        url_kwarg="review_uuid",
    )


def conversation_for_inviting(user: Any, conversation_uuid: uuid.UUID | str) -> InviteAbout:
    """A restorative conversation whose people `user` may invite (404 otherwise)."""
    conversation = (
        RestorativeConversation.objects.select_related("family__team", "family__allocated_worker")
        .prefetch_related("participants__member")
        .filter(uuid=conversation_uuid)
        .first()
    )
    if conversation is None or not permissions.can_invite_for_family(user, conversation.family):
        raise Http404
    people = [
        Invitable(
            key=p.pk,
            display_name=p.display_name,
            kind_label=p.member.get_relationship_display() if p.member else p.relationship,
            member=p.member,
            name=p.name,
        )
        for p in conversation.participants.all()
    ]
    return InviteAbout(
        kind="conversation",
        record=conversation,
        family=conversation.family,
        title=f"Restorative conversation, {conversation.held_on:%-d %B %Y}",
        people=people,
        invitations=_invitations_for(conversation=conversation),
        url_name="evaluation:feedback_conversation_invite",
        url_kwarg="conversation_uuid",
    )


def audit_for_inviting(user: Any, audit_uuid: uuid.UUID | str) -> InviteAbout:
    """A case-file audit from which `user` may ask the family how the work felt to them
    (404 otherwise; issue 12 point 3), with the family's members and the links given from
    this audit."""
    audit = (
        CaseAudit.objects.select_related("family__team", "programme")
        .prefetch_related("family__members")
        .filter(uuid=audit_uuid)
        .first()
    )
    if audit is None or not audit_permissions.can_invite_family_from_audit(user, audit):
        raise Http404
    people = [_member_invitable(m) for m in audit.family.members.all()]
    return InviteAbout(
        kind="case_audit",
        record=audit,
        family=audit.family,
        title=f"Case-file audit: {audit.programme.theme}",
        people=people,
        invitations=_invitations_for(case_audit=audit),
        url_name="evaluation:audit_feedback_invite",
        url_kwarg="audit_uuid",
    )


@dataclass(frozen=True)
class AuditFeedback:
    """One link given from an audit: who, whether they answered, and (if this reader may
    read the family's answers) what they said."""

    invitation: SurveyInvitation
    response: SurveyResponse | None
    readable: bool


def audit_feedback(user: Any, audit: CaseAudit) -> list[AuditFeedback]:
    """The family's feedback asked for from this audit (issue 12 point 3). Everyone who reads
    the audit sees who was asked and whether they answered; the answers themselves only under
    the feedback rule (`permissions.can_view_response`: the team manager and quality
    assurance, the practitioner only if the person agreed). Two queries."""
    invitations = list(
        SurveyInvitation.objects.filter(case_audit=audit)
        .select_related("member", "version__survey", "response")
        .prefetch_related("response__answers__question")
        .order_by("created_at", "id")
    )
    rows = []
    for invitation in invitations:
        response = getattr(invitation, "response", None)
        readable = response is not None and permissions.can_view_response(user, response)
        rows.append(AuditFeedback(invitation, response, readable))
    return rows


def family_invitations(family: Any) -> list[SurveyInvitation]:
    """Every link given to a family's members, newest first, with whether it was answered."""
    return list(
        SurveyInvitation.objects.filter(family=family)
        .select_related("member", "staff", "version__survey", "response")
        .order_by("-created_at")[:200]
    )


def response_get(user: Any, response_uuid: uuid.UUID | str) -> SurveyResponse:
    """One response, if `user` may read it (404 otherwise), with its answers."""
    response = (
        SurveyResponse.objects.select_related("survey", "team", "family", "invitation")
        .prefetch_related("answers__question")
        .filter(uuid=response_uuid)
        .first()
    )
    if response is None or not permissions.can_view_response(user, response):
        raise Http404
    return response


def responses_list(user: Any, *, limit: int = 50) -> list[SurveyResponse]:
    """The latest responses `user` may read."""
    return list(
        SurveyResponse.objects.filter(permissions.responses_visible_q(user))
        .select_related("survey", "team", "family")
        .order_by("-created_at", "-id")[:limit]
    )


def response_trail_links(reader: Any, uuids: Collection[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Links from the access trail to the responses `reader` may open (one query)."""
    found = SurveyResponse.objects.filter(permissions.responses_visible_q(reader), uuid__in=uuids)
    return {
        pk: reverse("evaluation:feedback_response", kwargs={"response_uuid": pk})
        for pk in found.values_list("uuid", flat=True)
    }


def follow_ups_due(user: Any) -> list[SurveyFollowUp]:
    """Requests to be contacted on `user`'s list, open ones first by due date."""
    return list(
        SurveyFollowUp.objects.filter(permissions.follow_ups_q(user))
        .select_related("response__survey", "response__family", "done_by")
        .order_by("done_at", "due_on", "id")[:200]
    )


def follow_up_get(user: Any, follow_up_uuid: uuid.UUID | str) -> SurveyFollowUp:
    follow_up = (
        SurveyFollowUp.objects.select_related("response__survey", "team")
        .filter(uuid=follow_up_uuid)
        .first()
    )
    if follow_up is None or not permissions.can_act_on_follow_up(user, follow_up):
        raise Http404
    return follow_up


# --- Results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultsFilter:
    """What the results are narrowed to (all optional)."""

    survey: str = ""  # a survey's code
    team: int | None = None
    service: int | None = None
    meeting_type: str = ""
    respondent_kind: str = ""
    since: datetime.date | None = None


@dataclass
class Figure:
    """One row of a table and bar of a chart: a label, a count and a score out of 100."""

    label: str
    count: int
    score: float | None = None


@dataclass
class Results:
    invited: int
    responded: int
    themes: list[Figure]
    questions: list[Figure]
    experience: list[Figure]
    by_month: list[Figure]
    by_team: list[Figure]
    by_service: list[Figure]
    by_meeting_type: list[Figure]
    by_respondent: list[Figure]
    filters: ResultsFilter = field(default_factory=ResultsFilter)

    @property
    def response_rate(self) -> float | None:
        return round(100 * self.responded / self.invited, 1) if self.invited else None


def _filtered(qs: QuerySet[Any], f: ResultsFilter) -> QuerySet[Any]:
    if f.survey:
        qs = qs.filter(survey__code=f.survey)
    if f.team:
        qs = qs.filter(team_id=f.team)
    if f.service:
        qs = qs.filter(service_id=f.service)
    if f.meeting_type:
        qs = qs.filter(meeting_type=f.meeting_type)
    if f.respondent_kind:
        qs = qs.filter(respondent_kind=f.respondent_kind)
    if f.since:
        qs = qs.filter(month__gte=f.since)
    return qs


def _mean(total: float | None, count: int | None) -> float | None:
    return round(total / count, 1) if total is not None and count else None


def results(user: Any, f: ResultsFilter) -> Results:
    """Every figure of the results page, CSV, XLSX and API, for what `user` may see.

    Read from the rolled-up tables (`rollup.py`): a fixed number of grouped queries whose
    cost grows with months, teams and meeting types, not with the number of responses.
    """
    scope = permissions.results_scope_q(user)
    months = _filtered(SurveyResultMonth.objects.filter(scope), f)
    scores = _filtered(SurveyResultQuestion.objects.filter(scope), f)
    totals = months.aggregate(
        invited=Sum("invited"),
        responded=Sum("responses"),
        with_n=Sum("with_count"),
        to_n=Sum("to_count"),
        for_n=Sum("for_count"),
        not_n=Sum("not_count"),
    )

    def grouped(key: str) -> dict[Any, tuple[int, float | None]]:
        """Responses and mean score by `key`, from the month rows alone (one grouped query)."""
        rows = (
            months.values(key)
            .annotate(n=Sum("responses"), scored=Sum("answers"), total=Sum("score_sum"))
            .order_by()
        )
        return {r[key]: (int(r["n"]), _mean(r["total"], r["scored"])) for r in rows if r["n"]}

    # One grouped query over the question rows; the themes and the questions' wordings are
    # summed from it in Python (a question's wording may stand in several versions).
    by_question = scores.values("question_id").annotate(n=Sum("answers"), total=Sum("score_sum"))
    sums = {r["question_id"]: (int(r["n"] or 0), r["total"] or 0.0) for r in by_question.order_by()}
    theme_sums: dict[str, list[float]] = {}
    text_sums: dict[str, list[float]] = {}
    for pk, theme, text in SurveyQuestion.objects.filter(pk__in=list(sums)).values_list(
        "pk", "theme", "text"
    ):
        n, total = sums[pk]
        for table, key in ((theme_sums, theme), (text_sums, text)):
            added = table.setdefault(key, [0, 0.0])
            added[0] += n
            added[1] += total

    def figure(label: str, added: list[float] | None) -> Figure:
        n, total = (int(added[0]), added[1]) if added else (0, None)
        return Figure(label, n, _mean(total, n))

    themes = [figure(str(t.label), theme_sums.get(t.value)) for t in SCORED_THEMES]
    questions = sorted(
        (figure(text, added) for text, added in text_sums.items()), key=lambda fig: fig.label
    )
    experience = [Figure(label, int(totals[f"{value}_n"] or 0)) for value, label in EXPERIENCES]

    month_figures = grouped("month")
    by_month = [
        Figure(month.strftime("%b %Y"), *month_figures[month]) for month in sorted(month_figures)
    ]
    team_figures = grouped("team")
    team_names = dict(Team.objects.filter(pk__in=list(team_figures)).values_list("pk", "name"))
    by_team = sorted(
        (Figure(team_names.get(pk, ""), *figures) for pk, figures in team_figures.items()),
        key=lambda fig: fig.label,
    )
    service_figures = grouped("service")
    service_names = dict(
        Service.objects.filter(pk__in=list(service_figures)).values_list("pk", "name")
    )
    by_service = sorted(
        (Figure(service_names.get(pk, ""), *figures) for pk, figures in service_figures.items()),
        key=lambda fig: fig.label,
    )
    type_labels = dict(MeetingType.choices)
    by_meeting_type = [
        Figure(str(type_labels.get(value, "Not a meeting")) if value else "Not a meeting", *figures)
        for value, figures in sorted(grouped("meeting_type").items())
    ]
    kind_figures = grouped("respondent_kind")
    by_respondent = [
        Figure(str(kind.label), *kind_figures.get(kind.value, (0, None))) for kind in RespondentKind
    ]
    return Results(
        invited=int(totals["invited"] or 0),
        responded=int(totals["responded"] or 0),
        themes=themes,
        questions=questions,
        experience=experience,
        by_month=by_month,
        by_team=by_team,
        by_service=by_service,
        by_meeting_type=by_meeting_type,
        by_respondent=by_respondent,
        filters=f,
    )


# --- Comments: the families' own words, under the feedback rule ---------------------------------

COMMENTS_PAGE_SIZE = 20
COMMENTS_EXPORT_LIMIT = 1000


@dataclass(frozen=True)
class Comment:
    """One free-text answer as the comments list shows it (decision 0026): the words, the
    question in the wording it was answered under, the survey, who answered (a kind, never a
    name), the team and the month. No name, case reference or link beside it: the words may
    hold names, which is why each one shown is written to its family's access trail."""

    id: int
    response_uuid: uuid.UUID
    family_uuid: uuid.UUID | None
    words: str
    question: str
    survey: str
    respondent_kind: str
    team: str
    month: datetime.date

    @property
    def who(self) -> str:
        return str(RespondentKind(self.respondent_kind).label)

    @property
    def trail_subject(self) -> tuple[uuid.UUID, uuid.UUID] | None:
        return (self.response_uuid, self.family_uuid) if self.family_uuid else None


@dataclass(frozen=True)
class CommentsPage:
    comments: list[Comment]
    next_cursor: int | None  # the last comment's id: the next page has older ones


def comments(
    user: Any, f: ResultsFilter, *, after: int | None = None, limit: int = COMMENTS_PAGE_SIZE
) -> CommentsPage:
    """The free-text answers `user` may read (`permissions.responses_visible_q`: the team
    manager and quality assurance the family's answers, the practitioner only those whose
    respondent agreed, a partner's by the chair and their manager), narrowed by the results'
    filters, newest first, `limit` a page by keyset on the answer's id (answers are written
    as they arrive, so a later id is a later answer). Shown exactly as written: never run
    through the language checker. Two queries, whatever the number of answers: the page's
    ids first, walking the answers with words newest first (a partial index, and only free-text
    answers hold words: answers.clean_answer), then those few answers' details. As one query
    joined to the survey, team and family, PostgreSQL sorted every answer a team manager may
    see (93 ms with 200,000 responses; the ids first take 23 ms)."""
    responses = _filtered(
        SurveyResponse.objects.filter(permissions.responses_visible_q(user)), f
    ).values("pk")
    answers = SurveyAnswer.objects.exclude(text="").filter(response__in=responses)
    if after is not None:
        answers = answers.filter(id__lt=after)
    ids = list(answers.order_by("-id").values_list("id", flat=True)[: limit + 1])
    rows = list(
        SurveyAnswer.objects.filter(id__in=ids[:limit])
        .order_by("-id")
        .values_list(
            "id",
            "response__uuid",
            "response__family__uuid",
            "text",
            "question__text",
            "response__survey__name",
            "response__respondent_kind",
            "response__team__name",
            "response__month",
        )
    )
    found = [Comment(*row) for row in rows]
    more = len(ids) > limit and bool(found)
    return CommentsPage(comments=found, next_cursor=found[-1].id if more else None)


def results_filter_options(user: Any) -> dict[str, list[tuple[Any, str]]]:
    """The choices offered to narrow the results: only teams and services in reach."""
    scope = permissions.results_scope_q(user)
    # One probe of the month rows' team index per team (EXISTS), not a pass over every row.
    with_results = Exists(SurveyResultMonth.objects.filter(scope, team_id=OuterRef("pk")))
    rows = list(
        Team.objects.filter(with_results)
        .order_by("name")
        .values_list("pk", "name", "service_id", "service__name")
    )
    teams = [(pk, name) for pk, name, _, _ in rows]
    services = sorted({(pk, name) for _, _, pk, name in rows}, key=lambda row: row[1])
    return {
        "surveys": list(surveys_active().values_list("code", "name")),
        "teams": teams,
        "services": services,
        "meeting_types": list(MeetingType.choices),
        "respondent_kinds": list(RespondentKind.choices),
    }


# --- Surveys as data, for those who change them --------------------------------------------------


@dataclass(frozen=True)
class SurveyListed:
    """A survey on the page that lists them: its current wording and how far it has gone."""

    survey: Survey
    current: SurveyVersion | None
    questions: int
    sent: int
    versions: int


def surveys_for_editing(user: Any) -> list[SurveyListed]:
    """Every survey with its current version, its number of questions, how many people were
    sent that version and how many versions there are (four queries whatever the numbers).
    404 for anyone who may not change surveys."""
    if not permissions.can_change_surveys(user):
        raise Http404
    surveys = list(Survey.objects.order_by("name"))
    current = {
        v.survey_id: v
        for v in SurveyVersion.objects.filter(is_current=True).annotate(
            question_count=Count("questions")
        )
    }
    sent = dict(
        SurveyInvitation.objects.filter(version__is_current=True)
        .values("version__survey_id")
        .annotate(n=Count("id"))
        .values_list("version__survey_id", "n")
    )
    versions = dict(
        SurveyVersion.objects.values("survey_id")
        .annotate(n=Count("id"))
        .values_list("survey_id", "n")
    )
    return [
        SurveyListed(
            survey=s,
            current=current.get(s.pk),
            questions=getattr(current.get(s.pk), "question_count", 0),
            sent=sent.get(s.pk, 0),
            versions=versions.get(s.pk, 0),
        )
        for s in surveys
    ]


@dataclass(frozen=True)
class SurveyForEditing:
    survey: Survey
    current: SurveyVersion | None
    sent: int
    versions: list[SurveyVersion]


def survey_for_editing(user: Any, code: str) -> SurveyForEditing:
    """One survey, its current version (with its questions), how many were sent it, and its
    earlier versions; 404 for an unknown code and for anyone who may not change surveys."""
    if not permissions.can_change_surveys(user):
        raise Http404
    survey = Survey.objects.filter(code=code).first()
    if survey is None:
        raise Http404
    versions = list(
        SurveyVersion.objects.filter(survey=survey)
        .prefetch_related("questions")
        .order_by("-number")
    )
    current = next((v for v in versions if v.is_current), None)
    sent = SurveyInvitation.objects.filter(version=current).count() if current else 0
    return SurveyForEditing(survey=survey, current=current, sent=sent, versions=versions)


def survey_version_get(user: Any, code: str, number: int) -> SurveyVersion:
    """One version of a survey with its questions, as it was sent (404 as above)."""
    if not permissions.can_change_surveys(user):
        raise Http404
    version = (
        SurveyVersion.objects.select_related("survey")
        .prefetch_related("questions")
        .filter(survey__code=code, number=number)
        .first()
    )
    if version is None:
        raise Http404
    return version
