"""Who reads the answers (issue 11 point 4), and the request to be contacted."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from restorative.core.models import AccessEvent
from restorative.core.working_days import add_working_days
from restorative.evaluation.models import SurveyFollowUp, SurveyResponse
from restorative.evaluation.surveys import services
from restorative.people.models import Staff
from restorative.people.tests.factories import StaffFactory

from . import survey_fixtures
from .survey_fixtures import answers_for, invite

voices = survey_fixtures.voices  # the fixture, shared by the survey tests

pytestmark = pytest.mark.django_db


def respond(v: Any, *, share: bool = False, contact: bool = False, **kw: Any) -> SurveyResponse:
    link = invite(v, **kw)
    return services.survey_response_submit(
        invitation=link.invitation,
        answers=answers_for(link),
        shared_with_practitioner=share,
        contact_requested=contact,
    )


def status(client: Client, user: Any, response: SurveyResponse) -> int:
    client.force_login(user)
    return client.get(
        reverse("evaluation:feedback_response", kwargs={"response_uuid": response.uuid})
    ).status_code


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("manager", 200),
        ("quality", 200),
        ("allocated", 404),  # the respondent did not agree
        ("same_team", 404),
        ("other_team_manager", 404),
        ("head", 404),
        ("director", 404),
        ("partner", 404),
        ("admin", 404),
    ],
)
def test_a_familys_answers_are_read_by_the_team_manager_and_quality(
    voices: Any, client: Client, who: str, expected: int
) -> None:
    response = respond(voices)
    assert status(client, getattr(voices.world, who), response) == expected
    listed = client.get(reverse("evaluation:feedback_responses")).content.decode()
    assert (str(response.uuid) in listed) == (expected == 200)


def test_the_practitioner_reads_them_only_when_the_person_agreed(
    voices: Any, client: Client
) -> None:
    response = respond(voices, share=True)
    assert status(client, voices.world.allocated, response) == 200
    assert status(client, voices.world.same_team, response) == 404


def test_reading_an_answer_is_on_the_familys_access_trail(voices: Any, client: Client) -> None:
    response = respond(voices)
    status(client, voices.world.manager, response)
    event = AccessEvent.objects.filter(subject_uuid=response.uuid).get()
    assert event.family_uuid == voices.family.uuid and event.actor_id == voices.world.manager.pk


def test_a_partners_answers_are_read_by_the_chair_and_the_chairs_manager(
    voices: Any, client: Client
) -> None:
    response = respond(voices, code="partner-meeting", person="partner")
    chairs_manager = voices.world.other_team_manager  # the chair is in team a2
    assert status(client, voices.chair, response) == 200
    assert status(client, chairs_manager, response) == 200
    assert status(client, voices.world.manager, response) == 404
    assert status(client, voices.world.allocated, response) == 404
    other_chair = StaffFactory(role=Staff.Role.CONFERENCE_CHAIR, team=voices.world.team_b1)
    assert status(client, other_chair, response) == 404


def test_asking_to_be_contacted_puts_it_on_the_team_managers_list_for_5_working_days(
    voices: Any, client: Client
) -> None:
    response = respond(voices, contact=True)
    follow_up = SurveyFollowUp.objects.get(response=response)
    assert follow_up.due_on == add_working_days(timezone.localdate(), 5)
    client.force_login(voices.world.manager)
    page = client.get(reverse("evaluation:feedback_follow_ups")).content.decode()
    assert "Okafor" in page and "Record what was done" in page
    done_url = reverse(
        "evaluation:feedback_follow_up_done", kwargs={"follow_up_uuid": follow_up.uuid}
    )
    empty = client.post(done_url, {"note": "  "})
    assert empty.status_code == 400 and "Say what was done" in empty.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.done_at is None
    client.post(done_url, {"note": "Phoned Grace and arranged a visit."})
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None and follow_up.done_by == voices.world.manager
    assert "Phoned Grace" in client.get(reverse("evaluation:feedback_follow_ups")).content.decode()


@pytest.mark.parametrize("who", ["allocated", "other_team_manager", "quality", "director"])
def test_others_cannot_act_on_the_follow_up(voices: Any, client: Client, who: str) -> None:
    response = respond(voices, contact=True)
    follow_up = SurveyFollowUp.objects.get(response=response)
    client.force_login(getattr(voices.world, who))
    done_url = reverse(
        "evaluation:feedback_follow_up_done", kwargs={"follow_up_uuid": follow_up.uuid}
    )
    assert client.post(done_url, {"note": "done"}).status_code == 404
    follow_up.refresh_from_db()
    assert follow_up.done_at is None


def test_the_follow_up_is_due_after_a_bank_holiday_weekend(voices: Any) -> None:
    link = invite(voices)
    christmas_eve = timezone.make_aware(datetime.datetime(2026, 12, 24, 10, 0))
    link.invitation.expires_at = christmas_eve + datetime.timedelta(days=28)
    link.invitation.save()
    response = services.survey_response_submit(
        invitation=link.invitation,
        answers=answers_for(link),
        contact_requested=True,
        now=christmas_eve,
    )
    assert response.follow_up.due_on == datetime.date(2027, 1, 5)  # 29-31 Dec, 4 and 5 Jan


def test_the_access_trail_names_the_feedback_and_links_to_it_for_its_readers(
    voices: Any, client: Client
) -> None:
    from restorative.core.audit import trail_links

    response = respond(voices)
    status(client, voices.world.manager, response)
    event = AccessEvent.objects.get(subject_uuid=response.uuid)
    assert event.description == "Opened feedback the family gave"
    assert trail_links(voices.world.quality, [event]) == {
        event.pk: reverse("evaluation:feedback_response", kwargs={"response_uuid": response.uuid})
    }
    assert trail_links(voices.world.allocated, [event]) == {}
