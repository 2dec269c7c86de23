"""API representations of the organisation, staff and families.

Serializers only read and check input and shape output. Who may see or change what is decided
by `people.permissions` (through the selectors), and every write goes through `people.services`.

Fields a client may not set (ids, UUIDs, timestamps, account flags, and a family's team and
worker for people who may not allocate) are simply not writable here: anything extra in a
request body is ignored, and the response shows what was stored.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from restorative.core.api import (
    StaffRefSerializer,
    UUIDRelatedField,
    choice_field,
    date_field,
    submission_token_field,
    text_field,
    uuid_of,
)

from ..models import Family, FamilyMember, Organisation, Service, Staff, Team


def name_field(label: str, *, max_length: int = 100, required: bool = True, **kwargs: Any) -> Any:
    """A name or reference: one line of text, required unless said otherwise."""
    return text_field(label, max_length=max_length, required=required, type_message=False, **kwargs)


# Organisation structure (read only) -------------------------------------------------------


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ("uuid", "name")
        read_only_fields = fields


class ServiceSerializer(serializers.ModelSerializer):
    organisation = serializers.UUIDField(source="organisation.uuid", read_only=True)

    class Meta:
        model = Service
        fields = ("uuid", "name", "organisation")
        read_only_fields = fields


class TeamSerializer(serializers.ModelSerializer):
    service = serializers.UUIDField(source="service.uuid", read_only=True)
    service_name = serializers.CharField(source="service.name", read_only=True)

    class Meta:
        model = Team
        fields: tuple[str, ...] = ("uuid", "name", "code", "service", "service_name")
        read_only_fields = fields


class StaffSerializer(serializers.ModelSerializer):
    """A directory entry. Deliberately no password, permissions, admin flags or sign-in dates."""

    display_name = serializers.CharField(read_only=True)
    team = serializers.SerializerMethodField(allow_null=True)
    service = serializers.SerializerMethodField(allow_null=True)
    partner_agency = serializers.SerializerMethodField(allow_null=True)

    class Meta:
        model = Staff
        fields = (
            "uuid",
            "display_name",
            "first_name",
            "last_name",
            "email",
            "job_title",
            "role",
            "team",
            "service",
            "partner_agency",
            "is_restorative_champion",
        )
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.UUID)
    def get_team(self, staff: Staff) -> str | None:
        return uuid_of(staff.team)

    @extend_schema_field(OpenApiTypes.UUID)
    def get_service(self, staff: Staff) -> str | None:
        return uuid_of(staff.service)

    def get_partner_agency(self, staff: Staff) -> str | None:
        agency = staff.partner_agency
        return agency.name if agency is not None else None


class TeamDetailSerializer(TeamSerializer):
    members = StaffSerializer(many=True, read_only=True)

    class Meta(TeamSerializer.Meta):
        fields = (*TeamSerializer.Meta.fields, "members")
        read_only_fields = fields


# Families and members ---------------------------------------------------------------------


class TeamSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ("uuid", "code", "name")
        read_only_fields = fields


class WorkerSummarySerializer(StaffRefSerializer):
    pass


class FamilyMemberSerializer(serializers.ModelSerializer):
    """A child or adult in a family. The family comes from the URL and cannot be changed."""

    kind = choice_field(FamilyMember.Kind.choices, "Kind")
    first_name = name_field("First name", enter="Enter the first name")
    last_name = name_field("Last name", enter="Enter the last name")
    # Left out of a PUT, a preferred name stays as it is (no default).
    preferred_name = name_field("Preferred name", required=False, default=serializers.empty)
    relationship = choice_field(FamilyMember.Relationship.choices, "Relationship")
    date_of_birth = date_field("Date of birth", required=False, allow_null=True)
    display_name = serializers.CharField(read_only=True)
    submission_token = submission_token_field(write_only=True)

    class Meta:
        model = FamilyMember
        fields = (
            "uuid",
            "submission_token",
            "kind",
            "first_name",
            "last_name",
            "preferred_name",
            "display_name",
            "relationship",
            "date_of_birth",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("uuid", "display_name", "created_at", "updated_at")


class FamilySerializer(serializers.ModelSerializer):
    """A family as it appears in a list: no members, so a page is a fixed number of queries."""

    team = TeamSummarySerializer(read_only=True)
    allocated_worker = WorkerSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Family
        fields: tuple[str, ...] = (
            "uuid",
            "case_reference",
            "name",
            "status",
            "opened_on",
            "closed_on",
            "team",
            "allocated_worker",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class FamilyDetailSerializer(FamilySerializer):
    """A family's record with its members (read only here; change them under /members/)."""

    members = FamilyMemberSerializer(many=True, read_only=True)
    can_edit = serializers.SerializerMethodField(
        help_text="Whether the person asking may change this record and its members."
    )

    class Meta(FamilySerializer.Meta):
        fields = (*FamilySerializer.Meta.fields, "members", "can_edit")
        read_only_fields = fields

    def get_can_edit(self, family: Family) -> bool:
        return bool(self.context.get("can_edit", False))


class FamilyWriteSerializer(serializers.Serializer):
    """What a client may change on a family. Team and worker only for those who may allocate.

    The view passes `teams` and `workers` (querysets already scoped to the user by the
    selectors) when the person may allocate; otherwise those two fields are left out and
    ignored if sent.
    """

    name = name_field("Family name", max_length=200, enter="Enter the family name")
    status = choice_field(Family.Status.choices, "Status", required=False)
    opened_on = date_field("Date opened", required=False, allow_null=True)
    closed_on = date_field("Date closed", required=False, allow_null=True)
    team = UUIDRelatedField(
        queryset=Team.objects.none(),
        label_text="Team",
        choose_text="Choose a team you work in, by its UUID",
        help_text="The team's UUID (see /api/teams/). Only a team manager or head of service "
        "may change it.",
    )
    allocated_worker = UUIDRelatedField(
        queryset=Staff.objects.none(),
        label_text="Allocated worker",
        choose_text="Choose a practitioner or manager in the family's team, by their UUID",
        required=False,
        allow_null=True,
        help_text="The staff member's UUID (see /api/staff/), or null for not allocated. Only "
        "a team manager or head of service may change it.",
    )

    def __init__(
        self,
        *args: Any,
        teams: QuerySet[Team] | None = None,
        workers: QuerySet[Staff] | None = None,
        instance_family: Family | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance_family = instance_family
        if teams is None:
            del self.fields["team"]
            del self.fields["allocated_worker"]
        else:
            team_field = cast(UUIDRelatedField, self.fields["team"])
            worker_field = cast(UUIDRelatedField, self.fields["allocated_worker"])
            # The stubs type `queryset` as a class-level manager; an instance attribute is fine.
            team_field.queryset = teams  # type: ignore[arg-type]
            worker_field.queryset = workers  # type: ignore[arg-type]
            if instance_family is not None:
                self.fields["team"].required = False


class FamilyCreateSerializer(FamilyWriteSerializer):
    case_reference = name_field(
        "Case reference",
        max_length=40,
        enter="Enter the case reference",
        help_text="The reference in the case management system.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Whoever may add a family may choose its team (the view passes the teams): `team` is
        # always asked for, in the schema too, which builds this without the view's choices.
        kwargs.setdefault("teams", Team.objects.none())
        kwargs.setdefault("workers", Staff.objects.none())
        super().__init__(*args, **kwargs)
        # A new family is opened; a closing date is set when it is closed (by update).
        del self.fields["closed_on"]


class FamilyChangeSerializer(FamilyWriteSerializer):
    """A change to a family as the schema shows it: `team` and `allocated_worker` listed, both
    optional, because the view takes them from those who may allocate and ignores them for
    everyone else (the view itself checks the body with FamilyWriteSerializer)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("teams", Team.objects.none())
        kwargs.setdefault("workers", Staff.objects.none())
        kwargs.setdefault("instance_family", Family())
        super().__init__(*args, **kwargs)
