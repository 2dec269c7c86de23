"""Findings become learning: a complaint's outcome raises a learning action and a training
need; the finding's page shows the loop; the workforce team sees the need beside the course
catalogue and links a course or session; the source's own rule decides who sees the loop."""

from __future__ import annotations

import datetime
import uuid
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from restorative.evaluation import learning_sources
from restorative.evaluation.learning import services
from restorative.evaluation.models import Complaint, LearningAction, TrainingNeed
from restorative.workforce.tests.factories import CourseFactory, SessionFactory

from .complaint_fixtures import cworld_fixture, make_complaint  # noqa: F401


def _client(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _date(prefix: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


@pytest.fixture
def complaint(cworld: SimpleNamespace) -> Complaint:
    return make_complaint(cworld, staff=[cworld.practitioner])


def test_a_complaint_outcome_raises_an_action_and_a_need_shown_on_its_finding_page(
    cworld: SimpleNamespace, complaint: Complaint
) -> None:
    client = _client(cworld.complaints_manager)
    finding = reverse("evaluation:learning_finding", args=["complaint", complaint.uuid])
    due = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(
        reverse("evaluation:learning_action_create", args=["complaint", complaint.uuid]),
        {
            "what": "Brief the team on keeping families informed of plan changes",
            "owner": cworld.manager.pk,
            **_date("due_on", due),
        },
    )
    assert response.status_code == 302 and response["Location"] == finding
    response = client.post(
        reverse("evaluation:training_need_create", args=["complaint", complaint.uuid]),
        {
            "theme": "Explaining changes to plans with families",
            "roles": ["practitioner", "asye"],
            "teams": [cworld.team.pk],
            "people_count": "12",
        },
    )
    assert response.status_code == 302
    action = LearningAction.objects.get()
    assert (action.source_kind, action.source_uuid, action.team) == (
        "complaint",
        complaint.uuid,
        cworld.team,
    )
    page = client.get(finding).content.decode()
    assert f"Complaint {complaint.reference}" in page
    assert "Brief the team on keeping families informed" in page
    assert "Explaining changes to plans with families" in page and "Not linked yet" in page

    # The workforce lead sees the need beside the catalogue and links a session.
    session = SessionFactory(course=CourseFactory(title="Restorative conversations about plans"))
    workforce = _client(cworld.workforce)
    catalogue = workforce.get(reverse("workforce:catalogue")).content.decode()
    assert "Training needs from quality findings" in catalogue
    assert "Explaining changes to plans with families" in catalogue
    # The workforce team may not read complaints: the need says where it came from, unlinked.
    assert "Complaint outcome" in catalogue and complaint.reference not in catalogue
    need = TrainingNeed.objects.get()
    response = workforce.post(
        reverse("evaluation:training_need_link", args=[need.uuid]), {"session": session.pk}
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.course, need.session, need.linked_by) == (
        session.course,
        session,
        cworld.workforce,
    )
    page = client.get(finding).content.decode()
    assert "Restorative conversations about plans" in page

    # The owner records the action done, with evidence.
    owner = _client(cworld.manager)
    response = owner.post(
        reverse("evaluation:learning_action_done", args=[action.uuid]),
        {**_date("done_on", timezone.localdate()), "evidence": "Team meeting minutes, 3 December"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()


def test_the_staff_member_complained_about_cannot_open_the_loop(
    cworld: SimpleNamespace, complaint: Complaint
) -> None:
    finding = reverse("evaluation:learning_finding", args=["complaint", complaint.uuid])
    assert _client(cworld.practitioner).get(finding).status_code == 404
    assert learning_sources.resolve(cworld.practitioner, "complaint", complaint.uuid) is None
    assert learning_sources.resolve(cworld.quality, "complaint", complaint.uuid) is not None


def test_an_unknown_kind_or_finding_is_404(cworld: SimpleNamespace) -> None:
    client = _client(cworld.quality)
    assert (
        client.get(
            reverse("evaluation:learning_finding", args=["nothing", uuid.uuid4()])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("evaluation:learning_finding", args=["complaint", uuid.uuid4()])
        ).status_code
        == 404
    )


def test_a_need_with_no_one_who_needs_it_is_refused_and_nothing_saved(
    cworld: SimpleNamespace, complaint: Complaint
) -> None:
    response = _client(cworld.quality).post(
        reverse("evaluation:training_need_create", args=["complaint", complaint.uuid]),
        {"theme": "Plans", "people_count": "3"},
    )
    assert response.status_code == 200
    assert "Choose the roles or the teams who need it" in response.content.decode()
    assert not TrainingNeed.objects.exists()


def test_an_action_done_without_evidence_is_refused(
    cworld: SimpleNamespace, complaint: Complaint
) -> None:
    action = services.learning_action_raise(
        actor=cworld.quality,
        source_kind="complaint",
        source_uuid=complaint.uuid,
        what="Brief",
        owner=cworld.manager,
        due_on=timezone.localdate(),
    )
    with pytest.raises(ValidationError) as error:
        services.learning_action_complete(
            actor=cworld.manager, action=action, done_on=timezone.localdate(), evidence=" "
        )
    assert error.value.message_dict["evidence"] == ["Enter the evidence that it was done"]
    action.refresh_from_db()
    assert action.done_on is None


def test_only_qa_and_the_complaints_manager_raise_learning(
    cworld: SimpleNamespace, complaint: Complaint
) -> None:
    url = reverse("evaluation:learning_action_create", args=["complaint", complaint.uuid])
    assert _client(cworld.manager_two).get(url).status_code == 404
    assert _client(cworld.quality).get(url).status_code == 200


def test_only_the_workforce_team_links_training(
    cworld: SimpleNamespace, complaint: Complaint
) -> None:
    need = services.training_need_raise(
        actor=cworld.quality,
        source_kind="complaint",
        source_uuid=complaint.uuid,
        theme="Plans",
        roles=["practitioner"],
        people_count=3,
    )
    assert (
        _client(cworld.quality)
        .get(reverse("evaluation:training_need_link", args=[need.uuid]))
        .status_code
        == 404
    )
    catalogue = _client(cworld.practitioner).get(reverse("workforce:catalogue")).content.decode()
    assert "Training needs from quality findings" not in catalogue


def test_the_api_lists_learning_actions_and_training_needs(
    cworld: SimpleNamespace, complaint: Complaint
) -> None:
    services.learning_action_raise(
        actor=cworld.quality,
        source_kind="complaint",
        source_uuid=complaint.uuid,
        what="Brief",
        owner=cworld.manager,
        due_on=timezone.localdate(),
    )
    services.training_need_raise(
        actor=cworld.quality,
        source_kind="complaint",
        source_uuid=complaint.uuid,
        theme="Plans",
        roles=["practitioner"],
        people_count=3,
    )
    api = APIClient()
    api.force_authenticate(cworld.workforce)
    actions = api.get("/api/evaluation/learning-actions/").json()["results"]
    needs = api.get("/api/evaluation/training-needs/").json()["results"]
    assert [a["what"] for a in actions] == ["Brief"]
    assert [n["theme"] for n in needs] == ["Plans"] and needs[0]["source_uuid"] == str(
        complaint.uuid
    )
    api.force_authenticate(cworld.practitioner)
    assert api.get("/api/evaluation/learning-actions/").json()["results"] == []
    assert api.get("/api/evaluation/training-needs/").json()["results"] == []
