"""Fixes from the review of issue 5 (workforce): who may be named supervisor and what a
supervisor reads (2), the Django admin (4), double submission of a training session (7), the
past-date message shown once (8), case decisions about the supervisee's caseload (9) and a
new agreement not starting before the last session of the old one (11)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from restorative.people import permissions as people_permissions
from restorative.people.models import Staff
from restorative.people.tests.factories import FamilyFactory, StaffFactory
from restorative.workforce import learning, permissions, services
from restorative.workforce.models import (
    Completion,
    LearningLogEntry,
    Session,
    SupervisionAgreement,
    SupervisionCaseDecision,
    SupervisionSession,
)
from restorative.workforce.tests.factories import CompletionFactory, CourseFactory

pytestmark = pytest.mark.django_db

AGREEMENTS = "/api/workforce/supervision/agreements/"
SESSIONS = "/api/workforce/sessions/"


def _agree(
    world: Any, actor: str, supervisor: str, supervisee: str = "allocated", **kw: Any
) -> Any:
    return services.supervision_agreement_create(
        actor=getattr(world, actor),
        supervisor=getattr(world, supervisor),
        supervisee=getattr(world, supervisee),
        started_on=kw.pop("started_on", datetime.date(2026, 1, 1)),
        **kw,
    )


def _hold(agreement: Any, held_on: datetime.date, **extra: Any) -> SupervisionSession:
    session, _ = services.supervision_session_record(
        actor=agreement.supervisor,
        agreement=agreement,
        submission_token=uuid.uuid4(),
        held_on=held_on,
        duration_minutes=90,
        wellbeing_score=5,
        today=held_on,
        **extra,
    )
    return session


# --- Defect 2: who may be named supervisor, checked in the service ------------------------


@pytest.mark.parametrize("actor", ["director", "workforce", "head"])
def test_overseeing_someone_is_not_enough_to_name_yourself_their_supervisor(
    world: Any, actor: str
) -> None:
    """The director, the workforce team and the head of service oversee the practitioner but
    are not their line manager: the service refuses, whatever page or API called it."""
    assert permissions.can_manage_supervision_of(getattr(world, actor), world.allocated)
    with pytest.raises(ValidationError) as error:
        _agree(world, actor, actor)
    assert "You cannot name yourself" in error.value.message_dict["supervisor"][0]
    assert not SupervisionAgreement.objects.exists()


@pytest.mark.parametrize(
    ("actor", "supervisee"),
    [
        ("manager", "allocated"),  # the team manager of the practitioner's team
        ("head", "manager"),  # the head of service of a team manager's service
        ("director", "head"),  # the director, for a head of service
    ],
)
def test_a_line_manager_may_name_themselves(world: Any, actor: str, supervisee: str) -> None:
    agreement = _agree(world, actor, actor, supervisee)
    assert agreement.supervisor == getattr(world, actor)


@pytest.mark.parametrize(
    ("actor", "supervisor", "allowed"),
    [
        ("workforce", "manager", True),  # the practitioner's team manager
        ("workforce", "other_team_manager", True),  # a team manager in the same service
        ("workforce", "head", True),  # the head of the practitioner's service
        ("head", "other_team_manager", True),
        ("director", "manager", True),
        ("workforce", "other_head", False),  # head of another service
        ("workforce", "director", False),  # not in the practitioner's line
        ("workforce", "same_team", False),  # a colleague, not a manager
        ("workforce", "quality", False),
        ("manager", "head", True),
    ],
)
def test_who_may_be_named_supervisor_of_a_practitioner(
    world: Any, actor: str, supervisor: str, allowed: bool
) -> None:
    if allowed:
        assert _agree(world, actor, supervisor).supervisor == getattr(world, supervisor)
    else:
        with pytest.raises(ValidationError) as error:
            _agree(world, actor, supervisor)
        assert "supervisor" in error.value.message_dict
        assert not SupervisionAgreement.objects.exists()


def test_a_head_of_service_is_supervised_by_the_director_only(world: Any) -> None:
    with pytest.raises(ValidationError):
        _agree(world, "workforce", "manager", "head")
    assert _agree(world, "workforce", "director", "head").supervisor == world.director


def test_a_closed_account_or_a_partner_cannot_be_named(world: Any) -> None:
    closed = StaffFactory(role=Staff.Role.TEAM_MANAGER, team=world.team_a1, is_active=False)
    for supervisor in (closed, world.partner):
        with pytest.raises(ValidationError):
            services.supervision_agreement_create(
                actor=world.workforce,
                supervisor=supervisor,
                supervisee=world.allocated,
                started_on=datetime.date(2026, 1, 1),
            )
    assert not SupervisionAgreement.objects.exists()


def test_the_page_refuses_a_head_naming_themselves_beside_the_field(
    client: Any, world: Any
) -> None:
    client.force_login(world.head)
    response = client.post(
        reverse("workforce:supervision_agreement_create"),
        {
            "supervisee": str(world.allocated.uuid),
            "supervisor": str(world.head.uuid),
            "agreed_frequency": "monthly",
            "started_on": "01/11/2026",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["supervisor"][0].startswith("You cannot name yourself")
    assert not SupervisionAgreement.objects.exists()
    # Naming a team manager of the service instead works.
    response = client.post(
        reverse("workforce:supervision_agreement_create"),
        {
            "supervisee": str(world.allocated.uuid),
            "supervisor": str(world.other_team_manager.uuid),
            "agreed_frequency": "monthly",
            "started_on": "01/11/2026",
        },
    )
    assert response.status_code == 302
    assert SupervisionAgreement.objects.get().supervisor == world.other_team_manager


def test_the_workforce_team_is_not_offered_as_supervisor(client: Any, world: Any) -> None:
    client.force_login(world.workforce)
    form = client.get(reverse("workforce:supervision_agreement_create")).context["form"]
    offered = set(form.fields["supervisor"].queryset)
    assert world.workforce not in offered
    assert {world.manager, world.head, world.director} <= offered


@pytest.mark.parametrize("actor", ["director", "workforce", "head"])
def test_the_api_refuses_naming_yourself_without_being_the_line_manager(
    world: Any, actor: str
) -> None:
    api = APIClient()
    api.force_authenticate(getattr(world, actor))
    response = api.post(
        AGREEMENTS,
        {
            "supervisee": str(world.allocated.uuid),
            "supervisor": str(getattr(world, actor).uuid),
            "agreed_frequency": "monthly",
            "started_on": "2026-11-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "supervisor" in response.json()
    assert not SupervisionAgreement.objects.exists()


# --- Defect 2: what a supervisor reads: their own supervision only -------------------------


@pytest.fixture
def handover(world: Any) -> Any:
    """The manager supervised the practitioner in 2025; from 1 January 2026 another team
    manager of the service does. Each held a session; the practitioner wrote learning logs
    in each period (one in 2026 about a course completed in 2025)."""
    first = _agree(world, "manager", "manager", started_on=datetime.date(2025, 1, 1))
    old_session = _hold(first, datetime.date(2025, 6, 15), reflection="OLD-REFLECTION")
    second = _agree(world, "head", "other_team_manager", started_on=datetime.date(2026, 1, 1))
    first.refresh_from_db()
    assert first.ended_on == datetime.date(2025, 12, 31)
    new_session = _hold(second, datetime.date(2026, 3, 1), reflection="NEW-REFLECTION")

    def log(title: str, completed_on: datetime.date, written: datetime.date, text: str) -> Any:
        completion = CompletionFactory(
            person=world.allocated, course=CourseFactory(title=title), completed_on=completed_on
        )
        entry = LearningLogEntry.objects.create(
            completion=completion, learnt=text, do_differently="Something"
        )
        written_at = timezone.make_aware(datetime.datetime.combine(written, datetime.time(12)))
        LearningLogEntry.objects.filter(pk=entry.pk).update(created_at=written_at)
        return completion

    return {
        "first": first,
        "second": second,
        "old_session": old_session,
        "new_session": new_session,
        "old_log": log(
            "Course done in 2025",
            datetime.date(2025, 6, 1),
            datetime.date(2025, 6, 10),
            "OLD-LOG-TEXT",
        ),
        "new_log": log(
            "Course done in 2026",
            datetime.date(2026, 3, 1),
            datetime.date(2026, 3, 5),
            "NEW-LOG-TEXT",
        ),
        "late_log": log(
            "Course done in 2025, written up in 2026",
            datetime.date(2025, 7, 1),
            datetime.date(2026, 2, 1),
            "LATE-LOG-TEXT",
        ),
    }


def _log_status(client: Any, completion: Completion) -> int:
    return int(client.get(reverse("workforce:learning_log", args=[completion.uuid])).status_code)


def test_a_new_supervisor_reads_only_what_belongs_to_their_own_supervision(
    client: Any, world: Any, handover: Any
) -> None:
    new = world.other_team_manager
    visible = set(LearningLogEntry.objects.filter(learning.learning_logs_visible_q(new)))
    assert {e.completion for e in visible} == {handover["new_log"], handover["late_log"]}
    client.force_login(new)
    assert _log_status(client, handover["old_log"]) == 404
    assert (
        "NEW-LOG-TEXT"
        in client.get(
            reverse("workforce:learning_log", args=[handover["new_log"].uuid])
        ).content.decode()
    )
    assert _log_status(client, handover["late_log"]) == 200
    page = client.get(
        reverse("workforce:supervisee_learning", args=[world.allocated.uuid])
    ).content.decode()
    assert "Course done in 2026" in page and "written up in 2026" in page
    assert "Course done in 2025<" not in page and "OLD-LOG-TEXT" not in page
    # Sessions: only the one held under their own agreement.
    session_url = "workforce:supervision_session"
    old = client.get(reverse(session_url, args=[handover["old_session"].uuid]))
    assert old.status_code == 404
    new_page = client.get(reverse(session_url, args=[handover["new_session"].uuid]))
    assert "NEW-REFLECTION" in new_page.content.decode()


def test_the_previous_supervisor_keeps_the_sessions_they_held_but_no_new_learning_log(
    client: Any, world: Any, handover: Any
) -> None:
    client.force_login(world.manager)
    session_url = "workforce:supervision_session"
    old = client.get(reverse(session_url, args=[handover["old_session"].uuid]))
    assert "OLD-REFLECTION" in old.content.decode()
    assert client.get(reverse(session_url, args=[handover["new_session"].uuid])).status_code == 404
    for name in ("old_log", "new_log", "late_log"):
        assert _log_status(client, handover[name]) == 404
    supervisee_page = reverse("workforce:supervisee_learning", args=[world.allocated.uuid])
    assert client.get(supervisee_page).status_code == 404
    assert not LearningLogEntry.objects.filter(learning.learning_logs_visible_q(world.manager))


def test_the_person_still_reads_all_their_own_learning_log(
    client: Any, world: Any, handover: Any
) -> None:
    client.force_login(world.allocated)
    for name in ("old_log", "new_log", "late_log"):
        assert _log_status(client, handover[name]) == 200


def test_the_same_supervisor_keeps_their_earlier_period_after_a_change_of_frequency(
    world: Any,
) -> None:
    """A new agreement with the same supervisor (say, fortnightly instead of monthly) does
    not hide what was written under the first one."""
    _agree(world, "manager", "manager", started_on=datetime.date(2025, 1, 1))
    completion = CompletionFactory(person=world.allocated, completed_on=datetime.date(2025, 5, 1))
    entry = LearningLogEntry.objects.create(completion=completion, learnt="x", do_differently="y")
    LearningLogEntry.objects.filter(pk=entry.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2025, 5, 2, 12))
    )
    _agree(
        world,
        "manager",
        "manager",
        started_on=datetime.date(2026, 1, 1),
        agreed_frequency="fortnightly",
    )
    assert SupervisionAgreement.objects.count() == 2
    assert learning.can_view_learning_log(world.manager, entry)


# --- Defect 4: the Django admin cannot move supervision or learning logs -------------------


@pytest.fixture
def superuser(world: Any) -> Any:
    return StaffFactory(
        role=Staff.Role.SYSTEM_ADMIN, organisation=world.org, is_staff=True, is_superuser=True
    )


def test_the_admin_cannot_change_who_supervises_whom(
    client: Any, world: Any, superuser: Any
) -> None:
    agreement = SupervisionAgreement.objects.create(
        supervisor=world.manager, supervisee=world.allocated, started_on=datetime.date(2026, 1, 1)
    )
    client.force_login(superuser)
    url = reverse("admin:workforce_supervisionagreement_change", args=[agreement.pk])
    form = client.get(url).context["adminform"].form
    assert "supervisor" not in form.fields and "supervisee" not in form.fields
    response = client.post(
        url,
        {
            "supervisor": world.other_team_manager.pk,
            "supervisee": world.same_team.pk,
            "agreed_frequency": "fortnightly",
            "started_on": "2026-01-01",
            "ended_on": "",
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.supervisor, agreement.supervisee) == (world.manager, world.allocated)
    assert agreement.agreed_frequency == "fortnightly"  # the rest can still be corrected
    add = client.get(reverse("admin:workforce_supervisionagreement_add"))
    assert add.status_code == 403


def test_the_admin_cannot_move_a_completion_and_its_learning_log(
    client: Any, world: Any, superuser: Any
) -> None:
    completion = CompletionFactory(person=world.allocated, completed_on=datetime.date(2026, 2, 1))
    client.force_login(superuser)
    url = reverse("admin:workforce_completion_change", args=[completion.pk])
    form = client.get(url).context["adminform"].form
    assert "person" not in form.fields
    client.post(
        url,
        {
            "person": world.same_team.pk,
            "course": completion.course.pk,
            "completed_on": "2026-02-01",
            "valid_until": "",
            "source": completion.source,
            "session": "",
        },
    )
    completion.refresh_from_db()
    assert completion.person == world.allocated


# --- Defect 7: a double submission schedules one session ----------------------------------


def _session_form(start: datetime.datetime, key: str) -> dict[str, str]:
    return {
        "submission_token": key,
        "date": start.strftime("%d/%m/%Y"),
        "start_time": "10:00",
        "place": "Civic Centre",
        "capacity": "12",
    }


def test_a_double_submission_of_the_session_page_schedules_one_session(
    client: Any, world: Any
) -> None:
    course = CourseFactory()
    client.force_login(world.workforce)
    url = reverse("workforce:session_create", args=[course.uuid])
    page = client.get(url).content.decode()
    key = page.split('name="submission_token" value="', 1)[1].split('"', 1)[0]
    data = _session_form(timezone.localtime() + datetime.timedelta(days=20), key)
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Session.objects.count() == 1
    # A fresh form (a new key) schedules another session.
    client.post(url, {**data, "submission_token": str(uuid.uuid4())})
    assert Session.objects.count() == 2


def test_a_session_form_without_its_key_saves_nothing(client: Any, world: Any) -> None:
    course = CourseFactory()
    client.force_login(world.workforce)
    url = reverse("workforce:session_create", args=[course.uuid])
    data = _session_form(timezone.localtime() + datetime.timedelta(days=20), "")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Reload the page and try again" in response.content.decode()
    assert not Session.objects.exists()


def test_a_repeated_api_request_with_the_same_token_schedules_one_session(world: Any) -> None:
    course = CourseFactory()
    other_course = CourseFactory()
    api = APIClient()
    api.force_authenticate(world.workforce)
    token = str(uuid.uuid4())
    body = {
        "course": str(course.uuid),
        "starts_at": (timezone.now() + datetime.timedelta(days=14)).isoformat(),
        "capacity": 10,
        "place": "Room 1",
        "submission_token": token,
    }
    first = api.post(SESSIONS, body, format="json")
    second = api.post(SESSIONS, body, format="json")
    assert first.status_code == second.status_code == 201
    assert first.json()["uuid"] == second.json()["uuid"]
    assert Session.objects.count() == 1
    # The same token for another course is refused, not silently answered.
    clash = api.post(SESSIONS, {**body, "course": str(other_course.uuid)}, format="json")
    assert clash.status_code == 400
    assert Session.objects.count() == 1
    # Bad token: a clear message.
    bad = api.post(SESSIONS, {**body, "submission_token": "not-a-uuid"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["submission_token"] == ["Submission token must be a UUID"]


# --- Defect 8: the past-date message is shown once ----------------------------------------


def test_a_session_in_the_past_is_refused_with_one_message_beside_the_date(
    client: Any, world: Any
) -> None:
    course = CourseFactory()
    client.force_login(world.workforce)
    url = reverse("workforce:session_create", args=[course.uuid])
    data = _session_form(timezone.localtime() - datetime.timedelta(days=1), str(uuid.uuid4()))
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["form"]
    message = "The session must start in the future"
    assert form.errors == {"date": [message]}
    assert form.non_field_errors() == []
    # Once in the error summary (a link to the field) and once beside the date.
    assert response.content.decode().count(message) == 2
    assert not Session.objects.exists()


# --- Defect 9: case decisions are about the supervisee's caseload -------------------------


def test_the_service_refuses_a_decision_about_a_family_off_the_supervisees_caseload(
    world: Any,
) -> None:
    agreement = SupervisionAgreement.objects.create(
        supervisor=world.manager, supervisee=world.allocated, started_on=datetime.date(2026, 1, 1)
    )
    # A family in the manager's team, so the manager may view it, but a colleague's case.
    colleagues = FamilyFactory(team=world.team_a1, allocated_worker=world.same_team)
    assert people_permissions.can_view_family(world.manager, colleagues)
    with pytest.raises(ValidationError) as error:
        _hold(agreement, datetime.date(2026, 3, 1), case_decisions=[(colleagues, "A decision")])
    assert error.value.message_dict == {
        "case_decisions": ["Choose a family on the supervisee's caseload that you may view"]
    }
    assert not SupervisionSession.objects.exists()
    assert not SupervisionCaseDecision.objects.exists()
    # The supervisee's own family is accepted.
    _hold(agreement, datetime.date(2026, 3, 1), case_decisions=[(world.family, "A decision")])
    assert SupervisionCaseDecision.objects.get().family == world.family


# --- Defect 11: a new agreement starts after the old one's last session --------------------


def test_a_new_agreement_cannot_start_on_or_before_the_last_session(world: Any) -> None:
    first = _agree(world, "manager", "manager", started_on=datetime.date(2026, 1, 1))
    _hold(first, datetime.date(2026, 3, 10))
    for started_on in (datetime.date(2026, 3, 10), datetime.date(2026, 2, 1)):
        with pytest.raises(ValidationError) as error:
            _agree(world, "head", "other_team_manager", started_on=started_on)
        assert error.value.message_dict == {
            "started_on": [
                "Start date must be after the last session of the current agreement (10/03/2026)"
            ]
        }
    with pytest.raises(ValidationError) as error:
        _agree(world, "head", "other_team_manager", started_on=datetime.date(2025, 12, 1))
    assert "on or after the current agreement started" in error.value.message_dict["started_on"][0]
    first.refresh_from_db()
    assert first.ended_on is None
    assert SupervisionAgreement.objects.count() == 1
    second = _agree(world, "head", "other_team_manager", started_on=datetime.date(2026, 3, 11))
    first.refresh_from_db()
    assert first.ended_on == datetime.date(2026, 3, 10)
    assert second.ended_on is None


def test_the_page_shows_the_last_session_message_beside_the_start_date(
    client: Any, world: Any
) -> None:
    first = _agree(world, "manager", "manager", started_on=datetime.date(2026, 1, 1))
    _hold(first, datetime.date(2026, 3, 10))
    client.force_login(world.head)
    response = client.post(
        reverse("workforce:supervision_agreement_create"),
        {
            "supervisee": str(world.allocated.uuid),
            "supervisor": str(world.other_team_manager.uuid),
            "agreed_frequency": "monthly",
            "started_on": "01/03/2026",
        },
    )
    assert response.context["form"].errors == {
        "started_on": [
            "Start date must be after the last session of the current agreement (10/03/2026)"
        ]
    }
    assert SupervisionAgreement.objects.count() == 1


def test_someone_who_does_not_oversee_the_supervisee_is_refused_first(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        _agree(world, "other_team_manager", "other_team_manager")
