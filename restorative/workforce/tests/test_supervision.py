"""Reflective supervision (policy §6.4): the standard, privacy, case decisions, overdue, input."""

from __future__ import annotations

import datetime
import uuid
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from restorative.core.audit import AuditWriteError
from restorative.core.models import AccessEvent
from restorative.people import permissions as people_permissions
from restorative.people.models import Staff
from restorative.people.tests.factories import FamilyFactory, StaffFactory
from restorative.workforce import permissions, selectors, services
from restorative.workforce.models import (
    SupervisionAgreement,
    SupervisionCaseDecision,
    SupervisionSession,
)
from restorative.workforce.supervision import (
    Frequency,
    is_overdue,
    is_short,
    next_due_on,
    standard_on,
)

START = datetime.date(2026, 1, 5)  # a Monday
ASYE = "asye"


# --- The standard (pure) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (START, Frequency.WEEKLY),
        (START + datetime.timedelta(days=41), Frequency.WEEKLY),  # last day of week 6
        (START + datetime.timedelta(days=42), Frequency.FORTNIGHTLY),  # exactly 6 weeks
        (datetime.date(2026, 7, 4), Frequency.FORTNIGHTLY),  # the day before 6 months
        (datetime.date(2026, 7, 5), Frequency.MONTHLY),  # exactly 6 months
        (datetime.date(2027, 1, 5), Frequency.MONTHLY),
    ],
)
def test_asye_standard_changes_exactly_at_six_weeks_and_six_months(on, expected) -> None:  # type: ignore[no-untyped-def]
    assert standard_on(role=ASYE, start_date=START, on=on) is expected


@pytest.mark.parametrize("role", ["practitioner", "team_manager", "head_of_service"])
def test_everyone_else_is_monthly_from_day_one(role: str) -> None:
    assert standard_on(role=role, start_date=START, on=START) is Frequency.MONTHLY


def test_asye_without_start_date_gets_the_strictest_step_not_silently_monthly() -> None:
    # Issue 10, point 8: flagged (test_supervision_standard.py) and weekly until recorded.
    assert standard_on(role=ASYE, start_date=None, on=START) is Frequency.WEEKLY


def test_next_due_follows_the_standard_on_the_day_of_the_last_session() -> None:
    def due(last: datetime.date, agreed: str = "monthly") -> datetime.date:
        return next_due_on(
            last_held_on=last,
            agreement_started_on=START,
            agreed=agreed,
            role=ASYE,
            start_date=START,
        )

    day_41 = START + datetime.timedelta(days=41)
    day_42 = START + datetime.timedelta(days=42)
    assert due(day_41) == day_41 + datetime.timedelta(days=7)
    assert due(day_42) == day_42 + datetime.timedelta(days=14)
    assert due(datetime.date(2026, 7, 4)) == datetime.date(2026, 7, 18)
    assert due(datetime.date(2026, 7, 5)) == datetime.date(2026, 8, 5)
    # An agreement may be more frequent than the standard, never less.
    assert due(datetime.date(2026, 7, 5), "fortnightly") == datetime.date(2026, 7, 19)
    # Before any session: one interval after the agreement started.
    assert next_due_on(
        last_held_on=None,
        agreement_started_on=START,
        agreed="monthly",
        role="practitioner",
        start_date=datetime.date(2020, 1, 1),
    ) == datetime.date(2026, 2, 5)
    # 31 January + one month is the end of February.
    assert next_due_on(
        last_held_on=datetime.date(2026, 1, 31),
        agreement_started_on=START,
        agreed="monthly",
        role="practitioner",
        start_date=None,
    ) == datetime.date(2026, 2, 28)


def test_overdue_from_the_day_after_due_and_short_sessions_flagged() -> None:
    due = datetime.date(2026, 3, 1)
    assert not is_overdue(due_on=due, today=due)
    assert is_overdue(due_on=due, today=due + datetime.timedelta(days=1))
    assert is_short(89) and not is_short(90)


# --- Fixtures ------------------------------------------------------------------------------

TODAY = datetime.date(2026, 11, 30)


@pytest.fixture
def agreement(world: Any) -> SupervisionAgreement:
    return SupervisionAgreement.objects.create(
        supervisor=world.manager,
        supervisee=world.allocated,
        started_on=datetime.date(2026, 1, 1),
    )


def _record(agreement: SupervisionAgreement, **extra: Any) -> SupervisionSession:
    values: dict[str, Any] = {
        "actor": agreement.supervisor,
        "agreement": agreement,
        "submission_token": uuid.uuid4(),
        "held_on": datetime.date(2026, 11, 20),
        "duration_minutes": 90,
        "wellbeing_score": 6,
        "reflection": "PRIVATE-REFLECTION",
        "emotional_impact": "PRIVATE-IMPACT",
        "today": TODAY,
    }
    values.update(extra)
    session, _ = services.supervision_session_record(**values)
    return session


# --- Privacy: one permission function, allowed and refused ----------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("person", "allowed"),
    [
        ("manager", True),  # supervisor
        ("allocated", True),  # supervisee
        ("quality", False),
        ("head", False),
        ("director", False),
        ("same_team", False),
        ("asye_same_team", False),
        ("other_team_manager", False),
        ("workforce", False),
        ("admin", False),
        ("partner", False),
    ],
)
def test_only_supervisor_and_supervisee_may_open_a_session(
    client: Any, world: Any, agreement: SupervisionAgreement, person: str, allowed: bool
) -> None:
    session = _record(agreement)
    user = getattr(world, person)
    assert permissions.can_view_supervision_session(user, session) is allowed
    client.force_login(user)
    response = client.get(reverse("workforce:supervision_session", args=[session.uuid]))
    assert response.status_code == (200 if allowed else 404)
    if allowed:
        assert "PRIVATE-REFLECTION" in response.content.decode()


@pytest.mark.django_db
def test_only_the_supervisor_records_sessions(
    client: Any, world: Any, agreement: SupervisionAgreement
) -> None:
    url = reverse("workforce:supervision_session_create", args=[agreement.uuid])
    for person in ("allocated", "head", "quality", "other_team_manager"):
        client.force_login(getattr(world, person))
        assert client.get(url).status_code == 404
    client.force_login(world.manager)
    assert client.get(url).status_code == 200


# --- Case decisions on the family's record --------------------------------------------------


@pytest.mark.django_db
def test_case_decision_appears_on_the_familys_page_and_the_personal_parts_do_not(
    client: Any, world: Any, agreement: SupervisionAgreement
) -> None:
    client.force_login(world.manager)
    response = client.post(
        reverse("workforce:supervision_session_create", args=[agreement.uuid]),
        {
            "submission_token": str(uuid.uuid4()),
            "held_on": "20/11/2026",
            "duration_minutes": "60",
            "wellbeing_score": "4",
            "reflection": "PRIVATE-REFLECTION",
            "wellbeing_words": "PRIVATE-WELLBEING",
            "emotional_impact": "PRIVATE-IMPACT",
            "family_1": str(world.family.uuid),
            "decision_1": "Offer a family group conference before the review",
        },
    )
    assert response.status_code == 302, response.content.decode()
    session = SupervisionSession.objects.get()
    assert session.is_short  # 60 minutes: allowed, flagged
    assert SupervisionCaseDecision.objects.get().family == world.family
    assert AccessEvent.objects.filter(
        family_uuid=world.family.uuid, action="create", subject_type="supervisioncasedecision"
    ).exists()
    detail = client.get(response["Location"]).content.decode()
    assert "Under 1.5 hours" in detail

    family_url = reverse("workforce:family_supervision", args=[world.family.uuid])
    family_page_url = reverse("people:family_detail", args=[world.family.uuid])
    family_page = client.get(family_page_url).content.decode()
    assert family_url in family_page
    # The decision is on the family's page itself, for whoever may view the family.
    for person in ("quality", "head", "same_team", "allocated", "manager"):
        client.force_login(getattr(world, person))
        page = client.get(family_page_url).content.decode()
        assert "Offer a family group conference before the review" in page
        assert "PRIVATE" not in page
    for person in ("quality", "head", "same_team", "allocated"):
        client.force_login(getattr(world, person))
        before = AccessEvent.objects.filter(family_uuid=world.family.uuid).count()
        response = client.get(family_url)
        text = response.content.decode()
        assert response.status_code == 200
        assert "Offer a family group conference" in text
        assert "PRIVATE" not in text
        assert AccessEvent.objects.filter(family_uuid=world.family.uuid).count() == before + 1
    for person in ("other_team", "other_head", "workforce", "partner"):
        client.force_login(getattr(world, person))
        assert client.get(family_url).status_code == 404


@pytest.mark.django_db
def test_the_family_page_shows_the_latest_five_decisions_in_one_query(
    client: Any, world: Any, agreement: SupervisionAgreement
) -> None:
    page_url = reverse("people:family_detail", args=[world.family.uuid])
    client.force_login(world.allocated)
    assert "Decisions made in supervision</h2>" not in client.get(page_url).content.decode()
    _record(agreement, case_decisions=[(world.family, "Decision number 1")])
    with CaptureQueriesContext(connection) as one:
        client.get(page_url)
    for number in range(2, 8):
        _record(
            agreement,
            held_on=datetime.date(2026, 11, 20) + datetime.timedelta(days=number),
            case_decisions=[(world.family, f"Decision number {number}")],
        )
    with CaptureQueriesContext(connection) as seven:
        page = client.get(page_url).content.decode()
    assert len(seven) == len(one)
    assert "Decision number 7" in page and "Decision number 3" in page
    assert "Decision number 2" not in page  # older ones are a link away
    assert reverse("workforce:family_supervision", args=[world.family.uuid]) in page


@pytest.mark.django_db
def test_family_decisions_page_fails_closed_when_the_trail_cannot_be_written(
    client: Any, world: Any, agreement: SupervisionAgreement
) -> None:
    _record(agreement, case_decisions=[(world.family, "SECRET-DECISION")])
    client.force_login(world.quality)
    with mock.patch(
        "restorative.people.services.access_event_record", side_effect=AuditWriteError("down")
    ):
        response = client.get(reverse("workforce:family_supervision", args=[world.family.uuid]))
    assert response.status_code == 503
    assert "SECRET-DECISION" not in response.content.decode()


@pytest.mark.django_db
def test_a_decision_that_cannot_be_audited_saves_nothing(
    world: Any, agreement: SupervisionAgreement
) -> None:
    with (
        mock.patch(
            "restorative.workforce.services.access_event_record",
            side_effect=AuditWriteError("down"),
        ),
        pytest.raises(AuditWriteError),
    ):
        _record(agreement, case_decisions=[(world.family, "A decision")])
    assert not SupervisionSession.objects.exists()


# --- Overdue on the manager's and head's pages ----------------------------------------------


@pytest.mark.django_db
def test_overdue_supervision_shows_on_the_managers_and_heads_pages(client: Any, world: Any) -> None:
    overdue = SupervisionAgreement.objects.create(
        supervisor=world.manager, supervisee=world.same_team, started_on=datetime.date(2025, 1, 1)
    )
    _record(overdue, held_on=datetime.date(2025, 6, 1))
    on_time = SupervisionAgreement.objects.create(
        supervisor=world.manager,
        supervisee=world.allocated,
        started_on=datetime.date(2025, 1, 1),
    )
    import django.utils.timezone

    with mock.patch.object(django.utils.timezone, "localdate", return_value=TODAY):
        _record(on_time, held_on=TODAY - datetime.timedelta(days=3))
        for person in ("manager", "head"):
            client.force_login(getattr(world, person))
            text = client.get(reverse("workforce:supervision_team")).content.decode()
            assert world.same_team.display_name in text
            assert world.allocated.display_name in text
            assert text.count("Overdue by") == 1
            assert "1 person is overdue" in text
        for person in ("other_team_manager", "other_head"):
            client.force_login(getattr(world, person))
            text = client.get(reverse("workforce:supervision_team")).content.decode()
            assert world.same_team.display_name not in text
        for person in ("allocated", "quality"):
            client.force_login(getattr(world, person))
            assert client.get(reverse("workforce:supervision_team")).status_code == 404
        # The supervisee sees their own next due date.
        client.force_login(world.same_team)
        text = client.get(reverse("workforce:supervision")).content.decode()
        assert "Overdue by" in text


@pytest.mark.django_db
def test_team_page_makes_the_same_number_of_queries_for_3_and_30_supervisees(
    client: Any, world: Any
) -> None:
    def measure(count: int) -> int:
        SupervisionSession.objects.all().delete()
        SupervisionAgreement.objects.all().delete()
        for _ in range(count):
            person = StaffFactory(team=world.team_a1, role=Staff.Role.ASYE)
            agreement = SupervisionAgreement.objects.create(
                supervisor=world.manager, supervisee=person, started_on=datetime.date(2026, 1, 1)
            )
            _record(agreement)
        client.force_login(world.manager)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("workforce:supervision_team"))
        assert response.status_code == 200
        assert response.content.decode().count('class="govuk-table__row"') == count + 1
        return len(queries)

    small, large = measure(3), measure(30)
    print(f"supervision team page queries: {small} for 3, {large} for 30")
    assert small == large


# --- Bad input and double submission --------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"held_on": ""}, "Enter the date of the session"),
        ({"held_on": "31/02/2026"}, "Date of the session must be a real date"),
        ({"held_on": "01/01/2099"}, "Date of the session must be today or in the past"),
        ({"wellbeing_score": "11"}, "Wellbeing score must be from 0 to 10"),
        ({"wellbeing_score": "-1"}, "Wellbeing score must be from 0 to 10"),
        ({"duration_minutes": "lots"}, "Length must be a whole number of minutes"),
        ({"decision_1": "A decision"}, "Choose the family this decision is about"),
        ({"family_1": "FAMILY"}, "Enter the decision made about the Okafor family"),
        ({"family_1": str(uuid.uuid4())}, "Choose a family from the list"),
    ],
)
def test_bad_input_gives_a_clear_message_and_saves_nothing(
    client: Any, world: Any, agreement: SupervisionAgreement, changes: dict[str, str], message: str
) -> None:
    data = {
        "submission_token": str(uuid.uuid4()),
        "held_on": "20/11/2026",
        "duration_minutes": "90",
        "wellbeing_score": "7",
    }
    data.update({k: (str(world.family.uuid) if v == "FAMILY" else v) for k, v in changes.items()})
    client.force_login(world.manager)
    response = client.post(
        reverse("workforce:supervision_session_create", args=[agreement.uuid]), data
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not SupervisionSession.objects.exists()
    assert not SupervisionCaseDecision.objects.exists()


@pytest.mark.django_db
def test_a_family_outside_the_supervisees_caseload_cannot_be_chosen(
    client: Any, world: Any, agreement: SupervisionAgreement
) -> None:
    # A family the manager may view (their team's), but on a colleague's caseload: only the
    # caseload rule can refuse it (a family the manager cannot see would prove nothing).
    other = FamilyFactory(team=world.team_a1, allocated_worker=world.same_team)
    assert people_permissions.can_view_family(world.manager, other)
    client.force_login(world.manager)
    response = client.post(
        reverse("workforce:supervision_session_create", args=[agreement.uuid]),
        {
            "submission_token": str(uuid.uuid4()),
            "held_on": "20/11/2026",
            "duration_minutes": "90",
            "wellbeing_score": "7",
            "family_1": str(other.uuid),
            "decision_1": "Anything",
        },
    )
    assert "Choose a family from the list" in response.content.decode()
    assert not SupervisionSession.objects.exists()
    # The service keeps the rule too (the API or any later caller goes through it).
    with pytest.raises(ValidationError):
        services.supervision_session_record(
            actor=world.manager,
            agreement=agreement,
            submission_token=uuid.uuid4(),
            held_on=datetime.date(2026, 11, 20),
            duration_minutes=90,
            wellbeing_score=7,
            case_decisions=[(other, "Anything")],
            today=datetime.date(2026, 11, 20),
        )
    assert not SupervisionSession.objects.exists()


@pytest.mark.django_db
def test_double_submission_saves_once(
    client: Any, world: Any, agreement: SupervisionAgreement
) -> None:
    client.force_login(world.manager)
    url = reverse("workforce:supervision_session_create", args=[agreement.uuid])
    form_page = client.get(url).content.decode()
    key = form_page.split('name="submission_token" value="', 1)[1].split('"', 1)[0]
    data = {
        "submission_token": key,
        "held_on": "20/11/2026",
        "duration_minutes": "90",
        "wellbeing_score": "7",
        "family_1": str(world.family.uuid),
        "decision_1": "Decision",
    }
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert SupervisionSession.objects.count() == 1
    assert SupervisionCaseDecision.objects.count() == 1


@pytest.mark.django_db
def test_agreements_one_open_per_supervisee_and_a_new_one_ends_the_old(world: Any) -> None:
    first = services.supervision_agreement_create(
        actor=world.manager,
        supervisor=world.manager,
        supervisee=world.allocated,
        started_on=datetime.date(2026, 1, 1),
    )
    again = services.supervision_agreement_create(
        actor=world.manager,
        supervisor=world.manager,
        supervisee=world.allocated,
        started_on=datetime.date(2026, 1, 1),
    )
    assert again.pk == first.pk
    second = services.supervision_agreement_create(
        actor=world.head,
        supervisor=world.other_team_manager,
        supervisee=world.allocated,
        started_on=datetime.date(2026, 6, 1),
        agreed_frequency="fortnightly",
    )
    first.refresh_from_db()
    assert first.ended_on == datetime.date(2026, 5, 31)
    assert second.ended_on is None
    with pytest.raises(Exception):  # noqa: B017, PT011 - PermissionDenied
        services.supervision_agreement_create(
            actor=world.other_team_manager,
            supervisor=world.other_team_manager,
            supervisee=world.allocated,
            started_on=datetime.date(2026, 7, 1),
        )
    assert selectors.my_supervision(world.allocated, today=TODAY).agreement == second  # type: ignore[union-attr]


@pytest.mark.django_db
def test_training_page_links_to_supervision(
    client: Any, world: Any, agreement: SupervisionAgreement
) -> None:
    for person, shown in (("allocated", True), ("manager", True), ("quality", False)):
        client.force_login(getattr(world, person))
        text = client.get(reverse("workforce:catalogue")).content.decode()
        assert (reverse("workforce:supervision") in text) is shown


@pytest.mark.django_db
def test_manager_sets_up_an_agreement_for_their_team_only(client: Any, world: Any) -> None:
    url = reverse("workforce:supervision_agreement_create")
    client.force_login(world.manager)
    response = client.post(
        url,
        {
            "supervisee": str(world.asye_same_team.uuid),
            "supervisor": str(world.manager.uuid),
            "agreed_frequency": "monthly",
            "started_on": "01/11/2026",
        },
    )
    assert response.status_code == 302
    agreement = SupervisionAgreement.objects.get()
    assert agreement.supervisee == world.asye_same_team
    response = client.post(
        url,
        {
            "supervisee": str(world.other_team.uuid),
            "supervisor": str(world.manager.uuid),
            "agreed_frequency": "monthly",
            "started_on": "",
        },
    )
    text = response.content.decode()
    assert "Choose a person from the list" in text and "Enter the start date" in text
    assert SupervisionAgreement.objects.count() == 1
    for person in ("allocated", "quality"):
        client.force_login(getattr(world, person))
        assert client.get(url).status_code == 404
