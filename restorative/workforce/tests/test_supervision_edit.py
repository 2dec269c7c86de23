"""Ending supervision agreements, correcting supervision records, and changing a training
session's date, facilitators and capacity: who may, and what bad input gets."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from restorative.workforce import selectors, services
from restorative.workforce.models import (
    Booking,
    SupervisionAgreement,
    SupervisionCaseDecision,
    SupervisionSession,
)
from restorative.workforce.tests.factories import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
STARTED = TODAY - datetime.timedelta(days=120)


@pytest.fixture
def agreement(world: Any) -> SupervisionAgreement:
    """The team manager supervises the allocated practitioner, with no session for 120 days
    (so they are overdue)."""
    return SupervisionAgreement.objects.create(
        supervisor=world.manager, supervisee=world.allocated, started_on=STARTED
    )


def _record(world: Any, agreement: SupervisionAgreement, held_on: datetime.date) -> Any:
    session, _ = services.supervision_session_record(
        actor=world.manager,
        agreement=agreement,
        submission_token=uuid.uuid4(),
        held_on=held_on,
        duration_minutes=90,
        wellbeing_score=6,
        case_decisions=[(world.family, "Offer a family group conference")],
        reflection="Felt stuck with the Okafor visit",
    )
    return session


# --- Ending an agreement -------------------------------------------------------------------


def test_an_ended_agreement_is_no_longer_overdue_and_takes_no_more_sessions(
    world: Any, agreement: SupervisionAgreement
) -> None:
    before = selectors.supervision_overview(world.manager, today=TODAY)
    assert [r.overdue for r in before if r.agreement == agreement] == [True]

    services.supervision_agreement_end(
        actor=world.manager, agreement=agreement, ended_on=TODAY, today=TODAY
    )

    agreement.refresh_from_db()
    assert agreement.ended_on == TODAY
    for person in (world.manager, world.head, world.workforce):
        rows = selectors.supervision_overview(person, today=TODAY)
        assert agreement not in [r.agreement for r in rows]
    assert selectors.my_supervision(world.allocated, today=TODAY) is None
    with pytest.raises(PermissionDenied):
        _record(world, agreement, TODAY)
    # The supervisee can have a new agreement now.
    services.supervision_agreement_create(
        actor=world.manager,
        supervisor=world.manager,
        supervisee=world.allocated,
        started_on=TODAY,
    )


@pytest.mark.parametrize(
    ("ended_on", "message"),
    [
        (TODAY + datetime.timedelta(days=1), "Date ended must be today or in the past"),
        (
            STARTED - datetime.timedelta(days=1),
            f"Date ended must be on or after the agreement started ({STARTED:%d/%m/%Y})",
        ),
    ],
)
def test_ending_refuses_a_date_in_the_future_or_before_the_start(
    world: Any, agreement: SupervisionAgreement, ended_on: datetime.date, message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.supervision_agreement_end(
            actor=world.manager, agreement=agreement, ended_on=ended_on, today=TODAY
        )
    assert error.value.message_dict == {"ended_on": [message]}
    agreement.refresh_from_db()
    assert agreement.ended_on is None


def test_ending_refuses_a_date_before_the_last_session(
    world: Any, agreement: SupervisionAgreement
) -> None:
    last = TODAY - datetime.timedelta(days=10)
    _record(world, agreement, last)
    with pytest.raises(ValidationError) as error:
        services.supervision_agreement_end(
            actor=world.manager,
            agreement=agreement,
            ended_on=last - datetime.timedelta(days=1),
            today=TODAY,
        )
    assert error.value.message_dict == {
        "ended_on": [f"Date ended must be on or after the last session ({last:%d/%m/%Y})"]
    }
    services.supervision_agreement_end(
        actor=world.manager, agreement=agreement, ended_on=last, today=TODAY
    )
    assert SupervisionSession.objects.filter(agreement=agreement).count() == 1  # kept


def test_ending_twice_on_the_same_date_changes_nothing(
    world: Any, agreement: SupervisionAgreement
) -> None:
    first = services.supervision_agreement_end(
        actor=world.manager, agreement=agreement, ended_on=TODAY, today=TODAY
    )
    again = services.supervision_agreement_end(
        actor=world.manager, agreement=agreement, ended_on=TODAY, today=TODAY
    )
    assert first.pk == again.pk and again.ended_on == TODAY
    with pytest.raises(ValidationError, match="already ended"):
        services.supervision_agreement_end(
            actor=world.manager,
            agreement=agreement,
            ended_on=TODAY - datetime.timedelta(days=1),
            today=TODAY,
        )


@pytest.mark.parametrize("person", ["manager", "head", "workforce", "director"])
def test_those_who_oversee_the_supervisee_may_end_it(
    world: Any, agreement: SupervisionAgreement, person: str
) -> None:
    services.supervision_agreement_end(
        actor=getattr(world, person), agreement=agreement, ended_on=TODAY, today=TODAY
    )
    agreement.refresh_from_db()
    assert agreement.ended_on == TODAY


@pytest.mark.parametrize(
    "person",
    ["allocated", "same_team", "other_team_manager", "other_head", "quality", "admin", "partner"],
)
def test_others_may_not_end_it_and_the_page_is_404_for_them(
    client: Any, world: Any, agreement: SupervisionAgreement, person: str
) -> None:
    with pytest.raises(PermissionDenied):
        services.supervision_agreement_end(
            actor=getattr(world, person), agreement=agreement, ended_on=TODAY, today=TODAY
        )
    client.force_login(getattr(world, person))
    url = reverse("workforce:supervision_agreement_end", args=[agreement.uuid])
    assert client.get(url).status_code == 404
    assert client.post(url, {"ended_on": TODAY.strftime("%d/%m/%Y")}).status_code == 404
    agreement.refresh_from_db()
    assert agreement.ended_on is None


def test_manager_ends_an_agreement_from_the_who_is_due_page(
    client: Any, world: Any, agreement: SupervisionAgreement
) -> None:
    client.force_login(world.manager)
    team_page = client.get(reverse("workforce:supervision_team")).content.decode()
    url = reverse("workforce:supervision_agreement_end", args=[agreement.uuid])
    assert url in team_page

    response = client.post(url, {"ended_on": "31/02/2026"})
    assert "Date ended must be a real date" in response.content.decode()
    response = client.post(url, {"ended_on": (TODAY + datetime.timedelta(days=3)).isoformat()})
    assert response.status_code == 200
    assert "Date ended must be today or in the past" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.ended_on is None

    response = client.post(url, {"ended_on": TODAY.strftime("%d/%m/%Y")})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.ended_on == TODAY
    team_page = client.get(reverse("workforce:supervision_team")).content.decode()
    assert url not in team_page
    assert "overdue for supervision" not in team_page


# --- Correcting a supervision record -------------------------------------------------------


def test_the_supervisor_who_recorded_a_session_corrects_it(
    client: Any, world: Any, agreement: SupervisionAgreement
) -> None:
    session = _record(world, agreement, TODAY - datetime.timedelta(days=2))
    client.force_login(world.manager)
    detail = reverse("workforce:supervision_session", args=[session.uuid])
    edit = reverse("workforce:supervision_session_edit", args=[session.uuid])
    assert edit in client.get(detail).content.decode()
    page = client.get(edit).content.decode()
    assert "Felt stuck with the Okafor visit" in page

    data = {
        "held_on": (TODAY - datetime.timedelta(days=1)).strftime("%d/%m/%Y"),
        "duration_minutes": "100",
        "wellbeing_score": "8",
        "reflection": "Felt stuck, then found a way forward",
        "support_agreed": "Shadow a family group conference",
    }
    response = client.post(edit, data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.held_on, session.duration_minutes, session.wellbeing_score) == (
        TODAY - datetime.timedelta(days=1),
        100,
        8,
    )
    assert session.reflection == "Felt stuck, then found a way forward"
    assert session.support_agreed == "Shadow a family group conference"
    # The case decision on the family's record is untouched.
    assert list(SupervisionCaseDecision.objects.values_list("decision", flat=True)) == [
        "Offer a family group conference"
    ]


def test_bad_input_when_correcting_changes_nothing(
    client: Any, world: Any, agreement: SupervisionAgreement
) -> None:
    session = _record(world, agreement, TODAY - datetime.timedelta(days=2))
    client.force_login(world.manager)
    edit = reverse("workforce:supervision_session_edit", args=[session.uuid])
    cases = [
        (
            {"held_on": (TODAY + datetime.timedelta(days=1)).strftime("%d/%m/%Y")},
            "Date of the session must be today or in the past",
        ),
        (
            {"held_on": (STARTED - datetime.timedelta(days=1)).strftime("%d/%m/%Y")},
            "Date of the session must be on or after the agreement started",
        ),
        ({"wellbeing_score": "11"}, "Wellbeing score must be from 0 to 10"),
        ({"duration_minutes": ""}, "Enter the length of the session in minutes"),
    ]
    for change, message in cases:
        data = {
            "held_on": TODAY.strftime("%d/%m/%Y"),
            "duration_minutes": "60",
            "wellbeing_score": "5",
            "reflection": "Changed",
            **change,
        }
        response = client.post(edit, data)
        assert response.status_code == 200
        assert message in response.content.decode(), message
    session.refresh_from_db()
    assert (session.duration_minutes, session.reflection) == (
        90,
        "Felt stuck with the Okafor visit",
    )


def test_a_session_cannot_be_moved_after_the_agreement_ended(
    world: Any, agreement: SupervisionAgreement
) -> None:
    session = _record(world, agreement, TODAY - datetime.timedelta(days=5))
    ended = TODAY - datetime.timedelta(days=3)
    services.supervision_agreement_end(
        actor=world.manager, agreement=agreement, ended_on=ended, today=TODAY
    )
    with pytest.raises(ValidationError) as error:
        services.supervision_session_update(
            actor=world.manager,
            session=session,
            held_on=TODAY,
            duration_minutes=90,
            wellbeing_score=6,
            today=TODAY,
        )
    assert error.value.message_dict["held_on"] == [
        f"Date of the session must be on or before the agreement ended ({ended:%d/%m/%Y})"
    ]
    # A correction within the agreement is still possible after it ended.
    services.supervision_session_update(
        actor=world.manager,
        session=session,
        held_on=ended,
        duration_minutes=90,
        wellbeing_score=6,
        today=TODAY,
    )


def test_the_supervisee_reads_but_does_not_edit(
    client: Any, world: Any, agreement: SupervisionAgreement
) -> None:
    session = _record(world, agreement, TODAY)
    client.force_login(world.allocated)
    detail = reverse("workforce:supervision_session", args=[session.uuid])
    edit = reverse("workforce:supervision_session_edit", args=[session.uuid])
    page = client.get(detail)
    assert page.status_code == 200 and edit not in page.content.decode()
    assert client.get(edit).status_code == 404
    with pytest.raises(PermissionDenied):
        services.supervision_session_update(
            actor=world.allocated,
            session=session,
            held_on=TODAY,
            duration_minutes=90,
            wellbeing_score=10,
        )


@pytest.mark.parametrize(
    "person", ["head", "quality", "director", "workforce", "same_team", "other_team_manager"]
)
def test_nobody_else_can_open_the_edit_page(
    client: Any, world: Any, agreement: SupervisionAgreement, person: str
) -> None:
    session = _record(world, agreement, TODAY)
    client.force_login(getattr(world, person))
    edit = reverse("workforce:supervision_session_edit", args=[session.uuid])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"held_on": "01/01/2026"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.supervision_session_update(
            actor=getattr(world, person),
            session=session,
            held_on=TODAY,
            duration_minutes=90,
            wellbeing_score=1,
        )


def test_a_new_supervisor_does_not_edit_the_old_supervisors_records(
    world: Any, agreement: SupervisionAgreement
) -> None:
    session = _record(world, agreement, TODAY)
    services.supervision_agreement_create(
        actor=world.head,
        supervisor=world.other_team_manager,
        supervisee=world.allocated,
        started_on=TODAY + datetime.timedelta(days=1),
    )
    with pytest.raises(PermissionDenied):
        services.supervision_session_update(
            actor=world.other_team_manager,
            session=session,
            held_on=TODAY,
            duration_minutes=90,
            wellbeing_score=1,
        )


# --- Changing a training session -----------------------------------------------------------


def _session_data(**overrides: str) -> dict[str, str]:
    start = timezone.localtime() + datetime.timedelta(days=30)
    return {
        "date": start.strftime("%d/%m/%Y"),
        "start_time": "10:00",
        "place": "Civic Centre, Room 3",
        "online_link": "",
        "capacity": "10",
        **overrides,
    }


def test_workforce_moves_a_session_and_changes_its_facilitators(client: Any, world: Any) -> None:
    session = SessionFactory(capacity=10)
    client.force_login(world.workforce)
    url = reverse("workforce:session_edit", args=[session.uuid])
    page = client.get(url).content.decode()
    starts = timezone.localtime(session.starts_at)
    # The GOV.UK date input: day, month and year in their own boxes.
    for part, value in (("day", starts.day), ("month", starts.month), ("year", starts.year)):
        assert f'name="date_{part}"' in page and f'value="{value}"' in page

    response = client.post(url, _session_data(facilitators=[str(world.manager.pk)]))
    assert response.status_code == 302
    session.refresh_from_db()
    assert timezone.localtime(session.starts_at).strftime("%H:%M") == "10:00"
    assert list(session.facilitators.all()) == [world.manager]


def test_moving_a_session_into_the_past_is_refused_beside_the_date(client: Any, world: Any) -> None:
    session = SessionFactory(capacity=10)
    before = session.starts_at
    client.force_login(world.workforce)
    url = reverse("workforce:session_edit", args=[session.uuid])
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(url, _session_data(date=yesterday))
    assert response.status_code == 200
    assert "The session must start in the future" in response.content.decode()
    # The error summary links the day box of the date input.
    assert 'href="#id_date_0"' in response.content.decode()
    response = client.post(url, _session_data(start_time=""))
    assert "Enter the start time" in response.content.decode()
    session.refresh_from_db()
    assert session.starts_at == before


def test_capacity_below_bookings_and_date_after_attendance_are_refused(world: Any) -> None:
    session = SessionFactory(capacity=3)
    for person in (world.allocated, world.same_team):
        BookingFactory(session=session, person=person)
    with pytest.raises(ValidationError) as error:
        services.session_update(
            actor=world.workforce, session=session, capacity=1, place="Room 9", online_link=""
        )
    assert error.value.message_dict == {
        "capacity": ["Capacity cannot be less than the 2 places already booked"]
    }
    later = timezone.now() + datetime.timedelta(days=1)
    session.starts_at = timezone.now() - datetime.timedelta(hours=1)
    session.save()
    services.attendance_record(
        actor=world.workforce, session=session, attended_ids=[Booking.objects.first().pk]
    )
    with pytest.raises(ValidationError) as error:
        services.session_update(
            actor=world.workforce,
            session=session,
            capacity=3,
            place="Room 9",
            online_link="",
            starts_at=later,
        )
    assert error.value.message_dict == {
        "starts_at": ["Attendance has been taken, so the date cannot change"]
    }
    session.refresh_from_db()
    assert (session.capacity, session.place) == (3, "Civic Centre, Room 3")
