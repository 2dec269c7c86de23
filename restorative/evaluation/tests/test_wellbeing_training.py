"""Training evaluated by those who took it: the task on "My training", once per booking,
bad input refused, results per course and session, per facilitator only from 5."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from restorative.evaluation.models import TrainingEvaluation, TrainingEvaluationDone
from restorative.people.models import Staff
from restorative.workforce.models import Booking, Course
from restorative.workforce.tests.factories import BookingFactory, CourseFactory, SessionFactory

from .wellbeing_helpers import people_in, signed_in

pytestmark = pytest.mark.django_db


def _form(**changes: str) -> dict[str, str]:
    data = {
        "experiential": "5",
        "reflective": "4",
        "trauma_informed": "4",
        "confidence_before": "3",
        "confidence_after": "8",
        "will_do_differently": "Ask what happened before deciding what to do",
    }
    data.update(changes)
    return data


def _session(world: Any, *, days_ago: int = 3, **extra: Any) -> Any:
    course = Course.objects.filter(title="Restorative conversations").first()
    session = SessionFactory(
        course=course or CourseFactory(title="Restorative conversations"),
        starts_at=timezone.now() - datetime.timedelta(days=days_ago),
        **extra,
    )
    session.facilitators.add(world.manager)
    return session


def _attended(session: Any, person: Staff) -> Booking:
    return BookingFactory(session=session, person=person, status=Booking.Status.ATTENDED)


def test_an_attendee_is_asked_on_my_training_and_answers_once(world: Any) -> None:
    session = _session(world)
    _attended(session, world.allocated)
    client = signed_in(world.allocated)
    page = client.get(reverse("workforce:my_training")).content.decode()
    url = reverse("evaluation:training_evaluate", args=[session.uuid])
    assert url in page
    assert client.post(url, _form()).status_code == 302
    assert TrainingEvaluation.objects.count() == 1
    assert url not in client.get(reverse("workforce:my_training")).content.decode()
    assert client.get(url).status_code == 404
    assert client.post(url, _form()).status_code == 404
    assert TrainingEvaluation.objects.count() == 1


def test_a_partner_from_joint_training_is_asked_too(world: Any) -> None:
    session = _session(world)
    session.partner_agencies.add(world.partner.partner_agency)
    _attended(session, world.partner)
    client = signed_in(world.partner)
    url = reverse("evaluation:training_evaluate", args=[session.uuid])
    assert url in client.get(reverse("workforce:my_training")).content.decode()
    assert client.post(url, _form()).status_code == 302


def test_only_attendees_of_recent_sessions_are_asked(world: Any) -> None:
    booked = _session(world)
    BookingFactory(session=booked, person=world.allocated, status=Booking.Status.BOOKED)
    old = _session(world, days_ago=40)
    _attended(old, world.allocated)
    future = _session(world, days_ago=-3)
    _attended(future, world.allocated)
    client = signed_in(world.allocated)
    for session in (booked, old, future):
        url = reverse("evaluation:training_evaluate", args=[session.uuid])
        assert client.get(url).status_code == 404


def test_a_confidence_of_11_is_refused_and_nothing_saved(world: Any) -> None:
    session = _session(world)
    _attended(session, world.allocated)
    url = reverse("evaluation:training_evaluate", args=[session.uuid])
    response = signed_in(world.allocated).post(url, _form(confidence_after="11"))
    assert response.status_code == 200
    assert "Choose a number from 0 to 10" in response.content.decode()
    assert not TrainingEvaluation.objects.exists()
    assert not TrainingEvaluationDone.objects.exists()


def test_the_service_refuses_11_with_a_clear_message(world: Any) -> None:
    from django.core.exceptions import ValidationError

    from restorative.evaluation.wellbeing import training

    session = _session(world)
    booking = _attended(session, world.allocated)
    answers = {
        "experiential": 5,
        "reflective": 4,
        "trauma_informed": 4,
        "confidence_before": 3,
        "confidence_after": 11,
        "will_do_differently": "Listen first",
    }
    with pytest.raises(ValidationError) as raised:
        training.training_evaluation_submit(
            person=world.allocated, booking=booking, answers=answers
        )
    assert raised.value.message_dict["confidence_after"] == [
        "Choose a number from 0 to 10 (11 is not on the scale)"
    ]
    assert not TrainingEvaluation.objects.exists()
    assert not TrainingEvaluationDone.objects.exists()


def test_evaluations_keep_no_link_to_the_attendee() -> None:
    fields = {f.name for f in TrainingEvaluation._meta.get_fields()}
    assert fields == {
        "id",
        "session",
        "experiential",
        "reflective",
        "trauma_informed",
        "confidence_before",
        "confidence_after",
        "will_do_differently",
    }


def _evaluated_by(session: Any, people: list[Staff], confidence_after: int = 8) -> None:
    from restorative.evaluation.wellbeing import training

    for person in people:
        booking = _attended(session, person)
        training.training_evaluation_submit(
            person=person,
            booking=booking,
            answers={
                "experiential": 4,
                "reflective": 4,
                "trauma_informed": 5,
                "confidence_before": 4,
                "confidence_after": confidence_after,
                "will_do_differently": "Use the restorative questions in visits",
            },
            now=session.starts_at + datetime.timedelta(days=1),
        )


def test_results_per_course_and_session_for_the_workforce_team(world: Any) -> None:
    session = _session(world, days_ago=2)
    _evaluated_by(session, people_in(world.team_b1, 3, world))
    client = signed_in(world.workforce)
    page = client.get(reverse("evaluation:training_evaluations")).content.decode()
    assert "Restorative conversations" in page
    assert ">3<" in page
    for role in ("manager", "director", "allocated", "partner"):
        assert (
            signed_in(getattr(world, role))
            .get(reverse("evaluation:training_evaluations"))
            .status_code
            == 404
        )


def test_a_facilitator_sees_their_results_only_from_five(world: Any) -> None:
    small = _session(world, days_ago=40)
    _evaluated_by(small, people_in(world.team_b1, 4, world))
    client = signed_in(world.manager)
    mine = reverse("evaluation:training_evaluations_mine")
    assert "Your results are shown once 5 or more" in client.get(mine).content.decode()
    workforce_page = signed_in(world.workforce).get(reverse("evaluation:training_evaluations"))
    assert "hidden: fewer than 5" in workforce_page.content.decode()
    bigger = _session(world, days_ago=35)
    _evaluated_by(bigger, people_in(world.team_b1, 5, world), confidence_after=9)
    body = client.get(mine).content.decode()
    # Only the session with 5 evaluations counts: the session of 4 stays out.
    assert "Your results are shown once" not in body
    assert ">5<" in body and ">9.0<" in body


def test_a_recent_session_does_not_count_for_the_facilitator_yet(world: Any) -> None:
    recent = _session(world, days_ago=5)
    _evaluated_by(recent, people_in(world.team_b1, 6, world))
    body = signed_in(world.manager).get(reverse("evaluation:training_evaluations_mine"))
    assert "Your results are shown once" in body.content.decode()
