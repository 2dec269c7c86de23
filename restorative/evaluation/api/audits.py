"""The case-file audits API, under /api/evaluation/audits/ (read only): programmes with their
agreement figures, and audits. Lists carry no case text (no rationale, strengths, notes or
reflection): an audit's findings in words are in its detail, for those who may open it.

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
from ..models import AuditProgramme, CaseAudit

NOT_QUALITY = OpenApiResponse(
    ErrorSerializer, description="Only quality assurance draws programmes."
)


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
    question = serializers.CharField(source="question.text")
    kind = serializers.CharField(source="question.kind")
    criterion = serializers.CharField(source="question.criterion")
    answer = serializers.CharField()
    note = serializers.CharField()


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
