"""Pages for restorative conversations and meetings. Read input, call a service or selector, render.

Every page that shows anything of a family's record writes the access event first; if it
cannot be written the page answers 503 and shows nothing (fail-closed).
"""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from restorative.core.forms import apply_service_errors
from restorative.core.views import form_page
from restorative.people import services as people_services
from restorative.people.models import Family, Staff
from restorative.people.types import AuthenticatedHttpRequest

from . import permissions, selectors, services, team_selectors, timeliness_selectors
from .forms import (
    AnswersForm,
    ConversationForm,
    DecisionForm,
    FamilyChoiceForm,
    MeetingRecordForm,
    MeetingScheduleForm,
    ParticipantAddForm,
    new_token,
)
from .models import (
    ConversationAnswer,
    Meeting,
    MeetingParticipant,
    MeetingType,
    RestorativeConversation,
)


def _is_draft(conversation: RestorativeConversation, *, answered: bool) -> bool:
    """A conversation is saved before its answers (two pages), so until someone's answer or
    the agreed next step is written it is shown as a draft rather than as a full record."""
    return not answered and not conversation.agreed_next.strip()


def record_view(request: AuthenticatedHttpRequest, subject: Any) -> None:
    """Write the view of a meeting, conversation or plan to the access trail before a page
    shows it. If it cannot be written the error goes through and the page answers 503 with
    nothing shown (core.middleware.AuditUnavailableMiddleware)."""
    services.practice_record_view(actor=request.user, subject=subject, request=request)


def record_family_view(request: AuthenticatedHttpRequest, family: Family) -> None:
    """Write the view of a family's record to the access trail before a page shows it."""
    people_services.family_record_view(actor=request.user, family=family, request=request)


def recording_page(
    request: AuthenticatedHttpRequest,
    shown: Any,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], HttpResponse],
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    field_names: Mapping[str, str] | None = None,
) -> HttpResponse:
    """A page that records something for a family (a conversation, a meeting or a plan, or a
    part of one): `core.views.form_page`, where a service's PermissionDenied answers 404, as
    for a record the person may not see, and the view of `shown` (the family or the record)
    is written to the access trail before the page shows anything of it. The page is given
    the family as `family`, with `context`."""
    family = shown if isinstance(shown, Family) else shown.family

    def save_or_404(data: dict[str, Any]) -> HttpResponse:
        try:
            return save(data)
        except PermissionDenied as exc:
            raise Http404 from exc

    def on_the_trail() -> None:
        if isinstance(shown, Family):
            record_family_view(request, shown)
        else:
            record_view(request, shown)

    return form_page(
        request,
        form,
        save_or_404,
        template,
        {"family": family, **(context or {})},
        field_names=field_names,
        before_showing=on_the_trail,
    )


def family_for_recording(request: AuthenticatedHttpRequest, family_uuid: uuid.UUID) -> Family:
    """The family, if this person may record practice for it; 404 otherwise."""
    family = selectors.family_for_practice(request.user, family_uuid)
    if not permissions.can_record_for_family(request.user, family):
        raise Http404
    return family


def family_for_arranging(request: AuthenticatedHttpRequest, family_uuid: uuid.UUID) -> Family:
    """The family, if this person may schedule its meetings (business support too); 404
    otherwise."""
    family = selectors.family_for_practice(request.user, family_uuid)
    if not permissions.can_arrange_for_family(request.user, family):
        raise Http404
    return family


def meeting_for_recording(request: AuthenticatedHttpRequest, meeting_uuid: uuid.UUID) -> Meeting:
    """The meeting, if this person may record it; 404 otherwise."""
    meeting = selectors.meeting_get(request.user, meeting_uuid)
    if not permissions.can_record_meeting(request.user, meeting):
        raise Http404
    return meeting


# --- A family's practice page -----------------------------------------------------------


def family_practice(request: AuthenticatedHttpRequest, family_uuid: uuid.UUID) -> HttpResponse:
    """A family's restorative conversations and meetings, with each meeting's voice figure."""
    family = selectors.family_for_practice(request.user, family_uuid)
    record_family_view(request, family)
    meetings = list(
        selectors.family_meetings(request.user, family).prefetch_related(
            Prefetch(
                "participants",
                queryset=MeetingParticipant.objects.only(
                    "id", "meeting_id", "kind", "invited", "view_given_by", "view"
                ),
            )
        )
    )
    return render(
        request,
        "practice/family_practice.html",
        {
            "family": family,
            "conversations": [
                (conversation, _is_draft(conversation, answered=conversation.answered))
                for conversation in selectors.family_conversations(request.user, family).annotate(
                    answered=Exists(
                        ConversationAnswer.objects.filter(
                            participant__conversation=OuterRef("pk")
                        ).exclude(answer="")
                    )
                )
            ],
            "meetings": [(m, selectors.voice_completeness(m)) for m in meetings],
            "plans": [
                (plan, selectors.plan_sustainability(plan))
                for plan in selectors.family_plans(request.user, family)
            ],
            "can_record": permissions.can_record_for_family(request.user, family),
            "can_arrange": permissions.can_arrange_for_family(request.user, family),
        },
    )


# --- Conversations ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def conversation_new(request: AuthenticatedHttpRequest, family_uuid: uuid.UUID) -> HttpResponse:
    """Record a restorative conversation: when, where, who took part, which questions."""
    family = family_for_recording(request, family_uuid)
    form = ConversationForm(
        request.POST if request.method == "POST" else None,
        family=family,
        initial={"submission_token": new_token(), "held_on": datetime.date.today()},
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        conversation = services.conversation_create(
            actor=request.user,
            family=family,
            held_on=data["held_on"],
            setting=data["setting"],
            setting_detail=data.get("setting_detail", ""),
            members=data["members"],
            others=[services.OtherPerson(name, role) for name, role in form.other_people()],
            questions=data["questions"],
            submission_token=data["submission_token"],
            request=request,
        )
        messages.success(request, "Conversation saved as a draft. Now add what each person said.")
        return redirect("practice:conversation_answers", conversation_uuid=conversation.uuid)

    # The questions are shown under their set's name (two sets ask "What happened?").
    questions = form.fields["questions"]
    questions.queryset = questions.queryset.select_related("question_set")  # type: ignore[attr-defined]
    return recording_page(request, family, form, save, "practice/conversation_form.html")


def conversation_detail(
    request: AuthenticatedHttpRequest, conversation_uuid: uuid.UUID
) -> HttpResponse:
    conversation = selectors.conversation_get(request.user, conversation_uuid)
    record_view(request, conversation)
    participants = list(conversation.participants.all())
    questions = list(conversation.questions.all())
    rows = []
    for participant in participants:
        by_question = {a.question_id: a.answer for a in participant.answers.all()}
        rows.append((participant, [(q, by_question.get(q.pk, "")) for q in questions]))
    return render(
        request,
        "practice/conversation_detail.html",
        {
            "conversation": conversation,
            "family": conversation.family,
            "questions": questions,
            "rows": rows,
            "is_draft": _is_draft(
                conversation,
                answered=any(answer.strip() for _, answers in rows for _, answer in answers),
            ),
            "can_record": permissions.can_record_for_family(request.user, conversation.family),
        },
    )


@require_http_methods(["GET", "POST"])
def conversation_answers(
    request: AuthenticatedHttpRequest, conversation_uuid: uuid.UUID
) -> HttpResponse:
    """Each participant's answers to the questions asked, in their own words."""
    conversation = selectors.conversation_get(request.user, conversation_uuid)
    if not permissions.can_record_for_family(request.user, conversation.family):
        raise Http404
    form = AnswersForm(
        request.POST if request.method == "POST" else None,
        conversation=conversation,
        initial={"agreed_next": conversation.agreed_next},
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        services.conversation_answers_save(
            actor=request.user,
            conversation=conversation,
            answers=form.answers(),
            agreed_next=data["agreed_next"],
            request=request,
        )
        messages.success(request, "Answers saved")
        return redirect("practice:conversation_detail", conversation_uuid=conversation.uuid)

    return recording_page(
        request,
        conversation,
        form,
        save,
        "practice/conversation_answers.html",
        {"conversation": conversation},
    )


# --- Meetings ---------------------------------------------------------------------------


def meeting_choose_family(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Start scheduling a meeting from a family's case reference (404 for those who schedule
    none: the director and quality assurance read, partners attend)."""
    if not permissions.can_schedule_meetings(request.user):
        raise Http404
    form = FamilyChoiceForm(request.GET or None)
    if request.GET and form.is_valid():
        reference = form.cleaned_data["case_reference"].strip()
        family = (
            selectors.families_for_arranging(request.user)
            .filter(Q(case_reference=reference) | Q(case_reference=reference.upper()))
            .first()
        )
        if family is None:
            form.add_error("case_reference", "Enter the case reference of a family you work with")
        else:
            return redirect("practice:meeting_new", family_uuid=family.uuid)
    return render(request, "practice/meeting_choose_family.html", {"form": form})


@require_http_methods(["GET", "POST"])
def meeting_new(request: AuthenticatedHttpRequest, family_uuid: uuid.UUID) -> HttpResponse:
    """Schedule a meeting and invite people; "Work out the due date" shows it without saving."""
    family = family_for_arranging(request, family_uuid)
    chairs, professionals = selectors.meeting_chairs_and_professionals(family)
    # Chairs are listed for the type of meeting chosen (posted, or ?type= in the address):
    # before a type is chosen nobody is, as who may chair depends on it.
    meeting_type = (
        request.POST.get("meeting_type", "")
        if request.method == "POST"
        else request.GET.get("type", "")
    )
    offered = None
    if meeting_type in MeetingType.values:
        offered, _ = selectors.meeting_chairs_and_professionals(family, meeting_type=meeting_type)
    form = MeetingScheduleForm(
        request.POST if request.method == "POST" else None,
        family=family,
        chairs=chairs,
        offered_chairs=offered,
        professionals=professionals,
        initial={"submission_token": new_token(), "meeting_type": meeting_type},
    )
    due_date = None
    due_rule = None
    preview = False
    if request.method == "POST" and request.POST.get("action") == "calculate":
        # A preview, not a submission: work out the due date from what is filled in and
        # show the form again without error messages.
        form.is_valid()
        data = form.cleaned_data
        due_date, due_rule = services.meeting_due_date(
            meeting_type=data.get("meeting_type", ""),
            trigger=data.get("trigger", ""),
            trigger_date=data.get("trigger_date"),
        )
        form.errors.clear()
        preview = True
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_schedule(
                actor=request.user,
                family=family,
                meeting_type=data["meeting_type"],
                scheduled_at=timezone.make_aware(
                    datetime.datetime.combine(data["date"], data["time"])
                ),
                venue=data["venue"],
                place=data.get("place", ""),
                chair=data.get("chair"),
                chair_name=data.get("chair_name", ""),
                trigger=data.get("trigger", ""),
                trigger_date=data.get("trigger_date"),
                about_conflict=data.get("about_conflict", False),
                members=data["members"],
                staff=data["staff"],
                others=[services.OtherPerson(name, role) for name, role in form.other_people()],
                submission_token=data["submission_token"],
                request=request,
            )
        except ValidationError as error:
            apply_service_errors(form, error, field_names={"scheduled_at": "date"})
        else:
            messages.success(request, f"{meeting.get_meeting_type_display()} scheduled")
            return redirect("practice:meeting_detail", meeting_uuid=meeting.uuid)
    # The page shows the record (first view, or back with errors): on the trail first.
    record_family_view(request, family)
    return render(
        request,
        "practice/meeting_form.html",
        {
            "form": form,
            "family": family,
            "due_date": due_date,
            "due_rule": due_rule,
            "preview": preview,
        },
    )


def meeting_detail(request: AuthenticatedHttpRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    """The meeting's record: who took part, every view, the child's voice, decisions."""
    meeting = selectors.meeting_get(request.user, meeting_uuid)
    record_view(request, meeting)
    participants = list(meeting.participants.all())
    children = [p for p in participants if p.kind == MeetingParticipant.Kind.CHILD]
    others = [p for p in participants if p.kind != MeetingParticipant.Kind.CHILD]
    return render(
        request,
        "practice/meeting_detail.html",
        {
            "meeting": meeting,
            "family": meeting.family,
            "children": children,
            "participants": others,
            "decisions": list(meeting.decisions.all()),
            "plans": selectors.meeting_plans(request.user, meeting),
            "voice": selectors.voice_completeness(meeting),
            "can_record": permissions.can_record_meeting(request.user, meeting),
            "has_people_harmed": meeting.meeting_type in services.MEETINGS_WITH_PEOPLE_HARMED,
            "can_record_practice": permissions.can_record_decision(request.user, meeting),
            "can_see_discussion": permissions.can_see_meeting_discussion(request.user, meeting),
            "can_see_family": permissions.people_permissions.can_view_family(
                request.user, meeting.family
            ),
            "is_overdue": meeting.is_overdue(datetime.date.today()),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_record(request: AuthenticatedHttpRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    """Record the meeting: the restorative record and each participant's view."""
    meeting = meeting_for_recording(request, meeting_uuid)
    if meeting.status in (Meeting.Status.TO_ARRANGE, Meeting.Status.CANCELLED):
        raise Http404  # arrange it first; a cancelled meeting has nothing to record
    initial = {
        name: getattr(meeting, name)
        for name in services.RECORD_SECTIONS + ("experience", "experience_given_by")
    }
    initial["held_on"] = meeting.held_on or (
        timezone.localtime(meeting.scheduled_at).date() if meeting.scheduled_at else None
    )
    initial["plan_agreed"] = {True: "yes", False: "no"}.get(meeting.plan_agreed, "")  # type: ignore[arg-type]
    form = MeetingRecordForm(
        request.POST if request.method == "POST" else None, meeting=meeting, initial=initial
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        services.meeting_record(
            actor=request.user,
            meeting=meeting,
            held_on=data["held_on"],
            sections=form.sections(),
            participants={
                key: services.ParticipantRecord(**value)
                for key, value in form.participant_records().items()
            },
            plan_agreed=data.get("plan_agreed"),
            experience=data.get("experience", ""),
            experience_given_by=data.get("experience_given_by", ""),
            **form.outcome(),
            private_family_time=form.private_family_time(),
            request=request,
        )
        messages.success(request, "Meeting record saved")
        return redirect("practice:meeting_detail", meeting_uuid=meeting.uuid)

    return recording_page(
        request, meeting, form, save, "practice/meeting_record.html", {"meeting": meeting}
    )


@require_http_methods(["GET", "POST"])
def decision_new(request: AuthenticatedHttpRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    """Record a decision made with the family, and whether they agreed."""
    meeting = meeting_for_recording(request, meeting_uuid)
    if not permissions.can_record_decision(request.user, meeting):
        raise Http404
    form = DecisionForm(
        request.POST if request.method == "POST" else None,
        initial={"submission_token": new_token()},
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        services.decision_add(
            actor=request.user,
            meeting=meeting,
            decision=data["decision"],
            family_position=data["family_position"],
            family_view=data.get("family_view", ""),
            submission_token=data["submission_token"],
            request=request,
        )
        messages.success(request, "Decision recorded")
        return redirect("practice:meeting_detail", meeting_uuid=meeting.uuid)

    return recording_page(
        request, meeting, form, save, "practice/decision_form.html", {"meeting": meeting}
    )


def _meetings_due_rollup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The leaders' "Meetings due": the teams they oversee, most overdue first, 25 a page,
    from the stored counts (TeamDueCount) with the time they were counted (issue 16).

    Counted again first when they are missing or from another day, or older than 10 minutes
    and no other request is counting them; the team's own list, one click away, is live.
    """
    summary = team_selectors.due_rollup_summary(request.user)
    if services.due_counts_refresh_when_stale(summary):
        summary = team_selectors.due_rollup_summary(request.user)
    page = team_selectors.due_rollup_page(request.user, page=request.GET.get("page", 1))
    # One address worked out for every team rather than reversing three addresses a row.
    placeholder = uuid.UUID(int=0)
    pattern = reverse("practice:team_meetings", args=[placeholder])
    page.object_list = [
        dataclasses.replace(row, url=pattern.replace(str(placeholder), str(row.team.uuid)))
        for row in page.object_list
    ]
    return render(
        request,
        "practice/meetings_due.html",
        {
            "scope": "teams",
            "can_see_teams": True,
            "rollup": page,
            "rollup_summary": summary,
            "can_view_timeliness": timeliness_selectors.can_view_timeliness(request.user),
        },
    )


# Who oversees several teams, and so opens "Meetings due" on them (team_selectors.due_rollup).
LEADER_ROLES = frozenset({Staff.Role.HEAD_OF_SERVICE, Staff.Role.DIRECTOR, Staff.Role.QUALITY})


def meetings_due(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Overdue and due-soon meetings: mine, or (for a team manager) the team's.

    A team manager opens on the team (`?scope=mine` for their own): the team is what they
    answer for, and their own list is often empty, which read as "nothing is overdue".
    """
    if not permissions.can_view_practice_lists(request.user):
        raise Http404
    can_see_team = request.user.role == Staff.Role.TEAM_MANAGER and bool(request.user.team_id)
    # Heads of service, the director and QA open on their teams rolled up (issue 13 item 1):
    # their own list is usually empty, which read as "Nothing is overdue".
    can_see_teams = request.user.role in LEADER_ROLES
    if can_see_teams and request.GET.get("scope") != "mine":
        return _meetings_due_rollup(request)
    scope = "team" if can_see_team and request.GET.get("scope") != "mine" else "mine"
    # Each list pages on its own (25 a page, by keyset): a cursor per list in the address.
    lists = selectors.meetings_due_pages(
        request.user,
        scope=scope,
        overdue_at=request.GET.get("overdue_at", ""),
        soon_at=request.GET.get("soon_at", ""),
        actions_at=request.GET.get("actions_at", ""),
    )
    return render(
        request,
        "practice/meetings_due.html",
        {
            "lists": lists,
            "scope": scope,
            "can_see_team": can_see_team,
            "can_see_teams": can_see_teams,
            "can_schedule": permissions.can_schedule_meetings(request.user),
            "overdue_actions": lists.actions,
            "can_view_timeliness": timeliness_selectors.can_view_timeliness(request.user),
        },
    )


# --- Who is invited, after the meeting was arranged ---------------------------------------


@require_http_methods(["GET", "POST"])
def meeting_participants(
    request: AuthenticatedHttpRequest, meeting_uuid: uuid.UUID
) -> HttpResponse:
    """Invite more people, or remove someone invited by mistake (with a confirmation page)."""
    meeting = meeting_for_recording(request, meeting_uuid)
    _, professionals = selectors.meeting_chairs_and_professionals(meeting.family)
    form = ParticipantAddForm(
        request.POST if request.method == "POST" else None,
        family=meeting.family,
        professionals=professionals,
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        added = services.participant_add(
            actor=request.user, meeting=meeting, request=request, **form.person()
        )
        messages.success(request, f"{added.display_name} invited")
        return redirect("practice:meeting_participants", meeting_uuid=meeting.uuid)

    return recording_page(
        request,
        meeting,
        form,
        save,
        "practice/meeting_participants.html",
        {
            "meeting": meeting,
            "participants": [
                (p, services.participant_has_record(p)) for p in meeting.participants.all()
            ],
        },
    )


@require_http_methods(["GET", "POST"])
def participant_remove(
    request: AuthenticatedHttpRequest, meeting_uuid: uuid.UUID, participant_uuid: uuid.UUID
) -> HttpResponse:
    """Ask before removing someone; refuse, saying why, when their view is on the record."""
    meeting = meeting_for_recording(request, meeting_uuid)
    participant = next((p for p in meeting.participants.all() if p.uuid == participant_uuid), None)
    if participant is None:
        if request.method == "POST":
            # Already removed (a second submission of the same form): nothing more to do.
            return redirect("practice:meeting_participants", meeting_uuid=meeting.uuid)
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            services.participant_remove(
                actor=request.user, participant=participant, request=request
            )
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, f"{participant.display_name} removed from the meeting")
            return redirect("practice:meeting_participants", meeting_uuid=meeting.uuid)
    # The page shows the record (first view, or back with errors): on the trail first.
    record_view(request, meeting)
    return render(
        request,
        "practice/participant_remove.html",
        {
            "meeting": meeting,
            "family": meeting.family,
            "participant": participant,
            "has_record": services.participant_has_record(participant),
            "error": error,
        },
        status=400 if error else 200,
    )
