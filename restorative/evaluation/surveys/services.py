"""Every write for feedback surveys: defaults, versions, invitations, responses, follow-ups.

Keyword-only, typed, `full_clean()` before saving, one transaction each; messages and other
side effects are queued with `core.tasks.enqueue` and so leave only after commit.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from restorative.core import audit
from restorative.core.models import AccessEvent
from restorative.core.tasks import enqueue
from restorative.core.working_days import add_working_days
from restorative.people.models import Family, FamilyMember, Staff
from restorative.practice.models import Meeting, PlanReview, RestorativeConversation

from ..audits import permissions as audit_permissions
from ..models import (
    CaseAudit,
    Survey,
    SurveyAnswer,
    SurveyFollowUp,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    SurveyVersion,
)
from ..models.surveys import CHILD_AUDIENCES, Audience, QuestionKind, RespondentKind, Theme
from . import permissions, rollup
from .answers import AnswerError, clean_answer
from .defaults import DEFAULT_SURVEYS, FACES
from .tokens import token_hash, token_new

NO_QUESTIONS = "A survey needs at least one question"
LINK_USED = "This link has already been used. Thank you for your answers."
LINK_EXPIRED = "This link has closed."
NOBODY_CHOSEN = "Choose at least one person to invite"
NEEDS_ADDRESS = "Enter an e-mail address or mobile number to send the link to"
FOLLOW_UP_WORKING_DAYS = 5


def respondent_kind_for(audience: str) -> str:
    """Children answer the children's surveys; partners theirs; everyone else as a parent or
    carer."""
    if audience in CHILD_AUDIENCES:
        return RespondentKind.CHILD
    if audience == Audience.PARTNER:
        return RespondentKind.PARTNER
    return RespondentKind.PARENT_CARER


# --- Surveys and versions ---------------------------------------------------------------------


EXPERIENCE_CODES = ("with", "to", "for", "not")


def _questions_check(questions: Sequence[Mapping[str, Any]]) -> None:
    if not questions:
        raise ValidationError({"questions": NO_QUESTIONS})
    for number, question in enumerate(questions, start=1):
        if not str(question.get("text", "")).strip():
            raise ValidationError({"questions": f"Question {number} needs its words"})
        kind = question.get("kind")
        if kind not in QuestionKind.values:
            raise ValidationError({"questions": f"Question {number} needs a kind of answer"})
        choices = list(question.get("choices") or [])
        codes = [str(choice[0]) for choice in choices]
        if len(set(codes)) != len(codes):
            raise ValidationError(
                {"questions": f"Question {number} has two answers with the same code"}
            )
        if kind == QuestionKind.CHOOSE_ONE and len(choices) < 2:
            raise ValidationError({"questions": f"Question {number} needs two or more choices"})
        if kind == QuestionKind.FACES_1_5 and choices and codes != ["1", "2", "3", "4", "5"]:
            raise ValidationError(
                {"questions": f"Question {number} needs five faces, numbered 1 to 5"}
            )
        # The results count WITH, TO, FOR and NOT from these four codes.
        if (
            kind == QuestionKind.CHOOSE_ONE
            and question.get("theme") == Theme.WITH_TO_FOR_NOT
            and sorted(codes) != sorted(EXPERIENCE_CODES)
        ):
            raise ValidationError(
                {
                    "questions": f"Question {number} asks WITH, TO, FOR or NOT: its four "
                    "answers need the codes with, to, for and not"
                }
            )


def _question_rows(questions: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The questions as they are stored (faces always carry their words: a child reads the
    word as well as the face)."""
    return [
        {
            "kind": question["kind"],
            "theme": question.get("theme") or "other",
            "text": str(question["text"]).strip(),
            "hint": str(question.get("hint") or "").strip(),
            "choices": [
                [choice[0], choice[1]]
                for choice in (
                    question.get("choices") or (FACES if question["kind"] == "faces_1_5" else [])
                )
            ],
            "required": bool(question.get("required", False)),
        }
        for question in questions
    ]


def stored_questions(version: SurveyVersion) -> list[dict[str, Any]]:
    """A version's questions in the shape they are written in (`DEFAULT_SURVEYS`, the editor,
    the API), so what is stored can be shown, sent or compared with new wording."""
    return [
        {
            "kind": q.kind,
            "theme": q.theme,
            "text": q.text,
            "hint": q.hint,
            "choices": [[str(v), str(w)] for v, w in q.choices],
            "required": q.required,
        }
        for q in version.questions.all()
    ]


def _same_wording(version: SurveyVersion, rows: list[dict[str, Any]], introduction: str) -> bool:
    if version.introduction != introduction:
        return False
    stored = stored_questions(version)
    wanted = [{**row, "choices": [[str(v), str(w)] for v, w in row["choices"]]} for row in rows]
    return stored == wanted


@transaction.atomic
def survey_version_publish(
    *, survey: Survey, questions: Sequence[Mapping[str, Any]], introduction: str = ""
) -> SurveyVersion:
    """Give `survey` these questions. Once a version has been sent to anyone it is never
    changed: a new version is made and becomes current, and earlier invitations and answers
    keep theirs. A version nobody has been sent yet is changed in place. Wording identical
    to the current version's changes nothing (saving an unchanged page makes no version)."""
    _questions_check(questions)
    rows = _question_rows(questions)
    introduction = introduction.strip()
    current = survey.versions.select_for_update().filter(is_current=True).first()
    if current is not None and _same_wording(current, rows, introduction):
        return current
    if current is not None and not SurveyInvitation.objects.filter(version=current).exists():
        current.questions.all().delete()
        current.introduction = introduction
        current.full_clean()
        current.save()
        version = current
    else:
        number = 1
        if current is not None:
            number = current.number + 1
            current.is_current = False
            current.save(update_fields=["is_current", "updated_at"])
        version = SurveyVersion(survey=survey, number=number, introduction=introduction)
        version.full_clean()
        version.save()
    for order, row in enumerate(rows, start=1):
        question = SurveyQuestion(version=version, order=order, **row)
        question.full_clean()
        question.save()
    return version


@transaction.atomic
def survey_defaults_install() -> int:
    """Install the default surveys that are missing (by code); returns how many were added.
    Run after migrations, so a new installation has them; an edited default is left alone."""
    added = 0
    for spec in DEFAULT_SURVEYS:
        survey, created = Survey.objects.get_or_create(
            code=spec["code"], defaults={"name": spec["name"], "audience": spec["audience"]}
        )
        if created or not survey.versions.exists():
            survey_version_publish(
                survey=survey, questions=spec["questions"], introduction=spec["introduction"]
            )
            added += 1
    return added


# --- Invitations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitee:
    """One person to invite: a family member, a partner's account, or a named person."""

    survey: Survey
    member: FamilyMember | None = None
    staff: Staff | None = None
    name: str = ""
    send_to: str = ""


@dataclass(frozen=True)
class IssuedLink:
    """An invitation with its token, which exists only here: shown, printed or sent once."""

    invitation: SurveyInvitation
    token: str


def _about(
    meeting: Meeting | None,
    plan_review: PlanReview | None,
    conversation: RestorativeConversation | None,
    case_audit: CaseAudit | None = None,
) -> tuple[Family | None, Staff | None]:
    if case_audit is not None:
        return case_audit.family, None
    if meeting is not None:
        return meeting.family, meeting.chair
    if plan_review is not None:
        return plan_review.plan.family, None
    if conversation is not None:
        return conversation.family, None
    raise ValidationError("Say which meeting, plan review or conversation this is about")


def _reader_worker(family: Family, actor: Staff, case_audit: CaseAudit | None) -> Staff | None:
    """The worker who reads the answers if the person agrees: the family's allocated worker
    (for an audit, the one whose work is audited), else whoever invited them; never the
    auditor, who is not the family's worker."""
    if case_audit is not None:
        return case_audit.practitioner or family.allocated_worker
    return family.allocated_worker or actor


@transaction.atomic
def survey_invitations_create(
    *,
    actor: Staff,
    invitees: Sequence[Invitee],
    channel: str,
    meeting: Meeting | None = None,
    plan_review: PlanReview | None = None,
    conversation: RestorativeConversation | None = None,
    case_audit: CaseAudit | None = None,
    days: int | None = None,
    now: datetime.datetime | None = None,
) -> list[IssuedLink]:
    """One link per person after a meeting, plan review or conversation, or from a case-file
    audit (issue 12 point 3: the link is tied to the audit, whose page shows who was asked
    and what they said).

    Each token is made here and returned once (only its hash is stored). Links sent by e-mail
    or text message are queued for GOV.UK Notify after commit; the others are shown or printed
    by the caller from what this returns.
    """
    if sum(x is not None for x in (meeting, plan_review, conversation, case_audit)) > 1:
        raise ValidationError("Say which one meeting, plan review, conversation or audit")
    family, chair = _about(meeting, plan_review, conversation, case_audit)
    if case_audit is not None:
        allowed = audit_permissions.can_invite_family_from_audit(actor, case_audit)
    else:
        allowed = permissions.can_invite_for_family(actor, family)
    if not allowed:
        raise ValidationError("You cannot invite people to give feedback for this family")
    if case_audit is not None and any(
        i.member is None or i.member.family_id != case_audit.family_id for i in invitees
    ):
        raise ValidationError({"people": "From an audit, only the family's members are asked"})
    assert family is not None
    if not invitees:
        raise ValidationError({"people": NOBODY_CHOSEN})
    if channel not in SurveyInvitation.Channel.values:
        raise ValidationError({"channel": "Choose how to give the link"})
    sending = channel in (SurveyInvitation.Channel.EMAIL, SurveyInvitation.Channel.SMS)
    now = now or timezone.now()
    expires_at = now + datetime.timedelta(days=days or settings.FEEDBACK_LINK_DAYS)
    issued: list[IssuedLink] = []
    for invitee in invitees:
        if sending and not invitee.send_to.strip():
            raise ValidationError({"send_to": NEEDS_ADDRESS})
        if (
            meeting is not None
            and invitee.staff is not None
            and SurveyInvitation.objects.filter(meeting=meeting, staff=invitee.staff).exists()
        ):
            raise ValidationError(f"{invitee.staff.display_name} has already been invited")
        version = invitee.survey.versions.get(is_current=True)
        token = token_new()
        invitation = SurveyInvitation(
            version=version,
            token_hash=token_hash(token),
            family=family,
            team=family.team,
            meeting=meeting,
            plan_review=plan_review,
            conversation=conversation,
            case_audit=case_audit,
            respondent_kind=respondent_kind_for(invitee.survey.audience),
            member=invitee.member,
            staff=invitee.staff,
            name=invitee.name.strip(),
            practitioner=_reader_worker(family, actor, case_audit),
            chair=chair,
            channel=channel,
            send_to=invitee.send_to.strip() if sending else "",
            send_status=SurveyInvitation.SendStatus.QUEUED if sending else "",
            month=_month(timezone.localdate(now)),
            expires_at=expires_at,
            created_by=actor,
        )
        invitation.full_clean()
        invitation.save()
        rollup.invited(invitation)
        issued.append(IssuedLink(invitation, token))
    subject = meeting or plan_review or conversation or case_audit
    audit.access_event_record(
        actor=actor,
        action=AccessEvent.Action.CREATE,
        subject_type=type(subject).__name__.lower(),
        subject_uuid=subject.uuid,  # type: ignore[union-attr]
        family_uuid=family.uuid,
        reason="invited people to give feedback",
        subject=subject,
    )
    if sending:
        from .tasks import send_invitation

        for link in issued:
            enqueue(send_invitation, link.invitation.pk, "invitation", link.token)
    return issued


def invitation_for_token(token: str) -> SurveyInvitation | None:
    """The invitation a link's token opens (its first or its reminder token), or None."""
    if not token or len(token) > 100:
        return None
    digest = token_hash(token)
    return (
        SurveyInvitation.objects.select_related("version__survey", "practitioner", "team", "chair")
        .filter(token_hash=digest)
        .first()
        or SurveyInvitation.objects.select_related(
            "version__survey", "practitioner", "team", "chair"
        )
        .filter(reminder_token_hash=digest)
        .first()
    )


# --- Responses --------------------------------------------------------------------------------


def _month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


@transaction.atomic
def survey_response_submit(
    *,
    invitation: SurveyInvitation,
    answers: Mapping[str, str],
    shared_with_practitioner: bool = False,
    contact_requested: bool = False,
    now: datetime.datetime | None = None,
) -> SurveyResponse:
    """Save what the person said, once. `answers` maps `q<question id>` to what was sent.

    Every answer is checked before anything is saved (a 0-10 answer of 11 saves nothing);
    a second submission, even racing the first, is refused by the database's one response
    per invitation. Free text is stored exactly as written: it is the family's own words,
    never put through the language checker. Asking to be contacted puts a follow-up on the
    team manager's list, due in 5 working days.
    """
    now = now or timezone.now()
    locked = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
    if SurveyResponse.objects.filter(invitation=locked).exists():
        raise ValidationError(LINK_USED, code="used")
    if locked.is_expired(now):
        raise ValidationError(LINK_EXPIRED, code="expired")
    questions = list(locked.version.questions.all())
    errors: dict[str, str] = {}
    cleaned = []
    for question in questions:
        key = f"q{question.pk}"
        try:
            answer = clean_answer(
                question.kind,
                answers.get(key),
                choices=question.choices,
                required=question.required,
            )
        except AnswerError as error:
            errors[key] = str(error)
            continue
        if not answer.empty:
            cleaned.append((question, answer))
    if errors:
        raise ValidationError(errors)
    experience = next(
        (a.choice for q, a in cleaned if q.theme == "with_to_for_not" and q.kind == "choose_one"),
        "",
    )
    meeting = locked.meeting
    chair = locked.chair
    response = SurveyResponse(
        invitation=locked,
        version=locked.version,
        survey=locked.version.survey,
        family=locked.family,
        team=locked.team,
        service_id=locked.team.service_id,
        meeting_type=meeting.meeting_type if meeting is not None else "",
        respondent_kind=locked.respondent_kind,
        practitioner=locked.practitioner,
        chair=chair,
        chair_team_id=chair.team_id if chair is not None else None,
        month=_month(timezone.localdate(now)),
        shared_with_practitioner=shared_with_practitioner,
        contact_requested=contact_requested,
        experience=experience if experience in ("with", "to", "for", "not") else "",
    )
    response.full_clean(exclude=["invitation"])
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        raise ValidationError(LINK_USED, code="used") from None
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(
            response=response,
            question=question,
            number=answer.number,
            choice=answer.choice,
            text=answer.text,
        )
        for question, answer in cleaned
    )
    rollup.answered(response, [(question, answer.number) for question, answer in cleaned])
    if locked.send_to:
        # Answered: no reminder will go, so the address it was sent to is not kept.
        locked.send_to = ""
        locked.save(update_fields=["send_to", "updated_at"])
    if contact_requested:
        SurveyFollowUp.objects.create(
            response=response,
            team=locked.team,
            due_on=add_working_days(timezone.localdate(now), FOLLOW_UP_WORKING_DAYS),
        )
    return response


def survey_comments_read_record(
    *,
    actor: Staff,
    comments: Sequence[Any],
    exported: bool = False,
    request: Any = None,
    channel: str = "web",
) -> int:
    """Write each family's words shown in a comments list (page, download or API) to that
    family's access trail: one event per answer shown, in one insert. Call before showing
    anything; if it raises, show nothing (`AuditWriteError`)."""
    subjects = [c.trail_subject for c in comments if c.trail_subject is not None]
    if not subjects:
        return 0
    return audit.access_events_record_each(
        actor=actor,
        action=AccessEvent.Action.EXPORT if exported else AccessEvent.Action.VIEW,
        subject_type="surveyresponse",
        subjects=subjects,
        reason="read feedback comments",
        description="Downloaded families' comments from the feedback results"
        if exported
        else "Read families' comments on the feedback results",
        request=request,
        channel=channel,
    )


@transaction.atomic
def survey_follow_up_complete(
    *, actor: Staff, follow_up: SurveyFollowUp, note: str
) -> SurveyFollowUp:
    """Record that the person who asked to be contacted was contacted, and what was done."""
    if not permissions.can_act_on_follow_up(actor, follow_up):
        raise ValidationError("You cannot record this follow-up")
    if not note.strip():
        raise ValidationError({"note": "Say what was done"})
    if follow_up.done_at is not None:
        return follow_up
    follow_up.done_at = timezone.now()
    follow_up.done_by = actor
    follow_up.note = note.strip()
    follow_up.full_clean()
    follow_up.save()
    return follow_up
