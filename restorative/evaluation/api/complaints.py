"""The complaints, compliments and learning API, under /api/evaluation/. One rulebook with
the pages: the same selectors (scoped by `complaints.permissions` and `learning.permissions`)
and services.

- Lists leave out the complainant's name and contact details (and a compliment's sender's
  name); the complaint's own record has them, for whoever may open it.
- A complaint the person may not see — one about themselves included — answers 404.
- Bad input (a stage 2 without an investigating officer or independent person, an extension
  without a reason) answers 400 with a message per field, and nothing is saved.
"""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from restorative.core.api import (
    ApiViewSet,
    ErrorSerializer,
    StaffRefSerializer,
    date_field,
    inline_choice_field,
    resolve_uuid,
    resolve_uuids,
    responses,
    text_field,
    uuid_field,
    uuid_list_field,
)
from restorative.people.models import Family, Service, Staff, Team

from ..complaints import permissions, selectors, services
from ..learning import selectors as learning_selectors
from ..models import (
    Complaint,
    ComplaintElement,
    ComplaintStage,
    Compliment,
    LearningAction,
    StageExtension,
    TrainingNeed,
)

MANAGER_ONLY = OpenApiResponse(
    ErrorSerializer, description="Only the complaints manager records complaints and compliments."
)


def _actor(request: Request) -> Staff:
    return cast(Staff, request.user)


def team_by_uuid(value: UUID | None) -> Team | None:
    """The team a request names by its UUID (none when it names none; 400 when no team has it)."""
    return resolve_uuid(Team.objects.all(), value, "team", "Choose a team by its UUID")


def _staff_named(request: Request, values: list[UUID]) -> list[Staff]:
    """The members of staff a complaint or compliment is about, from those the complaints
    manager may name (400 when one is not among them)."""
    return resolve_uuids(
        selectors.complaint_choices_staff(request.user),
        values,
        "staff",
        "Choose members of staff by their UUIDs",
    )


class OrgUnitRefSerializer(serializers.Serializer[Any]):
    uuid = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)


class ElementSerializer(serializers.ModelSerializer[ComplaintElement]):
    category = inline_choice_field(ComplaintElement.Category.choices)
    outcome = inline_choice_field([("", "Not decided"), *ComplaintElement.Outcome.choices])

    class Meta:
        model = ComplaintElement
        fields = ("uuid", "category", "description", "outcome", "decided_on", "decided_at_stage")
        read_only_fields = fields


class ExtensionSerializer(serializers.ModelSerializer[StageExtension]):
    class Meta:
        model = StageExtension
        fields = ("uuid", "reason", "complainant_told_on", "working_days", "due_on")
        read_only_fields = fields


class StageSerializer(serializers.ModelSerializer[ComplaintStage]):
    extensions = ExtensionSerializer(many=True, read_only=True)

    class Meta:
        model = ComplaintStage
        fields = (
            "number",
            "started_on",
            "working_days",
            "base_due_on",
            "due_on",
            "responded_on",
            "investigating_officer",
            "independent_person",
            "panel_held_on",
            "report_due_on",
            "report_sent_on",
            "response_due_on",
            "extensions",
        )
        read_only_fields = fields


class ComplaintListSerializer(serializers.ModelSerializer[Complaint]):
    """A complaint in a list: no complainant's name or contact details."""

    procedure = inline_choice_field(Complaint.Procedure.choices)
    complainant_kind = inline_choice_field(Complaint.Complainant.choices)
    status = inline_choice_field(Complaint.Status.choices)
    team = OrgUnitRefSerializer(read_only=True, allow_null=True)
    service = OrgUnitRefSerializer(read_only=True)
    categories = serializers.SerializerMethodField()
    stage = serializers.SerializerMethodField()
    due_on = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields: tuple[str, ...] = (
            "uuid",
            "reference",
            "procedure",
            "received_on",
            "complainant_kind",
            "team",
            "service",
            "categories",
            "stage",
            "due_on",
            "status",
            "closed_on",
        )
        read_only_fields: tuple[str, ...] = fields

    def get_categories(self, complaint: Complaint) -> list[str]:
        return sorted({element.category for element in complaint.elements.all()})

    def get_stage(self, complaint: Complaint) -> int | None:
        stage = selectors.current_stage(complaint)
        return stage.number if stage else None

    def get_due_on(self, complaint: Complaint) -> str | None:
        stage = selectors.current_stage(complaint)
        return stage.final_due_on.isoformat() if stage else None


class ComplaintSerializer(ComplaintListSerializer):
    """A complaint's whole record, for whoever may open it."""

    advocate_offer = inline_choice_field(Complaint.AdvocateOffer.choices)
    staff = StaffRefSerializer(many=True, read_only=True)
    family_case_reference = serializers.SerializerMethodField()
    elements = ElementSerializer(many=True, read_only=True)
    stages = StageSerializer(many=True, read_only=True)

    class Meta(ComplaintListSerializer.Meta):
        fields = (
            *ComplaintListSerializer.Meta.fields,
            "complainant_name",
            "complainant_contact",
            "advocate_offer",
            "staff",
            "family_case_reference",
            "summary",
            "elements",
            "stages",
            "restorative_offered_on",
            "restorative_accepted",
            "restorative_held_on",
            "restorative_outcome",
        )
        read_only_fields = fields

    def get_family_case_reference(self, complaint: Complaint) -> str | None:
        return complaint.family.case_reference if complaint.family else None


class ElementWriteSerializer(serializers.Serializer[Any]):
    category = inline_choice_field(ComplaintElement.Category.choices, "Category")
    description = text_field("Description", required=True)


class ComplaintCreateSerializer(serializers.Serializer[Any]):
    procedure = inline_choice_field(Complaint.Procedure.choices, "Procedure")
    received_on = date_field("Date received")
    complainant_kind = inline_choice_field(Complaint.Complainant.choices, "Who complained")
    complainant_name = text_field("Complainant's name", max_length=200, required=True)
    complainant_contact = text_field("Contact details")
    advocate_offer = inline_choice_field(
        Complaint.AdvocateOffer.choices, "Advocate offer", required=False, default=""
    )
    team = uuid_field("Team", required=False, allow_null=True, default=None)
    service = uuid_field("Service", required=False, allow_null=True, default=None)
    staff = uuid_list_field("Staff", "Members of staff it is about, by UUID")
    family_case_reference = text_field("Family's case reference", max_length=40)
    summary = text_field("Summary", required=True)
    elements = ElementWriteSerializer(many=True)


class StageStartSerializer(serializers.Serializer[Any]):
    number = serializers.ChoiceField(
        choices=[(2, "Stage 2"), (3, "Stage 3")],
        error_messages={"invalid_choice": "Stage must be 2 or 3", "required": "Choose the stage"},
    )
    started_on = date_field("Date asked for")
    investigating_officer = text_field("Investigating officer", max_length=200)
    independent_person = text_field("Independent person", max_length=200)


class ExtensionCreateSerializer(serializers.Serializer[Any]):
    working_days = serializers.IntegerField(
        min_value=1,
        max_value=200,
        error_messages={"invalid": "Working days must be a whole number, like 20"},
    )
    reason = text_field("Reason")
    complainant_told_on = date_field("Date the complainant was told")


class ComplimentListSerializer(serializers.ModelSerializer[Compliment]):
    """A compliment in a list: no sender's name."""

    from_kind = inline_choice_field(Compliment.From.choices)
    theme = inline_choice_field(Compliment.Theme.choices)
    team = OrgUnitRefSerializer(read_only=True, allow_null=True)
    staff = StaffRefSerializer(many=True, read_only=True)

    class Meta:
        model = Compliment
        fields = ("uuid", "received_on", "from_kind", "team", "staff", "theme", "words")
        read_only_fields = fields


class ComplimentCreateSerializer(serializers.Serializer[Any]):
    received_on = date_field("Date received")
    from_kind = inline_choice_field(Compliment.From.choices, "Who it is from")
    from_name = text_field("Their name", max_length=200)
    team = uuid_field("Team", required=False, allow_null=True, default=None)
    staff = uuid_list_field("Staff", "Members of staff it is about, by UUID")
    theme = inline_choice_field(Compliment.Theme.choices, "Theme")
    words = text_field("What they said", required=True)


class LearningActionSerializer(serializers.ModelSerializer[LearningAction]):
    owner = StaffRefSerializer(read_only=True)

    class Meta:
        model = LearningAction
        fields = (
            "uuid",
            "source_kind",
            "source_uuid",
            "what",
            "owner",
            "due_on",
            "done_on",
            "evidence",
        )
        read_only_fields = fields


class TrainingNeedSerializer(serializers.ModelSerializer[TrainingNeed]):
    teams = OrgUnitRefSerializer(many=True, read_only=True)
    course = serializers.SerializerMethodField()
    session = serializers.SerializerMethodField()

    class Meta:
        model = TrainingNeed
        fields = (
            "uuid",
            "source_kind",
            "source_uuid",
            "theme",
            "roles",
            "teams",
            "people_count",
            "course",
            "session",
            "linked_on",
        )
        read_only_fields = fields

    def get_course(self, need: TrainingNeed) -> str | None:
        return str(need.course.uuid) if need.course else None

    def get_session(self, need: TrainingNeed) -> str | None:
        return str(need.session.uuid) if need.session else None


# Views ---------------------------------------------------------------------------------------


class ComplaintViewSet(ApiViewSet):
    serializer_class = ComplaintListSerializer
    pagination_class = PageNumberPagination

    @extend_schema(
        summary="Complaints you may see",
        description="Newest first; without the complainant's name or contact details. A "
        "complaint about you is never listed. Each has its current stage and due date.",
        responses=responses(ComplaintListSerializer(many=True)),
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.complaints_for(request.user))
        return self.get_paginated_response(ComplaintListSerializer(page, many=True).data)

    @extend_schema(
        summary="A complaint's record",
        description="404 when it does not exist or you may not see it (one about you included).",
        responses=responses(ComplaintSerializer, 404, 503),
    )
    def retrieve(self, request: Request, uuid: UUID) -> Response:
        complaint = selectors.complaint_get(request.user, uuid)
        services.complaint_record_view(
            actor=request.user, complaint=complaint, request=request, channel="api"
        )
        return Response(ComplaintSerializer(complaint).data)

    @extend_schema(
        summary="Record a complaint",
        description="For the complaints manager. Stage 1 starts on the date received; its "
        "due date is 10 working days later (England and Wales bank holidays).",
        request=ComplaintCreateSerializer,
        responses=responses(ComplaintSerializer, 400, created=True, forbidden=MANAGER_ONLY),
    )
    def create(self, request: Request) -> Response:
        if not permissions.can_manage_complaints(request.user):
            raise PermissionDenied("Only the complaints manager records complaints.")
        data = self.validated(ComplaintCreateSerializer)
        team = team_by_uuid(data["team"])
        service = resolve_uuid(
            Service.objects.all(), data["service"], "service", "Choose a service by its UUID"
        )
        staff = _staff_named(request, data["staff"])
        family: Family | None = None
        if data["family_case_reference"]:
            family = selectors.family_by_reference(data["family_case_reference"])
            if family is None:
                raise serializers.ValidationError(
                    {"family_case_reference": ["No family has this case reference"]}
                )
        complaint = services.complaint_create(
            actor=_actor(request),
            request=request,
            channel="api",
            procedure=data["procedure"],
            received_on=data["received_on"],
            complainant_kind=data["complainant_kind"],
            complainant_name=data["complainant_name"],
            complainant_contact=data["complainant_contact"],
            advocate_offer=data["advocate_offer"],
            team=team,
            service=service,
            staff=staff,
            family=family,
            summary=data["summary"],
            elements=[(e["category"], e["description"]) for e in data["elements"]],
        )
        complaint = selectors.complaint_get(request.user, complaint.uuid)
        return Response(ComplaintSerializer(complaint).data, status=status.HTTP_201_CREATED)

    def _changeable(self, request: Request, uuid: UUID) -> Complaint:
        complaint = selectors.complaint_get(request.user, uuid)
        if not permissions.can_change_complaint(request.user, complaint):
            raise PermissionDenied("Only the complaints manager changes complaints.")
        return complaint

    @extend_schema(
        summary="Start stage 2 or stage 3",
        description="Stage 2 needs an investigating officer and an independent person.",
        request=StageStartSerializer,
        responses=responses(StageSerializer, 400, 404, created=True, forbidden=MANAGER_ONLY),
    )
    def start_stage(self, request: Request, uuid: UUID) -> Response:
        complaint = self._changeable(request, uuid)
        data = self.validated(StageStartSerializer)
        stage = self.call_service(
            services.stage_start,
            complaint=complaint,
            number=int(data["number"]),
            started_on=data["started_on"],
            investigating_officer=data["investigating_officer"],
            independent_person=data["independent_person"],
        )
        return Response(StageSerializer(stage).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Extend a stage",
        description="Stage 1 up to 20 working days, stage 2 up to 65; a reason and the date "
        "the complainant was told are required.",
        request=ExtensionCreateSerializer,
        responses=responses(StageSerializer, 400, 404, created=True, forbidden=MANAGER_ONLY),
    )
    def extend_stage(self, request: Request, uuid: UUID, number: int) -> Response:
        complaint = self._changeable(request, uuid)
        stage = next((s for s in complaint.stages.all() if s.number == number), None)
        if stage is None:
            from rest_framework.exceptions import NotFound

            raise NotFound
        data = self.validated(ExtensionCreateSerializer)
        self.call_service(
            services.stage_extend,
            stage=stage,
            reason=data["reason"],
            complainant_told_on=data["complainant_told_on"],
            working_days=data["working_days"],
        )
        stage.refresh_from_db()
        return Response(StageSerializer(stage).data, status=status.HTTP_201_CREATED)


class ComplimentViewSet(ApiViewSet):
    serializer_class = ComplimentListSerializer
    pagination_class = PageNumberPagination

    @extend_schema(
        summary="Compliments you may see",
        description="Those about your reach, and every one about you; without the sender's name.",
        responses=responses(ComplimentListSerializer(many=True)),
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.compliments_for(request.user))
        return self.get_paginated_response(ComplimentListSerializer(page, many=True).data)

    @extend_schema(
        summary="Record a compliment",
        description="For the complaints manager. The staff named and their team managers are "
        "told on their compliments list.",
        request=ComplimentCreateSerializer,
        responses=responses(ComplimentListSerializer, 400, created=True, forbidden=MANAGER_ONLY),
    )
    def create(self, request: Request) -> Response:
        if not permissions.can_record_compliments(request.user):
            raise PermissionDenied("Only the complaints manager records compliments.")
        data = self.validated(ComplimentCreateSerializer)
        team = team_by_uuid(data["team"])
        staff = _staff_named(request, data["staff"])
        compliment = services.compliment_create(
            actor=_actor(request),
            received_on=data["received_on"],
            from_kind=data["from_kind"],
            from_name=data["from_name"],
            team=team,
            staff=staff,
            theme=data["theme"],
            words=data["words"],
        )
        return Response(ComplimentListSerializer(compliment).data, status=status.HTTP_201_CREATED)


class LearningActionViewSet(ApiViewSet):
    serializer_class = LearningActionSerializer
    pagination_class = PageNumberPagination

    @extend_schema(
        summary="Learning actions you may see",
        description="Open first, then by due date. Each names its finding by kind and UUID.",
        responses=responses(LearningActionSerializer(many=True)),
    )
    def list(self, request: Request) -> Response:
        queryset: QuerySet[LearningAction] = learning_selectors.learning_actions_for(request.user)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(LearningActionSerializer(page, many=True).data)


class TrainingNeedViewSet(ApiViewSet):
    serializer_class = TrainingNeedSerializer
    pagination_class = PageNumberPagination

    @extend_schema(
        summary="Training needs",
        description="For managers, quality assurance, the complaints manager, the director and "
        "the workforce team; with the course or session linked to meet each.",
        responses=responses(TrainingNeedSerializer(many=True)),
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(learning_selectors.training_needs_for(request.user))
        return self.get_paginated_response(TrainingNeedSerializer(page, many=True).data)
