"""API representations of training and supervision agreements.

Serializers only check the shape of input and shape output. Who may see or change what is
decided by `workforce.permissions` (through the selectors), and every write goes through
`workforce.services`, whose own checks come back to the client as 400.

Related records (courses, facilitators, partner agencies, supervisors, supervisees, bookings)
are given by UUID as plain values; the view resolves them among the records the page would
offer, so an unknown UUID and one out of reach get the same message. Supervision *sessions*
are not here at all: their personal parts are for the supervisor and supervisee only
(decision 0009), and the API offers no way to read them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from restorative.core.api import (
    StaffRefSerializer,
    choice_field,
    date_field,
    datetime_field,
    inline_choice_field,
    submission_token_field,
    text_field,
    uuid_field,
    uuid_list_field,
)
from restorative.people.models import PartnerAgency, Staff

from ..compliance import STATUS_LABELS, STATUS_ORDER, Status
from ..models import (
    LENGTH_HOURS_ERRORS,
    REQUIREMENT_GROUP_CHOICES,
    Booking,
    Course,
    Session,
    SupervisionAgreement,
)
from ..services import COURSE_FIELDS

STATUS_CHOICES = [(status.value, STATUS_LABELS[status]) for status in STATUS_ORDER]


# References --------------------------------------------------------------------------------


class CourseRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Course
        fields = ("uuid", "title")
        read_only_fields = fields


class AgencyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartnerAgency
        fields = ("uuid", "name")
        read_only_fields = fields


# Courses -----------------------------------------------------------------------------------


class CourseSerializer(serializers.ModelSerializer):
    kind = inline_choice_field(Course.Kind.choices)
    level = inline_choice_field(Course.Level.choices)
    delivery = inline_choice_field(Course.Delivery.choices)
    required_groups = serializers.SerializerMethodField(
        help_text="Who must complete it: staff roles, and `restorative_champion`."
    )

    class Meta:
        model = Course
        fields = ("uuid", *COURSE_FIELDS, "required_groups")
        read_only_fields = fields

    def get_required_groups(self, course: Course) -> list[str]:
        return sorted(r.group for r in course.requirements.all())


class CourseWriteSerializer(serializers.Serializer):
    """A course as the workforce team writes it. On PATCH, only the fields sent change."""

    title = text_field("Course title", max_length=200, required=True)
    kind = choice_field(Course.Kind.choices, "Type of course")
    level = choice_field(Course.Level.choices, "Level")
    description = text_field("Description", max_length=4000, multiline=True)
    length_hours = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0.5"),
        max_value=Decimal("999"),
        error_messages={
            **LENGTH_HOURS_ERRORS,
            "max_whole_digits": "Length must be 999 hours or fewer",
        },
    )
    delivery = choice_field(Course.Delivery.choices, "Delivery")
    validity_months = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=120,
        help_text="Months before a refresher is due; null if it never expires.",
        error_messages={
            "invalid": "Months must be a whole number, like 12",
            "min_value": "Months must be 1 or more",
            "max_value": "Months must be 120 or fewer",
        },
    )
    is_active = serializers.BooleanField(
        required=False,
        default=True,
        help_text="False takes the course out of the catalogue (its records stay).",
        error_messages={"invalid": "Is active must be true or false"},
    )
    required_groups = serializers.ListField(
        child=choice_field(REQUIREMENT_GROUP_CHOICES, "Group"),
        required=False,
        default=list,
        help_text="Staff roles (and `restorative_champion`) who must complete the course.",
        error_messages={"not_a_list": "Required groups must be a list"},
    )


# Sessions and bookings ---------------------------------------------------------------------


class SessionSerializer(serializers.ModelSerializer):
    course = CourseRefSerializer(read_only=True)
    places_booked = serializers.IntegerField(source="booked_count", read_only=True)
    waiting = serializers.IntegerField(source="waiting_count", read_only=True)
    facilitators = StaffRefSerializer(many=True, read_only=True)
    partner_agencies = AgencyRefSerializer(many=True, read_only=True)

    class Meta:
        model = Session
        fields = (
            "uuid",
            "course",
            "starts_at",
            "place",
            "online_link",
            "capacity",
            "places_booked",
            "waiting",
            "facilitators",
            "partner_agencies",
            "attendance_taken_at",
        )
        read_only_fields = fields


class SessionCreateSerializer(serializers.Serializer):
    course = uuid_field("Course")
    starts_at = datetime_field("Start")
    capacity = serializers.IntegerField(
        min_value=1,
        max_value=500,
        error_messages={
            "required": "Enter the capacity",
            "invalid": "Capacity must be a whole number, like 20",
            "min_value": "Capacity must be 1 or more",
            "max_value": "Capacity must be 500 or fewer",
        },
    )
    place = text_field("Place", max_length=300)
    online_link = serializers.URLField(
        required=False,
        allow_blank=True,
        default="",
        max_length=500,
        error_messages={
            "invalid": "Enter the link in the right format, like https://meet.example.org/abc",
            "max_length": "Online link must be 500 characters or fewer",
        },
    )
    facilitators = uuid_list_field(
        "Facilitators", "Staff UUIDs (see /api/staff/). They take attendance."
    )
    partner_agencies = uuid_list_field(
        "Partner agencies", "Agencies whose staff may see and book the session (joint training)."
    )
    submission_token = submission_token_field(
        "returns the session the first one scheduled instead of scheduling another"
    )


class SessionUpdateSerializer(SessionCreateSerializer):
    """Change a session. `course` and `partner_agencies` cannot change; on PATCH only the
    fields sent change (`facilitators` left out stays as it is)."""

    course = None  # type: ignore[assignment]
    partner_agencies = None  # type: ignore[assignment]
    submission_token = None  # type: ignore[assignment]
    facilitators = serializers.ListField(
        child=uuid_field("Facilitators"),
        required=False,
        help_text="Staff UUIDs. Replaces the facilitators when sent.",
        error_messages={"not_a_list": "Facilitators must be a list of UUIDs"},
    )


class SessionRefSerializer(serializers.ModelSerializer):
    course = CourseRefSerializer(read_only=True)

    class Meta:
        model = Session
        fields = ("uuid", "course", "starts_at")
        read_only_fields = fields


class BookingSerializer(serializers.ModelSerializer):
    """A booking. `person` is shown to the person themselves and the session's runners."""

    session = SessionRefSerializer(read_only=True)
    person = StaffRefSerializer(read_only=True)
    status = inline_choice_field(Booking.Status.choices)

    class Meta:
        model = Booking
        fields = ("uuid", "session", "person", "status", "created_at", "cancelled_at")
        read_only_fields = fields


class AttendanceSerializer(serializers.Serializer):
    attended = serializers.ListField(
        child=uuid_field("Attended"),
        allow_empty=True,
        help_text="UUIDs of the bookings whose person came. Everyone else booked is recorded "
        "as did not attend. Sending it again corrects the record.",
        error_messages={
            "not_a_list": "Attended must be a list of booking UUIDs",
            "required": "List the bookings whose person attended (an empty list if nobody came)",
        },
    )


class AttendanceResultSerializer(serializers.Serializer):
    attended = serializers.IntegerField(help_text="How many attended.")
    bookings = BookingSerializer(many=True)


# Compliance --------------------------------------------------------------------------------


class CourseResultSerializer(serializers.Serializer):
    course = CourseRefSerializer()
    status = inline_choice_field(STATUS_CHOICES)
    completed_on = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)


class PersonRefSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)
    role = inline_choice_field(Staff.Role.choices)

    class Meta:
        model = Staff
        fields = ("uuid", "display_name", "role")
        read_only_fields = fields


class PersonComplianceSerializer(serializers.Serializer):
    person = PersonRefSerializer()
    results = CourseResultSerializer(many=True)


class FiguresSerializer(serializers.Serializer):
    overdue = serializers.IntegerField()
    due_soon = serializers.IntegerField()
    not_started = serializers.IntegerField()
    completed = serializers.IntegerField()
    not_required = serializers.IntegerField()
    percent_in_date = serializers.IntegerField(
        allow_null=True,
        help_text="Share of required courses completed or due soon (rounded down); null when "
        "nothing is required.",
    )


class CourseFiguresSerializer(serializers.Serializer):
    course = CourseRefSerializer()
    figures = FiguresSerializer()


class TeamRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    name = serializers.CharField()
    code = serializers.CharField()


class TeamComplianceSerializer(serializers.Serializer):
    team = TeamRefSerializer()
    overall = FiguresSerializer()
    courses = CourseFiguresSerializer(many=True)
    people = PersonComplianceSerializer(many=True)


def figures_data(figures: Any) -> dict[str, Any]:
    """A `selectors.Figures` as the API shows it."""
    return {
        **{status.value: figures.counts[status] for status in Status},
        "percent_in_date": figures.percent,
    }


def person_compliance_data(person: Any) -> dict[str, Any]:
    """A `selectors.PersonCompliance` as the API shows it (every active course)."""
    return {
        "person": person.person,
        "results": [
            {
                "course": course,
                "status": result.status.value,
                "completed_on": result.completed_on,
                "valid_until": result.valid_until,
                "due_on": result.due_on,
            }
            for course, result in person.results
        ],
    }


# Supervision agreements --------------------------------------------------------------------


class SupervisionAgreementSerializer(serializers.ModelSerializer):
    """An agreement and its dates. Never anything said in supervision."""

    supervisor = StaffRefSerializer(read_only=True)
    supervisee = StaffRefSerializer(read_only=True)
    agreed_frequency = inline_choice_field(SupervisionAgreement.Frequency.choices)

    class Meta:
        model = SupervisionAgreement
        fields = ("uuid", "supervisor", "supervisee", "agreed_frequency", "started_on", "ended_on")
        read_only_fields = fields


class SupervisionDueSerializer(serializers.Serializer):
    """One open agreement with its dates, worked out by the supervision standard."""

    agreement = SupervisionAgreementSerializer()
    last_held_on = serializers.DateField(allow_null=True)
    due_on = serializers.DateField()
    at_least = inline_choice_field(SupervisionAgreement.Frequency.choices)
    overdue = serializers.BooleanField()
    days_overdue = serializers.IntegerField()


class SupervisionAgreementCreateSerializer(serializers.Serializer):
    supervisee = uuid_field("Supervisee")
    supervisor = uuid_field("Supervisor")
    agreed_frequency = choice_field(
        SupervisionAgreement.Frequency.choices,
        "Agreed frequency",
        required=False,
        default=SupervisionAgreement.Frequency.MONTHLY,
    )
    started_on = date_field("Start date")


class SupervisionAgreementEndSerializer(serializers.Serializer):
    ended_on = date_field("Date ended")
