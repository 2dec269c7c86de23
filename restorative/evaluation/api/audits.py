"""The case-file audits API, under /api/evaluation/audits/: programmes with their agreement
figures, and audits. Lists carry no case text (no rationale, strengths, notes or reflection):
an audit's findings in words are in its detail, for those who may open it.

Every step the pages take can be taken here, through the same services (so the same rules
and messages): quality assurance draws and closes a programme; the auditor grades, shares the
draft and finishes; the practitioner adds their reflection; the moderator agrees or changes
the grade; the auditor raises a safeguarding alert and the team manager or head of service
acknowledges it. An audit the person may not see answers 404; one they may see but not act
on, 403; bad input, 400 with a message per field, and nothing is saved.

The same selectors and permission functions as the pages: a programme or audit the person may
not see answers 404. Reading one audit's findings writes an access event to the family's
trail (with why the person may read it), as the page does; the lists hold no findings and
write none.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from restorative.core.api import (
    API_CHANNEL,
    ApiViewSet,
    ErrorSerializer,
    choice_field,
    date_field,
    resolve_uuid,
    resolve_uuids,
    responses,
    submission_token_field,
    text_field,
    uuid_field,
    uuid_list_field,
    whole_number_field,
)
from restorative.people.models import Service, Staff

from ..audits import permissions, selectors, services
from ..models import AuditProgramme, CaseAudit, SafeguardingAlert

NOT_QUALITY = OpenApiResponse(
    ErrorSerializer, description="Only quality assurance draws programmes."
)
NOT_QUALITY_CLOSE = OpenApiResponse(
    ErrorSerializer, description="Only quality assurance closes programmes."
)
NOT_AUDITOR = OpenApiResponse(
    ErrorSerializer, description="Only the audit's auditor, while the audit is open."
)
NOT_PRACTITIONER = OpenApiResponse(
    ErrorSerializer,
    description="Only the practitioner whose work is audited (or, for an unallocated family, "
    "the team manager), once the draft is shared.",
)
NOT_MODERATOR = OpenApiResponse(
    ErrorSerializer,
    description="Only a moderator of the programme, not the auditor, once the audit is "
    "finished and picked for moderation.",
)
NOT_ACKNOWLEDGER = OpenApiResponse(
    ErrorSerializer,
    description="Only the team manager of the family's team or the head of its service.",
)


FieldMessages = dict[str, list[str]]  # (named here: `list` is also a viewset's action)


class Pages(PageNumberPagination):
    page_size = 50


class AgreementSerializer(serializers.Serializer[Any]):
    moderated = serializers.IntegerField()
    agreed = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)
    kappa = serializers.FloatField(allow_null=True, help_text="Cohen's kappa; null if undefined")


GRADE_HELP = "outstanding, good, requires_improvement or inadequate; empty if not graded"


def _plain(help_text: str) -> serializers.CharField:
    """A choice read out as plain text, its values listed in the help (one enum per field
    name would collide in the schema with other apps' `status` choices)."""
    return serializers.CharField(read_only=True, help_text=help_text)


class ProgrammeSerializer(serializers.ModelSerializer[AuditProgramme]):
    status = _plain("open or closed")
    service = serializers.UUIDField(source="service.uuid", allow_null=True, read_only=True)

    class Meta:
        model = AuditProgramme
        fields = [
            "uuid",
            "theme",
            "period_start",
            "period_end",
            "method",
            "rule",
            "service",
            "requested_size",
            "population_size",
            "seed",
            "drawn_on",
            "moderation_percent",
            "status",
            "closed_at",
        ]


class ProgrammeDetailSerializer(ProgrammeSerializer):
    agreement = serializers.SerializerMethodField()
    sample_checks = serializers.SerializerMethodField()

    class Meta(ProgrammeSerializer.Meta):
        fields = [*ProgrammeSerializer.Meta.fields, "agreement", "sample_checks"]

    @extend_schema(responses=AgreementSerializer)  # type: ignore[misc]
    def get_agreement(self, obj: AuditProgramme) -> dict[str, Any]:
        agreement = selectors.programme_agreement(obj)
        return dict(AgreementSerializer(agreement).data)

    def get_sample_checks(self, obj: AuditProgramme) -> bool:
        return selectors.sample_check(obj)


class AuditSerializer(serializers.ModelSerializer[CaseAudit]):
    """An audit as listed: who and what grade, never case text."""

    programme = serializers.UUIDField(source="programme.uuid", read_only=True)
    family_case_reference = serializers.CharField(source="family.case_reference")
    status = _plain("assigned, in_progress, shared, reflected or finished")
    grade = _plain(f"The auditor's grade: {GRADE_HELP}")
    moderated_grade = _plain(f"The moderator's grade: {GRADE_HELP}")
    final_grade = _plain(f"The moderator's grade if moderated, else the auditor's: {GRADE_HELP}")
    team = serializers.CharField(source="team.name")

    class Meta:
        model = CaseAudit
        fields = [
            "uuid",
            "programme",
            "family_case_reference",
            "team",
            "status",
            "grade",
            "for_moderation",
            "moderated_grade",
            "final_grade",
            "language_findings",
            "shared_at",
            "finished_at",
            "moderated_at",
        ]


class AnswerSerializer(serializers.Serializer[Any]):
    # The words the audit was answered under (the tool may have been reworded since).
    question = serializers.SerializerMethodField()
    section = serializers.SerializerMethodField()
    kind = serializers.CharField(source="question.kind")
    criterion = serializers.CharField(source="question.criterion")
    answer = serializers.CharField()
    note = serializers.CharField()

    def get_question(self, obj: Any) -> str:
        return str(obj.question_text or obj.question.text)

    def get_section(self, obj: Any) -> str:
        return str(obj.section_title or obj.question.section.title)


class AuditDetailSerializer(AuditSerializer):
    answers = serializers.SerializerMethodField()

    class Meta(AuditSerializer.Meta):
        fields = [
            *AuditSerializer.Meta.fields,
            "rationale",
            "strengths",
            "reflection",
            "moderation_reason",
            "answers",
        ]

    @extend_schema(responses=AnswerSerializer(many=True))  # type: ignore[misc]
    def get_answers(self, obj: CaseAudit) -> list[dict[str, Any]]:
        return [dict(AnswerSerializer(a).data) for a in selectors.audit_answers(obj).values()]


class ProgrammeCreateSerializer(serializers.Serializer[Any]):
    """Draw a programme: the same rules as the page (a sample no larger than the families
    that can be audited, auditors never given their own team's or supervisees' families)."""

    theme = text_field("Theme", max_length=200, required=True)
    period_start = date_field("Start of the period")
    period_end = date_field("End of the period")
    method = choice_field(AuditProgramme.Method.choices, "Method")
    rule = choice_field(AuditProgramme.Rule.choices, "Rule", required=False, allow_blank=True)
    service = uuid_field("Service", required=False, allow_null=True)
    requested_size = whole_number_field("Sample size", 1, 1000)
    seed = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    auditors = uuid_list_field("Auditor", "The auditors' UUIDs (staff).")
    moderators = uuid_list_field("Moderator", "The moderators' UUIDs (staff).")
    moderation_percent = whole_number_field("Share to moderate", 0, 100, required=False)
    submission_token = submission_token_field()


class AnswerWriteSerializer(serializers.Serializer[Any]):
    question = uuid_field("Question")
    answer = text_field("Answer", max_length=24, required=True)
    note = text_field("Note")


class AuditGradeSerializer(serializers.Serializer[Any]):
    """The auditor's answers (every active question of the tool: yes, no or na for
    compliance, a grade for quality), the overall grade and its written rationale."""

    answers = AnswerWriteSerializer(many=True)
    grade = text_field("Overall grade", max_length=24, required=True, help_text=GRADE_HELP)
    rationale = text_field("Rationale", required=True)
    strengths = text_field("Strengths")


class ReflectionSerializer(serializers.Serializer[Any]):
    reflection = text_field("Reflection", required=True)


class ModerationSerializer(serializers.Serializer[Any]):
    grade = text_field("Moderated grade", max_length=24, required=True, help_text=GRADE_HELP)
    reason = text_field("Reason", required=True)


class AlertRaiseSerializer(serializers.Serializer[Any]):
    concern = text_field("Concern", required=True)
    submission_token = submission_token_field()


class AlertAcknowledgeSerializer(serializers.Serializer[Any]):
    action_taken = text_field("What you have done", required=True)


class AlertSerializer(serializers.ModelSerializer[SafeguardingAlert]):
    """A safeguarding alert: the concern is for those who must act on it (the family's team
    manager and head of service, quality assurance, the auditor who raised it)."""

    audit = serializers.UUIDField(source="audit.uuid", read_only=True)
    family_case_reference = serializers.CharField(source="audit.family.case_reference")
    team = serializers.CharField(source="audit.team.name")
    raised_by = serializers.CharField(source="raised_by.display_name")
    acknowledged_by = serializers.CharField(
        source="acknowledged_by.display_name", allow_null=True, default=None
    )

    class Meta:
        model = SafeguardingAlert
        fields = [
            "uuid",
            "audit",
            "family_case_reference",
            "team",
            "concern",
            "raised_by",
            "created_at",
            "acknowledged_by",
            "acknowledged_at",
            "action_taken",
        ]
        read_only_fields = fields


def _acting(request: Request) -> Staff:
    return cast(Staff, request.user)


class ProgrammeViewSet(ApiViewSet):
    """Audit programmes: quality assurance and the director see all; auditors and
    moderators the programmes they take part in."""

    serializer_class = ProgrammeSerializer
    pagination_class = Pages
    lookup_field = "uuid"

    def get_queryset(self) -> QuerySet[AuditProgramme]:
        return selectors.programmes_for(self.request.user)

    @extend_schema(summary="Audit programmes", responses=responses(ProgrammeSerializer(many=True)))
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ProgrammeSerializer(page, many=True).data)

    @extend_schema(
        summary="Draw an audit programme (quality assurance)",
        request=ProgrammeCreateSerializer,
        responses=responses(ProgrammeDetailSerializer, 400, created=True, forbidden=NOT_QUALITY),
    )
    def create(self, request: Request) -> Response:
        if not permissions.can_manage_programmes(request.user):
            raise PermissionDenied("Only quality assurance draws audit programmes.")
        data = self.validated(ProgrammeCreateSerializer)
        candidates = selectors.auditor_candidates(request.user)
        auditors = resolve_uuids(
            candidates, data.get("auditors") or [], "auditors", "Choose auditors from our staff"
        )
        moderators = resolve_uuids(
            candidates,
            data.get("moderators") or [],
            "moderators",
            "Choose moderators from our staff",
        )
        service = resolve_uuid(
            Service.objects.all(), data.get("service"), "service", "No such service"
        )
        programme, created = services.programme_create(
            actor=cast(Staff, request.user),
            theme=data["theme"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            method=data["method"],
            rule=data.get("rule") or "",
            service=service,
            size=data["requested_size"],
            auditors=auditors,
            moderators=moderators,
            moderation_percent=data.get("moderation_percent", 20),
            submission_token=data.get("submission_token"),
            seed=data.get("seed"),
        )
        return Response(
            ProgrammeDetailSerializer(programme).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(
        summary="An audit programme, with its agreement figures and whether its sample checks",
        responses=responses(ProgrammeDetailSerializer, 404),
    )
    def retrieve(self, request: Request, uuid: str) -> Response:
        programme = selectors.programme_get(request.user, uuid)
        return Response(ProgrammeDetailSerializer(programme).data)

    @extend_schema(
        summary="Close a programme (quality assurance)",
        description="The auditors' access to the families' records ends. Refused (400) while "
        "a safeguarding alert raised in the programme is open.",
        request=None,
        responses=responses(ProgrammeDetailSerializer, 400, 404, forbidden=NOT_QUALITY_CLOSE),
    )
    def close(self, request: Request, uuid: str) -> Response:
        programme = selectors.programme_get(request.user, uuid)
        closed = services.programme_close(actor=_acting(request), programme=programme)
        return Response(ProgrammeDetailSerializer(closed).data)

    @extend_schema(
        summary="A programme's audits (no case text), a page at a time",
        responses=responses(AuditSerializer(many=True), 404),
    )
    def audits(self, request: Request, uuid: str) -> Response:
        programme = selectors.programme_get(request.user, uuid)
        page = self.paginate_queryset(selectors.programme_audits(request.user, programme))
        return self.get_paginated_response(AuditSerializer(page, many=True).data)


class AuditViewSet(ApiViewSet):
    """Case-file audits the person may open: their own as auditor or practitioner, those they
    moderate, their team's or service's once shared, every one for quality assurance."""

    serializer_class = AuditSerializer
    pagination_class = Pages
    lookup_field = "uuid"

    def get_queryset(self) -> QuerySet[CaseAudit]:
        return (
            CaseAudit.objects.filter(permissions.audits_visible_q(self.request.user))
            .select_related("programme", "family", "team")
            .defer("programme__population")
            .order_by("-drawn_on", "id")
        )

    @extend_schema(
        summary="Case-file audits (no case text)", responses=responses(AuditSerializer(many=True))
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(AuditSerializer(page, many=True).data)

    @extend_schema(
        summary="A case-file audit with its findings",
        responses=responses(AuditDetailSerializer, 404, 503),
    )
    def retrieve(self, request: Request, uuid: str) -> Response:
        audit = selectors.audit_read(request.user, uuid, request=request, channel=API_CHANNEL)
        return Response(AuditDetailSerializer(audit).data)

    def service_errors(self, error: Any) -> FieldMessages:
        """The grading service keys a question's message `q_<uuid>`: here it is
        `answers.<uuid>`, the question as the request names it."""
        detail = super().service_errors(error)
        return {
            (f"answers.{key[2:]}" if key.startswith("q_") else key): messages
            for key, messages in detail.items()
        }

    def _audit(self, request: Request, uuid: str) -> CaseAudit:
        return selectors.audit_get(request.user, uuid)

    def _answer(self, request: Request, audit: CaseAudit) -> Response:
        fresh = selectors.audit_get(request.user, audit.uuid)
        return Response(AuditSerializer(fresh).data)

    @extend_schema(
        summary="Grade an audit (the auditor)",
        description="Saves every answer, the overall grade and its rationale; saving again "
        "replaces them until the audit is finished. A grade outside the Ofsted four-point "
        "scale, an answer outside its question's scale, or a missing answer: 400, nothing saved.",
        request=AuditGradeSerializer,
        responses=responses(AuditSerializer, 400, 404, forbidden=NOT_AUDITOR),
    )
    def grade(self, request: Request, uuid: str) -> Response:
        audit = self._audit(request, uuid)
        if not permissions.can_edit_audit(request.user, audit):
            raise PermissionDenied("Only the audit's auditor grades it, while it is open.")
        data = self.validated(AuditGradeSerializer)
        answers = {str(a["question"]): a["answer"] for a in data["answers"]}
        notes = {str(a["question"]): a["note"] for a in data["answers"]}
        services.audit_save(
            actor=_acting(request),
            audit=audit,
            answers=answers,
            notes=notes,
            grade=data["grade"],
            rationale=data["rationale"],
            strengths=data["strengths"],
        )
        return self._answer(request, audit)

    @extend_schema(
        summary="Share the draft findings with the practitioner (the auditor)",
        request=None,
        responses=responses(AuditSerializer, 400, 404, forbidden=NOT_AUDITOR),
    )
    def share(self, request: Request, uuid: str) -> Response:
        audit = self._audit(request, uuid)
        services.audit_share(actor=_acting(request), audit=audit)
        return self._answer(request, audit)

    @extend_schema(
        summary="Add the practitioner's reflection on the draft findings",
        request=ReflectionSerializer,
        responses=responses(AuditSerializer, 400, 404, forbidden=NOT_PRACTITIONER),
    )
    def reflect(self, request: Request, uuid: str) -> Response:
        audit = self._audit(request, uuid)
        if not permissions.can_reflect_on_audit(request.user, audit):
            raise PermissionDenied("Only the practitioner whose work is audited reflects on it.")
        data = self.validated(ReflectionSerializer)
        services.audit_reflect(actor=_acting(request), audit=audit, reflection=data["reflection"])
        return self._answer(request, audit)

    @extend_schema(
        summary="Finish the audit (the auditor)",
        description="Refused (400) until the practitioner has added their reflection.",
        request=None,
        responses=responses(AuditSerializer, 400, 404, forbidden=NOT_AUDITOR),
    )
    def finish(self, request: Request, uuid: str) -> Response:
        audit = self._audit(request, uuid)
        services.audit_finish(actor=_acting(request), audit=audit)
        return self._answer(request, audit)

    @extend_schema(
        summary="Moderate the audit: agree with or change the grade, with a reason",
        request=ModerationSerializer,
        responses=responses(AuditSerializer, 400, 404, forbidden=NOT_MODERATOR),
    )
    def moderate(self, request: Request, uuid: str) -> Response:
        audit = self._audit(request, uuid)
        if not permissions.can_moderate_audit(request.user, audit):
            raise PermissionDenied("Only a moderator of the programme moderates this audit.")
        data = self.validated(ModerationSerializer)
        services.audit_moderate(
            actor=_acting(request), audit=audit, grade=data["grade"], reason=data["reason"]
        )
        return self._answer(request, audit)

    @extend_schema(
        summary="Raise a safeguarding alert from an open audit (the auditor)",
        description="It reaches the team manager and head of service at once and stays on "
        "their due lists until one of them acknowledges it.",
        request=AlertRaiseSerializer,
        responses=responses(AlertSerializer, 400, 404, created=True, forbidden=NOT_AUDITOR),
    )
    def raise_alert(self, request: Request, uuid: str) -> Response:
        audit = self._audit(request, uuid)
        if not permissions.can_raise_alert(request.user, audit):
            raise PermissionDenied("Only the audit's auditor raises an alert from it.")
        data = self.validated(AlertRaiseSerializer)
        alert, created = services.alert_raise(
            actor=_acting(request),
            audit=audit,
            concern=data["concern"],
            submission_token=data.get("submission_token"),
        )
        alert = selectors.alert_get(request.user, alert.uuid)
        return Response(
            AlertSerializer(alert).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class AlertViewSet(ApiViewSet):
    """Safeguarding alerts the person may see: open ones first."""

    serializer_class = AlertSerializer
    pagination_class = Pages
    lookup_field = "uuid"

    @extend_schema(
        summary="Safeguarding alerts raised in audits (open first)",
        responses=responses(AlertSerializer(many=True)),
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.alerts_for(request.user))
        return self.get_paginated_response(AlertSerializer(page, many=True).data)

    @extend_schema(summary="A safeguarding alert", responses=responses(AlertSerializer, 404))
    def retrieve(self, request: Request, uuid: str) -> Response:
        return Response(AlertSerializer(selectors.alert_get(request.user, uuid)).data)

    @extend_schema(
        summary="Acknowledge a safeguarding alert, saying what you have done",
        request=AlertAcknowledgeSerializer,
        responses=responses(AlertSerializer, 400, 404, forbidden=NOT_ACKNOWLEDGER),
    )
    def acknowledge(self, request: Request, uuid: str) -> Response:
        alert = selectors.alert_get(request.user, uuid)
        if not permissions.can_acknowledge_alert(request.user, alert):
            raise PermissionDenied(
                "Only the team manager or head of service of the family's team acknowledges it."
            )
        data = self.validated(AlertAcknowledgeSerializer)
        services.alert_acknowledge(
            actor=_acting(request), alert=alert, action_taken=data["action_taken"]
        )
        return Response(AlertSerializer(selectors.alert_get(request.user, uuid)).data)
