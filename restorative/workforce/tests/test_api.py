"""The workforce API as an integrator sees it: who gets what (allowed and refused per rule),
the answers (404 for no access, 403 for "you may see it but not do this", 400 for bad input)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from restorative.people.models import Staff
from restorative.people.tests.factories import StaffFactory
from restorative.workforce import services
from restorative.workforce.models import (
    Booking,
    Completion,
    Course,
    Session,
    SupervisionAgreement,
)
from restorative.workforce.tests.factories import (
    BookingFactory,
    CourseFactory,
    CourseRequirementFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

COURSES = "/api/workforce/courses/"
SESSIONS = "/api/workforce/sessions/"
AGREEMENTS = "/api/workforce/supervision/agreements/"


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def as_(api: APIClient, person: Any) -> APIClient:
    api.force_authenticate(person)
    return api


def _future(days: int = 14) -> str:
    return (timezone.now() + datetime.timedelta(days=days)).isoformat()


# --- Courses -------------------------------------------------------------------------------


def test_everyone_reads_the_catalogue_and_partners_only_invited_courses(
    api: APIClient, world: Any
) -> None:
    open_course = CourseFactory(title="Foundation in restorative practice")
    CourseRequirementFactory(course=open_course, group="practitioner")
    joint = CourseFactory(title="Joint restorative working")
    session = SessionFactory(course=joint)
    session.partner_agencies.add(world.partner.partner_agency)
    CourseFactory(title="Retired course", is_active=False)

    body = as_(api, world.allocated).get(COURSES).json()
    assert [c["title"] for c in body] == [
        "Foundation in restorative practice",
        "Joint restorative working",
    ]
    assert body[0]["required_groups"] == ["practitioner"]
    assert len(as_(api, world.workforce).get(COURSES).json()) == 3  # inactive too

    partner = as_(api, world.partner)
    assert [c["title"] for c in partner.get(COURSES).json()] == ["Joint restorative working"]
    assert partner.get(f"{COURSES}{open_course.uuid}/").status_code == 404
    assert partner.get(f"{COURSES}{joint.uuid}/").status_code == 200
    assert as_(api, world.allocated).get(f"{COURSES}{uuid.uuid4()}/").status_code == 404


def test_workforce_team_adds_and_changes_courses(api: APIClient, world: Any) -> None:
    client = as_(api, world.workforce)
    response = client.post(
        COURSES,
        {
            "title": "Advanced restorative leadership",
            "kind": "advanced",
            "level": "advanced",
            "length_hours": "12.5",
            "delivery": "blended",
            "validity_months": 24,
            "required_groups": ["team_manager", "restorative_champion"],
            "id": 999,  # ignored
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["required_groups"] == ["restorative_champion", "team_manager"]
    assert body["length_hours"] == "12.5"
    url = f"{COURSES}{body['uuid']}/"

    response = client.patch(url, {"validity_months": None, "required_groups": []}, format="json")
    assert response.status_code == 200
    assert (response.json()["validity_months"], response.json()["required_groups"]) == (None, [])
    assert response.json()["title"] == "Advanced restorative leadership"  # unchanged


@pytest.mark.parametrize("person", ["allocated", "manager", "head", "director", "quality"])
def test_others_may_read_but_not_change_the_catalogue(
    api: APIClient, world: Any, person: str
) -> None:
    course = CourseFactory(title="Foundation")
    client = as_(api, getattr(world, person))
    response = client.post(
        COURSES,
        {"title": "X", "kind": "foundation", "level": "introductory", "length_hours": "3"},
        format="json",
    )
    assert response.status_code == 403
    assert client.patch(f"{COURSES}{course.uuid}/", {"title": "Y"}, format="json").status_code == (
        403
    )
    assert Course.objects.get().title == "Foundation"


def test_bad_course_input_gets_messages_per_field(api: APIClient, world: Any) -> None:
    CourseFactory(title="Foundation")
    client = as_(api, world.workforce)
    response = client.post(
        COURSES,
        {"kind": "sideways", "level": "introductory", "length_hours": "abc", "delivery": "online"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "title": ["Enter course title"],
        "kind": [
            "Type of course must be one of: induction, foundation, advanced, champion, "
            "refresher, multi_agency"
        ],
        "length_hours": ["Length must be a number of hours, like 3 or 6.5"],
    }
    response = client.post(
        COURSES,
        {
            "title": "Foundation",
            "kind": "foundation",
            "level": "introductory",
            "length_hours": "0.2",
            "delivery": "online",
            "required_groups": ["astronaut"],
        },
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["length_hours"] == ["Length must be at least half an hour"]
    assert "required_groups" in body
    response = client.post(
        COURSES,
        {
            "title": "Foundation",
            "kind": "foundation",
            "level": "introductory",
            "length_hours": "3",
            "delivery": "online",
        },
        format="json",
    )
    assert response.json() == {"title": ["A course with this title is already in the catalogue"]}
    assert Course.objects.count() == 1


# --- Sessions ------------------------------------------------------------------------------


def test_workforce_schedules_a_session_with_a_facilitator(api: APIClient, world: Any) -> None:
    course = CourseFactory()
    client = as_(api, world.workforce)
    response = client.post(
        SESSIONS,
        {
            "course": str(course.uuid),
            "starts_at": _future(),
            "capacity": 12,
            "place": "Civic Centre, Room 3",
            "facilitators": [str(world.manager.uuid)],
            "partner_agencies": [str(world.partner.partner_agency.uuid)],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["facilitators"] == [
        {"uuid": str(world.manager.uuid), "display_name": world.manager.display_name}
    ]
    assert (body["capacity"], body["places_booked"], body["waiting"]) == (12, 0, 0)
    assert as_(api, world.partner).get(f"{SESSIONS}{body['uuid']}/").status_code == 200


def test_bad_session_input_changes_nothing(api: APIClient, world: Any) -> None:
    course = CourseFactory()
    client = as_(api, world.workforce)
    good = {
        "course": str(course.uuid),
        "starts_at": _future(),
        "capacity": 5,
        "place": "Room 1",
    }
    cases = [
        (
            {"starts_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat()},
            {"starts_at": ["The session must start in the future"]},
        ),
        ({"starts_at": "next Tuesday"}, "starts_at"),
        ({"capacity": 0}, {"capacity": ["Capacity must be 1 or more"]}),
        (
            {"course": str(uuid.uuid4())},
            {"course": ["Choose a course from /api/workforce/courses/, by its UUID"]},
        ),
        ({"course": "not-a-uuid"}, "course"),
        (
            {"facilitators": [str(world.partner.uuid)]},
            {"facilitators": ["Choose facilitators from our own active staff, by their UUID"]},
        ),
        ({"place": ""}, {"place": ["Enter a place or an online link (or both)"]}),
        ({"online_link": "not a link", "place": ""}, "online_link"),
    ]
    for change, expected in cases:
        response = client.post(SESSIONS, {**good, **change}, format="json")
        assert response.status_code == 400, (change, response.json())
        if isinstance(expected, dict):
            assert response.json() == expected, change
        else:
            assert expected in response.json(), change
    assert not Session.objects.exists()


def test_capacity_cannot_go_below_bookings_through_the_api(api: APIClient, world: Any) -> None:
    session = SessionFactory(capacity=3)
    for person in (world.allocated, world.same_team):
        BookingFactory(session=session, person=person)
    client = as_(api, world.workforce)
    url = f"{SESSIONS}{session.uuid}/"
    response = client.patch(url, {"capacity": 1}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "capacity": ["Capacity cannot be less than the 2 places already booked"]
    }
    response = client.patch(
        url, {"starts_at": (timezone.now() - datetime.timedelta(days=1)).isoformat()}, format="json"
    )
    assert response.json() == {"starts_at": ["The session must start in the future"]}
    session.refresh_from_db()
    assert session.capacity == 3
    response = client.patch(
        url, {"capacity": 4, "facilitators": [str(world.manager.uuid)]}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["capacity"] == 4
    assert [f["uuid"] for f in response.json()["facilitators"]] == [str(world.manager.uuid)]
    assert as_(api, world.manager).patch(url, {"capacity": 9}, format="json").status_code == 403


def test_partners_see_only_invited_sessions(api: APIClient, world: Any) -> None:
    invited = SessionFactory()
    invited.partner_agencies.add(world.partner.partner_agency)
    hidden = SessionFactory()
    client = as_(api, world.partner)
    assert [s["uuid"] for s in client.get(SESSIONS).json()["results"]] == [str(invited.uuid)]
    assert client.get(f"{SESSIONS}{hidden.uuid}/").status_code == 404
    assert client.post(f"{SESSIONS}{hidden.uuid}/bookings/").status_code == 404
    assert not Booking.objects.exists()
    assert client.post(f"{SESSIONS}{invited.uuid}/bookings/").status_code == 201


@pytest.mark.parametrize("size", [3, 20])
def test_session_list_makes_the_same_number_of_queries(
    api: APIClient, world: Any, size: int
) -> None:
    for _ in range(size):
        session = SessionFactory()
        session.facilitators.add(world.manager)
        session.partner_agencies.add(world.partner.partner_agency)
    client = as_(api, world.allocated)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(SESSIONS)
    assert response.status_code == 200 and response.json()["count"] == size
    assert len(queries) == 4  # count, page, facilitators, agencies


# --- Booking, cancelling, attendance -------------------------------------------------------


def test_book_cancel_and_the_waiting_list(api: APIClient, world: Any) -> None:
    session = SessionFactory(capacity=1)
    url = f"{SESSIONS}{session.uuid}/bookings/"
    first = as_(api, world.allocated).post(url)
    assert first.status_code == 201 and first.json()["status"] == "booked"
    again = api.post(url)
    assert again.status_code == 200 and again.json()["uuid"] == first.json()["uuid"]
    waiting = as_(api, world.same_team).post(url)
    assert waiting.json()["status"] == "waiting"

    # Someone else's booking is not theirs to cancel.
    cancel_first = f"/api/workforce/bookings/{first.json()['uuid']}/cancel/"
    assert api.post(cancel_first).status_code == 404

    mine = as_(api, world.allocated).get("/api/workforce/bookings/").json()["results"]
    assert [b["uuid"] for b in mine] == [first.json()["uuid"]]
    response = api.post(cancel_first)
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert Booking.objects.get(uuid=waiting.json()["uuid"]).status == Booking.Status.BOOKED
    assert api.get("/api/workforce/bookings/").json()["results"] == []


def test_booking_a_started_session_is_refused(api: APIClient, world: Any) -> None:
    session = SessionFactory(starts_at=timezone.now() - datetime.timedelta(hours=1))
    response = as_(api, world.allocated).post(f"{SESSIONS}{session.uuid}/bookings/")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["This session has already started, so it cannot be booked"]
    }


def test_who_is_booked_is_for_the_people_running_the_session(api: APIClient, world: Any) -> None:
    session = SessionFactory()
    session.facilitators.add(world.manager)
    BookingFactory(session=session, person=world.allocated)
    url = f"{SESSIONS}{session.uuid}/bookings/"
    for person, expected in (
        ("manager", 200),
        ("workforce", 200),
        ("allocated", 403),
        ("head", 403),
        ("partner", 404),
    ):
        assert as_(api, getattr(world, person)).get(url).status_code == expected, person
    body = as_(api, world.manager).get(url).json()
    assert [b["person"]["uuid"] for b in body] == [str(world.allocated.uuid)]


def test_the_facilitator_takes_attendance_and_compliance_follows(
    api: APIClient, world: Any
) -> None:
    course = CourseFactory(title="Foundation", validity_months=12)
    CourseRequirementFactory(course=course, group="practitioner")
    session = SessionFactory(course=course, capacity=5)
    session.facilitators.add(world.manager)
    came = BookingFactory(session=session, person=world.allocated)
    absent = BookingFactory(session=session, person=world.same_team)
    url = f"{SESSIONS}{session.uuid}/attendance/"

    before = as_(api, world.allocated).get("/api/workforce/compliance/me/").json()
    assert before["results"][0]["status"] == "not_started"
    assert api.post(url, {"attended": [str(came.uuid)]}, format="json").status_code == 403

    facilitator = as_(api, world.manager)
    response = facilitator.post(url, {"attended": [str(came.uuid)]}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Attendance can be taken once the session has started"]
    }
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2)
    )
    response = facilitator.post(url, {"attended": [str(uuid.uuid4())]}, format="json")
    assert response.json() == {
        "attended": ["Choose only bookings with a place on this session, by their UUID"]
    }
    assert facilitator.post(url, {"attended": "everyone"}, format="json").status_code == 400
    assert not Completion.objects.exists()

    response = facilitator.post(url, {"attended": [str(came.uuid)]}, format="json")
    assert response.status_code == 200
    assert response.json()["attended"] == 1
    statuses = {b["uuid"]: b["status"] for b in response.json()["bookings"]}
    assert statuses == {str(came.uuid): "attended", str(absent.uuid): "did_not_attend"}

    after = as_(api, world.allocated).get("/api/workforce/compliance/me/").json()
    result = after["results"][0]
    assert (result["course"]["title"], result["status"]) == ("Foundation", "completed")
    assert (
        result["completed_on"]
        == timezone.localdate(timezone.now() - datetime.timedelta(hours=2)).isoformat()
    )


# --- Compliance ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("manager", 200),
        ("head", 200),
        ("director", 200),
        ("workforce", 200),
        ("allocated", 404),
        ("other_team_manager", 404),
        ("other_head", 404),
        ("quality", 404),
        ("admin", 404),
        ("partner", 404),
    ],
)
def test_team_compliance_follows_the_scope(
    api: APIClient, world: Any, person: str, expected: int
) -> None:
    CourseRequirementFactory(course=CourseFactory(title="Foundation"), group="practitioner")
    response = as_(api, getattr(world, person)).get(
        f"/api/workforce/compliance/teams/{world.team_a1.uuid}/"
    )
    assert response.status_code == expected
    if expected == 200:
        body = response.json()
        names = {p["person"]["display_name"] for p in body["people"]}
        assert world.allocated.display_name in names
        assert world.other_team.display_name not in names
        assert body["courses"][0]["figures"]["not_started"] >= 1


def test_my_compliance_is_404_for_partners(api: APIClient, world: Any) -> None:
    assert as_(api, world.partner).get("/api/workforce/compliance/me/").status_code == 404
    assert as_(api, world.quality).get("/api/workforce/compliance/me/").status_code == 200


# --- Supervision agreements ----------------------------------------------------------------


def test_manager_sets_up_and_ends_supervision_through_the_api(api: APIClient, world: Any) -> None:
    client = as_(api, world.manager)
    started = timezone.localdate() - datetime.timedelta(days=60)
    response = client.post(
        AGREEMENTS,
        {
            "supervisee": str(world.allocated.uuid),
            "supervisor": str(world.manager.uuid),
            "agreed_frequency": "fortnightly",
            "started_on": started.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    agreement_uuid = response.json()["uuid"]

    rows = client.get(AGREEMENTS).json()
    row = next(r for r in rows if r["agreement"]["uuid"] == agreement_uuid)
    assert row["overdue"] is True and row["last_held_on"] is None
    assert set(row) == {
        "agreement",
        "last_held_on",
        "due_on",
        "at_least",
        "overdue",
        "days_overdue",
    }
    end = f"{AGREEMENTS}{agreement_uuid}/end/"
    # The supervisee sees their own agreement but does not end it.
    assert as_(api, world.allocated).post(end, {"ended_on": started.isoformat()}).status_code == 403
    assert as_(api, world.same_team).post(end, {"ended_on": started.isoformat()}).status_code == 404
    assert as_(api, world.other_team_manager).post(end, {}).status_code == 404

    client = as_(api, world.manager)
    response = client.post(end, {"ended_on": (started - datetime.timedelta(days=1)).isoformat()})
    assert response.status_code == 400
    assert response.json() == {
        "ended_on": [f"Date ended must be on or after the agreement started ({started:%d/%m/%Y})"]
    }
    assert client.post(end, {"ended_on": "31/02/2026"}).status_code == 400
    response = client.post(end, {"ended_on": timezone.localdate().isoformat()})
    assert response.status_code == 200
    assert response.json()["ended_on"] == timezone.localdate().isoformat()
    assert agreement_uuid not in {r["agreement"]["uuid"] for r in client.get(AGREEMENTS).json()}


def test_agreements_are_set_up_only_for_people_you_oversee(api: APIClient, world: Any) -> None:
    data = {
        "supervisee": str(world.other_team.uuid),
        "supervisor": str(world.manager.uuid),
        "started_on": "2026-01-01",
    }
    response = as_(api, world.manager).post(AGREEMENTS, data, format="json")
    assert response.status_code == 400
    assert response.json() == {"supervisee": ["Choose a person you oversee"]}
    response = as_(api, world.allocated).post(
        AGREEMENTS, {**data, "supervisee": str(world.allocated.uuid)}, format="json"
    )
    assert response.status_code == 403
    response = as_(api, world.manager).post(
        AGREEMENTS, {**data, "supervisee": str(world.allocated.uuid), "started_on": ""}
    )
    assert response.status_code == 400 and "started_on" in response.json()
    assert not SupervisionAgreement.objects.exists()
    assert as_(api, world.partner).get(AGREEMENTS).status_code == 404


def test_nothing_said_in_supervision_reaches_the_api(api: APIClient, world: Any) -> None:
    agreement = SupervisionAgreement.objects.create(
        supervisor=world.manager, supervisee=world.allocated, started_on=datetime.date(2026, 1, 5)
    )
    services.supervision_session_record(
        actor=world.manager,
        agreement=agreement,
        submission_token=uuid.uuid4(),
        held_on=timezone.localdate(),
        duration_minutes=90,
        wellbeing_score=3,
        reflection="A private reflection about a hard week",
    )
    for person in ("manager", "allocated", "head", "director", "workforce"):
        text = as_(api, getattr(world, person)).get(AGREEMENTS).content.decode()
        assert "private reflection" not in text
        assert '"wellbeing' not in text
    # A new starter joins: no open agreement, nothing overdue for them.
    StaffFactory(role=Staff.Role.ASYE, team=world.team_a1)
    assert len(as_(api, world.manager).get(AGREEMENTS).json()) == 1
