"""Learning through the API (issue 12 points 8 and 10): a learning action and a training
need raised from a finding, the action recorded done by its owner, a course linked by the
workforce team, a feedback theme recorded by quality assurance. Allowed for those whose step
it is; refused for others (404 for a finding they may not see, 403 for a step not theirs);
bad input gets 400 with a message per field and saves nothing."""

from __future__ import annotations

import datetime
import uuid
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from restorative.evaluation.models import Complaint, FeedbackTheme, LearningAction, TrainingNeed
from restorative.workforce.tests.factories import CourseFactory

from .complaint_fixtures import cworld_fixture, make_complaint  # noqa: F401

BASE = "/api/evaluation/"


def api(person: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(person)
    return client


@pytest.fixture
def complaint(cworld: SimpleNamespace) -> Complaint:
    return make_complaint(cworld, staff=[cworld.practitioner])


def _action(cworld: SimpleNamespace, complaint: Complaint, **extra: Any) -> dict[str, Any]:
    return {
        "source_kind": "complaint",
        "source_uuid": str(complaint.uuid),
        "what": "Brief the team on telling families of plan changes",
        "owner": str(cworld.manager.uuid),
        "due_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        **extra,
    }


def test_raise_an_action_and_a_need_record_it_done_and_link_a_course(
    cworld: SimpleNamespace, complaint: Complaint
) -> None:
    response = api(cworld.complaints_manager).post(
        f"{BASE}learning-actions/", _action(cworld, complaint), format="json"
    )
    assert response.status_code == 201, response.json()
    action = LearningAction.objects.get()
    assert action.team == cworld.team and action.owner == cworld.manager
    response = api(cworld.quality).post(
        f"{BASE}training-needs/",
        {
            "source_kind": "complaint",
            "source_uuid": str(complaint.uuid),
            "theme": "Explaining changes to plans",
            "roles": ["practitioner"],
            "teams": [str(cworld.team.uuid)],
            "people_count": 12,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    need = TrainingNeed.objects.get()
    # The owner records the action done, with evidence.
    done = f"{BASE}learning-actions/{action.uuid}/done/"
    today = timezone.localdate().isoformat()
    response = api(cworld.manager).post(done, {"done_on": today, "evidence": "Briefed 3 Dec"})
    assert response.status_code == 200 and response.json()["done_on"] == today
    # The workforce team links a course.
    course = CourseFactory(title="Restorative conversations about plans")
    link = f"{BASE}training-needs/{need.uuid}/link/"
    response = api(cworld.workforce).post(link, {"course": str(course.uuid)}, format="json")
    assert response.status_code == 200 and response.json()["course"] == str(course.uuid)


def test_raising_is_refused_to_others_and_for_unseen_findings(
    cworld: SimpleNamespace, complaint: Complaint
) -> None:
    url = f"{BASE}learning-actions/"
    # The member of staff complained about may not see the complaint: 404, as everywhere.
    assert api(cworld.practitioner).post(url, _action(cworld, complaint)).status_code == 404
    # A team manager sees the complaint but does not raise learning: 403.
    assert api(cworld.manager).post(url, _action(cworld, complaint)).status_code == 403
    # No such finding: 404.
    missing = _action(cworld, complaint, source_uuid=str(uuid.uuid4()))
    assert api(cworld.quality).post(url, missing).status_code == 404
    unknown = _action(cworld, complaint, source_kind="gossip")
    assert api(cworld.quality).post(url, unknown).status_code == 404
    assert not LearningAction.objects.exists()


def test_bad_input_gets_messages_and_saves_nothing(
    cworld: SimpleNamespace, complaint: Complaint
) -> None:
    url = f"{BASE}learning-actions/"
    client = api(cworld.quality)
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post(url, _action(cworld, complaint, due_on=past), format="json")
    assert response.status_code == 400
    assert "The due date must be today or in the future" in response.json()["due_on"]
    response = client.post(url, _action(cworld, complaint, due_on="next week"), format="json")
    assert response.status_code == 400 and "due_on" in response.json()
    response = client.post(url, _action(cworld, complaint, owner=str(uuid.uuid4())), format="json")
    assert response.status_code == 400 and "owner" in response.json()
    assert not LearningAction.objects.exists()
    need = {
        "source_kind": "complaint",
        "source_uuid": str(complaint.uuid),
        "theme": "x",
        "people_count": 3,
    }
    response = client.post(f"{BASE}training-needs/", need, format="json")
    assert response.status_code == 400
    assert "Choose the roles or the teams who need it" in str(response.json())
    response = client.post(f"{BASE}training-needs/", need | {"people_count": 0}, format="json")
    assert response.status_code == 400 and "people_count" in response.json()
    assert not TrainingNeed.objects.exists()


def test_done_and_link_only_by_those_whose_step_it_is(
    cworld: SimpleNamespace, complaint: Complaint
) -> None:
    api(cworld.quality).post(f"{BASE}learning-actions/", _action(cworld, complaint), format="json")
    action = LearningAction.objects.get()
    done = f"{BASE}learning-actions/{action.uuid}/done/"
    today = timezone.localdate().isoformat()
    # Another team's manager may not see it; the director sees it but is not its owner.
    assert (
        api(cworld.other_manager).post(done, {"done_on": today, "evidence": "x"}).status_code == 404
    )
    assert api(cworld.director).post(done, {"done_on": today, "evidence": "x"}).status_code == 403
    response = api(cworld.manager).post(done, {"done_on": today, "evidence": ""})
    assert response.status_code == 400 and "evidence" in response.json()
    action.refresh_from_db()
    assert action.done_on is None
    api(cworld.quality).post(
        f"{BASE}training-needs/",
        {
            "source_kind": "complaint",
            "source_uuid": str(complaint.uuid),
            "theme": "x",
            "roles": ["practitioner"],
            "people_count": 3,
        },
        format="json",
    )
    need = TrainingNeed.objects.get()
    link = f"{BASE}training-needs/{need.uuid}/link/"
    course = CourseFactory()
    assert api(cworld.quality).post(link, {"course": str(course.uuid)}).status_code == 403
    response = api(cworld.workforce).post(link, {}, format="json")
    assert response.status_code == 400 and "course" in response.json()
    need.refresh_from_db()
    assert need.course is None


def test_feedback_themes_recorded_by_quality_assurance_only(cworld: SimpleNamespace) -> None:
    body = {
        "theme": "say_in_plan",
        "summary": "Parents say they do not shape the plan.",
        "period_start": "2026-07-01",
        "period_end": "2026-09-30",
        "team": str(cworld.team.uuid),
        "score": 41,
    }
    assert api(cworld.complaints_manager).post(f"{BASE}feedback-themes/", body).status_code == 403
    response = api(cworld.quality).post(f"{BASE}feedback-themes/", body | {"score": 140})
    assert response.status_code == 400 and "score" in response.json()
    assert not FeedbackTheme.objects.exists()
    response = api(cworld.quality).post(f"{BASE}feedback-themes/", body)
    assert response.status_code == 201
    theme_uuid = response.json()["uuid"]
    assert theme_uuid in str(api(cworld.manager).get(f"{BASE}feedback-themes/").json())
    assert theme_uuid not in str(api(cworld.other_manager).get(f"{BASE}feedback-themes/").json())
    # It raises learning like any finding.
    response = api(cworld.quality).post(
        f"{BASE}learning-actions/",
        {
            "source_kind": "feedback_theme",
            "source_uuid": theme_uuid,
            "what": "Plan meetings start from the family's plan",
            "owner": str(cworld.manager.uuid),
            "due_on": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201
