"""Every read for subject access: the requests, and the gathering of every record that names
the person asking (issue 15 point 3; decision 0024).

What "every record that names them" means here: a family member's records are kept as the
family's (a meeting, a plan, a complaint is about the family, not one member), so the bundle
holds every row linked to the person's family, in every app, and the builder marks what in it
is someone else's (`builder.py`). The sources are listed below, once; a test walks the
models and fails if a model linked to a family is missing here.

Reads only: the access events for the request and its downloads are written by the services.
Nothing here is scoped to the reader beyond `permissions.can_handle_subject_access`, because
the handler's role is to see the whole record for the person it belongs to.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse

from restorative.core.models import AccessEvent
from restorative.evaluation.models import (
    AuditAnswer,
    CaseAudit,
    Complaint,
    ComplaintElement,
    ComplaintStage,
    OmbudsmanReferral,
    SafeguardingAlert,
    StageExtension,
    SurveyAnswer,
    SurveyFollowUp,
    SurveyInvitation,
    SurveyResponse,
    SurveySend,
)
from restorative.language.models import ChildLanguagePreference
from restorative.people.models import Family, FamilyMember, Staff
from restorative.practice.models import (
    Action,
    ActionProgress,
    CaseEvent,
    ConversationAnswer,
    ConversationParticipant,
    Decision,
    Goal,
    GoalAttainment,
    Meeting,
    MeetingParticipant,
    Plan,
    PlanReview,
    RestorativeConversation,
)
from restorative.workforce.models import SupervisionCaseDecision

from . import permissions
from .builder import (
    COMPLAINANT,
    FAMILY,
    FAMILY_GROUP,
    OUTSIDER,
    PROFESSIONAL,
    SUBJECT,
    GatheredRecord,
)
from .models import SubjectAccessRequest

TRAIL_SUBJECT_TYPE = "subjectaccessrequest"

# --- The requests ---------------------------------------------------------------------------


def requests_for(user: Any) -> QuerySet[SubjectAccessRequest]:
    """Every request, soonest due first, for a handler; none for anyone else."""
    return (
        SubjectAccessRequest.objects.filter(permissions.requests_visible_q(user))
        .select_related("member", "family")
        .order_by("status", "due_on", "id")
    )


def request_get(user: Any, request_uuid: uuid.UUID) -> SubjectAccessRequest:
    """One request, or 404 for someone who may not handle requests (or no such request)."""
    found = (
        requests_for(user)
        .select_related("logged_by", "extended_by", "released_by")
        .filter(uuid=request_uuid)
        .first()
    )
    if found is None:
        raise Http404
    return found


def family_by_reference(user: Any, case_reference: str) -> Family | None:
    """The family with this case reference, for a handler finding whose request it is."""
    if not permissions.can_handle_subject_access(user) or not case_reference.strip():
        return None
    return (
        Family.objects.filter(case_reference__iexact=case_reference.strip())
        .prefetch_related("members")
        .first()
    )


def member_for_request(user: Any, member_uuid: uuid.UUID | None) -> FamilyMember | None:
    """The family member a request is to be logged for, or None."""
    if member_uuid is None or not permissions.can_handle_subject_access(user):
        return None
    return FamilyMember.objects.select_related("family").filter(uuid=member_uuid).first()


def trail_links(reader: Any, uuids: Collection[uuid.UUID]) -> Mapping[uuid.UUID, str]:
    """Links from the access trail to requests, for a reader who may handle them."""
    if not permissions.can_handle_subject_access(reader):
        return {}
    found = SubjectAccessRequest.objects.filter(uuid__in=list(uuids)).values_list("uuid", flat=True)
    return {
        request_uuid: reverse("subject_access:detail", kwargs={"request_uuid": request_uuid})
        for request_uuid in found
    }


# --- Gathering the records ------------------------------------------------------------------

# Fields never put in a bundle: keys, once-only tokens, hashes of link tokens (secrets).
SKIPPED_FIELDS = frozenset(
    {"id", "submission_token", "token_hash", "reminder_token_hash", "notify_id"}
)


@dataclass(frozen=True)
class Source:
    """One kind of record in the bundle: its section, its model, and how it reaches a family
    (one or more lookups, any of which links the row)."""

    section: str
    model: type[models.Model]
    family_lookups: tuple[str, ...]
    # Whose each free-text field is, given the row and the subject; default: a professional's.
    whose: Callable[[Any, FamilyMember], dict[str, str]] | None = None
    # CharFields that hold people's words or details (TextFields always count as words).
    word_fields: tuple[str, ...] = ()


def _speaker(member: FamilyMember | None, subject: FamilyMember, *, staff: bool = False) -> str:
    """Whose words they are: the subject's, another family member's, staff's or an outsider's."""
    if member is not None:
        return SUBJECT if member.pk == subject.pk else FAMILY
    return PROFESSIONAL if staff else OUTSIDER


def _member_whose(obj: FamilyMember, subject: FamilyMember) -> dict[str, str]:
    if obj.pk == subject.pk:
        return {}
    personal = ("first_name", "last_name", "preferred_name", "date_of_birth", "relationship")
    return dict.fromkeys(personal, FAMILY)


def _conversation_participant_whose(
    obj: ConversationParticipant, subject: FamilyMember
) -> dict[str, str]:
    if obj.member_id is not None:
        return {} if obj.member_id == subject.pk else {"member": FAMILY}
    return {"name": OUTSIDER, "relationship": OUTSIDER}


def _conversation_answer_whose(obj: ConversationAnswer, subject: FamilyMember) -> dict[str, str]:
    return {"answer": _speaker(obj.participant.member, subject)}


def _meeting_whose(obj: Meeting, subject: FamilyMember) -> dict[str, str]:
    return {"family_plan": FAMILY_GROUP}


def _meeting_participant_whose(obj: MeetingParticipant, subject: FamilyMember) -> dict[str, str]:
    speaker = _speaker(obj.member, subject, staff=obj.staff_id is not None)
    whose = {"view": speaker, "view_not_given_reason": speaker}
    if speaker == FAMILY:
        whose["member"] = FAMILY
    if speaker == OUTSIDER:
        whose.update(name=OUTSIDER, role=OUTSIDER)
    return whose


def _decision_whose(obj: Decision, subject: FamilyMember) -> dict[str, str]:
    return {"family_view": FAMILY_GROUP}


def _goal_whose(obj: Goal, subject: FamilyMember) -> dict[str, str]:
    return {"goal": FAMILY_GROUP, "whose": FAMILY_GROUP}


def _action_whose(obj: Action, subject: FamilyMember) -> dict[str, str]:
    whose = {"owner_name": OUTSIDER, "owner_agency": OUTSIDER}
    if obj.owner_member_id is not None and obj.owner_member_id != subject.pk:
        whose["owner_member"] = FAMILY
    return whose


def _plan_review_whose(obj: PlanReview, subject: FamilyMember) -> dict[str, str]:
    return {"holding_words": FAMILY_GROUP, "others_present": OUTSIDER}


def _preference_whose(obj: ChildLanguagePreference, subject: FamilyMember) -> dict[str, str]:
    speaker = _speaker(obj.member, subject)
    return {} if speaker == SUBJECT else {"member": FAMILY, "term": FAMILY, "note": FAMILY}


def _complaint_whose(obj: Complaint, subject: FamilyMember) -> dict[str, str]:
    return dict.fromkeys(("complainant_name", "complainant_contact", "summary"), COMPLAINANT)


def _invitation_whose(obj: SurveyInvitation, subject: FamilyMember) -> dict[str, str]:
    speaker = _speaker(obj.member, subject, staff=obj.staff_id is not None)
    return {} if speaker == SUBJECT else {"member": speaker, "name": speaker, "send_to": speaker}


def _survey_answer_whose(obj: SurveyAnswer, subject: FamilyMember) -> dict[str, str]:
    invitation = obj.response.invitation
    return {"text": _speaker(invitation.member, subject, staff=invitation.staff_id is not None)}


def _request_whose(obj: SubjectAccessRequest, subject: FamilyMember) -> dict[str, str]:
    return {} if obj.member_id == subject.pk else {"member": FAMILY, "requester_name": FAMILY}


_CONVERSATION = ("conversation__family",)
_MEETING = ("meeting__family",)
_PLAN = ("plan__family",)
_REVIEW = ("review__plan__family",)
_AUDIT = ("audit__family",)
_COMPLAINT = ("complaint__family",)
_INVITATION = ("family", "member__family", "meeting__family", "conversation__family")

# Tables that link to a family but are not part of what the bundle answers with, and why.
# Named by label: this app comes before `records` in the import order.
NOT_IN_BUNDLE = {
    # Records management's own: a legal hold records legal proceedings (usually exempt as
    # legally privileged, and decided case by case by the handler with legal advice), and a
    # disposal link holds nothing but the family's key.
    "records.LegalHold",
    "records.DisposedFamily",
}

SOURCES: tuple[Source, ...] = (
    Source("The family", Family, ("pk",)),
    Source("The family", FamilyMember, ("family",), _member_whose),
    Source("Restorative conversations", RestorativeConversation, ("family",)),
    Source(
        "Restorative conversations",
        ConversationParticipant,
        _CONVERSATION,
        _conversation_participant_whose,
        ("name", "relationship"),
    ),
    Source(
        "Restorative conversations",
        ConversationAnswer,
        ("participant__conversation__family",),
        _conversation_answer_whose,
    ),
    Source("Meetings", Meeting, ("family",), _meeting_whose),
    Source(
        "Meetings",
        MeetingParticipant,
        _MEETING,
        _meeting_participant_whose,
        ("name", "role", "view_not_given_reason"),
    ),
    Source("Meetings", Decision, _MEETING, _decision_whose),
    Source("Events from the case management system", CaseEvent, ("family",)),
    Source("Plans and actions", Plan, ("family",)),
    Source("Plans and actions", Goal, _PLAN, _goal_whose, ("whose",)),
    Source("Plans and actions", Action, _PLAN, _action_whose, ("owner_name", "owner_agency")),
    Source("Plans and actions", PlanReview, _PLAN, _plan_review_whose, ("others_present",)),
    Source("Plans and actions", ActionProgress, _REVIEW),
    Source("Plans and actions", GoalAttainment, _REVIEW),
    Source(
        "Preferred words",
        ChildLanguagePreference,
        ("member__family",),
        _preference_whose,
        ("term", "note"),
    ),
    Source("Supervision decisions about the family", SupervisionCaseDecision, ("family",)),
    Source("Case-file audits", CaseAudit, ("family",)),
    Source("Case-file audits", AuditAnswer, _AUDIT),
    Source("Case-file audits", SafeguardingAlert, _AUDIT),
    Source(
        "Complaints",
        Complaint,
        ("family",),
        _complaint_whose,
        ("complainant_name",),
    ),
    Source("Complaints", ComplaintElement, _COMPLAINT),
    Source("Complaints", ComplaintStage, _COMPLAINT),
    Source("Complaints", StageExtension, ("stage__complaint__family",)),
    Source("Complaints", OmbudsmanReferral, _COMPLAINT),
    Source("Feedback", SurveyInvitation, _INVITATION, _invitation_whose, ("name", "send_to")),
    Source("Feedback", SurveySend, tuple(f"invitation__{path}" for path in _INVITATION)),
    Source("Feedback", SurveyResponse, tuple(f"invitation__{path}" for path in _INVITATION)),
    Source(
        "Feedback",
        SurveyAnswer,
        tuple(f"response__invitation__{path}" for path in _INVITATION),
        _survey_answer_whose,
    ),
    Source(
        "Feedback", SurveyFollowUp, tuple(f"response__invitation__{path}" for path in _INVITATION)
    ),
    Source(
        "Subject access requests",
        SubjectAccessRequest,
        ("family", "member__family"),
        _request_whose,
        ("requester_name",),
    ),
)

# The access trail stores the family by UUID (core knows no app), so it is its own source.
ACCESS_SECTION = "Who opened the record"

SECTION_ORDER: tuple[str, ...] = tuple(dict.fromkeys(s.section for s in SOURCES)) + (
    ACCESS_SECTION,
)


def family_filter(source: Source, family: Family) -> Q:
    """The rows of `source` linked to `family` by any of its lookups."""
    query = Q(pk__in=[])
    for lookup in source.family_lookups:
        query |= Q(**{lookup: family.pk}) if lookup == "pk" else Q(**{lookup: family})
    return query


def source_rows(source: Source, family: Family) -> QuerySet[Any]:
    """The rows of one source for one family, with what they point at loaded in the same query."""
    model = source.model
    related = [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.name not in SKIPPED_FIELDS
    ]
    many = [f.name for f in model._meta.many_to_many]
    extra: list[str] = []
    if model is ConversationAnswer:
        extra = ["participant__member"]
    elif model is SurveyAnswer:
        extra = ["response__invitation__member"]
    return (
        model._default_manager.filter(family_filter(source, family))
        .distinct()
        .select_related(*related, *extra)
        .prefetch_related(*many)
        .order_by("pk")
    )


def _label(related: models.Model) -> str:
    """How a linked record is shown: a person by name, a record in the bundle by its UUID,
    anything else (a question, a team) by its own name."""
    if isinstance(related, (Staff, FamilyMember)):
        return related.display_name
    if any(isinstance(related, source.model) for source in SOURCES) and hasattr(related, "uuid"):
        return str(related.uuid)
    return str(related)


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime, uuid.UUID)):
        return value.isoformat() if not isinstance(value, uuid.UUID) else str(value)
    if isinstance(value, (str, int, float, bool, list, dict)) or value is None:
        return value
    return str(value)


def record_values(obj: models.Model) -> tuple[dict[str, Any], dict[str, str]]:
    """Every stored field of a row as plain values (choices in words, people by name), and
    each field's label."""
    values: dict[str, Any] = {}
    labels: dict[str, str] = {}
    meta = obj._meta
    for model_field in [*meta.concrete_fields, *meta.many_to_many]:
        name = model_field.name
        if name in SKIPPED_FIELDS:
            continue
        labels[name] = str(model_field.verbose_name)
        if model_field.many_to_many:
            values[name] = [_label(item) for item in getattr(obj, name).all()]
        elif model_field.is_relation:
            related = getattr(obj, name)
            values[name] = _label(related) if related is not None else None
        else:
            raw = model_field.value_from_object(obj)
            if model_field.choices and raw not in (None, ""):
                raw = dict(model_field.flatchoices).get(raw, raw)
            values[name] = _plain(raw)
    return values, labels


def _words(source: Source, obj: models.Model, subject: FamilyMember) -> dict[str, str]:
    """Whose each field of words is: the source's own reading, a professional's by default."""
    whose = dict.fromkeys(
        (
            f.name
            for f in obj._meta.concrete_fields
            if isinstance(f, models.TextField) or f.name in source.word_fields
        ),
        PROFESSIONAL,
    )
    if source.whose is not None:
        whose.update(source.whose(obj, subject))
    return {name: who for name, who in whose.items() if who != SUBJECT}


def _record(source: Source, obj: models.Model, subject: FamilyMember) -> GatheredRecord:
    values, labels = record_values(obj)
    ident = getattr(obj, "uuid", None) or obj.pk
    return GatheredRecord(
        kind=obj._meta.label,
        ident=str(ident),
        values=values,
        labels=labels,
        whose=_words(source, obj, subject),
        title=_title(obj),
    )


def access_events_for(family: Family) -> QuerySet[AccessEvent]:
    """The family's access trail: every view, change, export and print of its record."""
    return (
        AccessEvent.objects.filter(family_uuid=family.uuid).select_related("actor").order_by("id")
    )


def _title(obj: models.Model) -> str:
    name = str(obj._meta.verbose_name)
    return name[:1].upper() + name[1:]


def _access_record(event: AccessEvent) -> GatheredRecord:
    values, labels = record_values(event)
    values["description"] = event.what
    return GatheredRecord(
        kind=event._meta.label,
        ident=str(event.pk),
        values=values,
        labels=labels,
        title="Access event",
    )


def gather(subject: FamilyMember) -> dict[str, list[GatheredRecord]]:
    """Every record linked to the subject's family, by section, in `SECTION_ORDER`."""
    family = subject.family
    sections: dict[str, list[GatheredRecord]] = {name: [] for name in SECTION_ORDER}
    for source in SOURCES:
        sections[source.section].extend(
            _record(source, obj, subject) for obj in source_rows(source, family).iterator(500)
        )
    sections[ACCESS_SECTION] = [_access_record(e) for e in access_events_for(family).iterator(500)]
    return sections


def gathered_kinds(sections: Mapping[str, Iterable[GatheredRecord]]) -> dict[str, int]:
    """How many rows of each kind were gathered (for the page, and what the tests count)."""
    counts: dict[str, int] = {}
    for records in sections.values():
        for record in records:
            counts[record.kind] = counts.get(record.kind, 0) + 1
    return counts
