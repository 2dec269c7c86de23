"""The supervision standard as editable data (issue 10, point 8): seeded with the LGA figures,
changed by the workforce development team only, read by the supervision dates; an ASYE
without a start date flagged to their manager and the workforce team; the wellbeing score
never beyond supervisor and supervisee."""

from __future__ import annotations

import datetime
import uuid
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from restorative.people.models import Staff
from restorative.people.tests.factories import StaffFactory
from restorative.workforce import selectors, services
from restorative.workforce.models import SupervisionAgreement, SupervisionStandard
from restorative.workforce.supervision import (
    ASYE,
    EVERYONE,
    LGA_STANDARD,
    MONTHS,
    WEEKS,
    Frequency,
    Step,
    next_due_on,
    standard_on,
    start_date_missing,
)

START = datetime.date(2026, 1, 5)


# --- The pure rule with the standard as data ------------------------------------------------


LOCAL = (
    Step(ASYE, Frequency.WEEKLY, 3, MONTHS),
    Step(ASYE, Frequency.FORTNIGHTLY, 52, WEEKS),
    Step(ASYE, Frequency.MONTHLY),
    Step(EVERYONE, Frequency.FORTNIGHTLY),
)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (START, Frequency.WEEKLY),
        (datetime.date(2026, 4, 4), Frequency.WEEKLY),  # the day before 3 months
        (datetime.date(2026, 4, 5), Frequency.FORTNIGHTLY),  # exactly 3 months
        (START + datetime.timedelta(weeks=52, days=-1), Frequency.FORTNIGHTLY),
        (START + datetime.timedelta(weeks=52), Frequency.MONTHLY),
    ],
)
def test_a_local_standard_moves_the_boundaries(on: datetime.date, expected: Frequency) -> None:
    assert standard_on(role="asye", start_date=START, on=on, steps=LOCAL) is expected


def test_everyone_else_follows_their_own_open_step() -> None:
    assert standard_on(role="practitioner", start_date=START, on=START, steps=LOCAL) is (
        Frequency.FORTNIGHTLY
    )
    assert standard_on(role="practitioner", start_date=None, on=START, steps=LOCAL) is (
        Frequency.FORTNIGHTLY
    )


def test_a_group_without_steps_falls_back_to_the_lga_figures() -> None:
    only_asye = tuple(step for step in LOCAL if step.applies_to == ASYE)
    assert standard_on(role="practitioner", start_date=START, on=START, steps=only_asye) is (
        Frequency.MONTHLY
    )


def test_an_asye_without_a_start_date_is_flagged_and_has_the_strictest_step() -> None:
    assert start_date_missing(role="asye", start_date=None)
    assert not start_date_missing(role="asye", start_date=START)
    assert not start_date_missing(role="practitioner", start_date=None)
    assert standard_on(role="asye", start_date=None, on=START, steps=LOCAL) is Frequency.WEEKLY
    assert next_due_on(
        last_held_on=START,
        agreement_started_on=START,
        agreed="monthly",
        role="asye",
        start_date=None,
        steps=LOCAL,
    ) == START + datetime.timedelta(days=7)


# --- Seeded data, read by the dates ---------------------------------------------------------


@pytest.mark.django_db
def test_the_migration_seeds_the_lga_figures() -> None:
    assert set(selectors.supervision_standard_steps()) == set(LGA_STANDARD)
    assert SupervisionStandard.objects.count() == 4


def _step(applies_to: str, amount: int | None, unit: str = "") -> SupervisionStandard:
    return SupervisionStandard.objects.get(
        applies_to=applies_to, until_amount=amount, until_unit=unit if amount else ""
    )


def test_the_workforce_team_changes_a_step_and_the_dates_follow(client: Any, world: Any) -> None:
    today = datetime.date(2026, 3, 2)
    agreement = SupervisionAgreement.objects.create(
        supervisor=world.manager, supervisee=world.same_team, started_on=today
    )
    client.force_login(world.manager)
    url = reverse("workforce:supervision_team")
    with mock.patch("django.utils.timezone.localdate", return_value=today):
        assert "2 April 2026" in client.get(url).content.decode()
        client.force_login(world.workforce)
        everyone = _step("everyone", None)
        edit = reverse("workforce:supervision_standard_edit", args=[everyone.uuid])
        assert client.get(edit).status_code == 200
        response = client.post(edit, {"frequency": "fortnightly"})
        assert response.status_code == 302
        client.force_login(world.manager)
        page = client.get(url).content.decode()
    assert "16 March 2026" in page
    assert agreement.supervisee.display_name in page


def test_the_workforce_team_changes_how_long_a_step_lasts(client: Any, world: Any) -> None:
    client.force_login(world.workforce)
    first = _step("asye", 6, "weeks")
    edit = reverse("workforce:supervision_standard_edit", args=[first.uuid])
    response = client.post(
        edit, {"frequency": "weekly", "until_amount": "8", "until_unit": "weeks"}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.until_amount, first.until_unit) == (8, "weeks")
    page = client.get(reverse("workforce:supervision_standard")).content.decode()
    assert "Until 8 weeks after their start date" in page


@pytest.mark.parametrize(
    "who", ["manager", "head", "director", "allocated", "quality", "admin", "partner"]
)
def test_nobody_else_may_change_the_standard(client: Any, world: Any, who: str) -> None:
    step = _step("everyone", None)
    client.force_login(getattr(world, who))
    edit = reverse("workforce:supervision_standard_edit", args=[step.uuid])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"frequency": "weekly"}).status_code == 404
    step.refresh_from_db()
    assert step.frequency == "monthly"
    with pytest.raises(PermissionDenied):
        services.supervision_standard_update(
            actor=getattr(world, who),
            standard=step,
            frequency="weekly",
            until_amount=None,
            until_unit="",
        )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("manager", 200),
        ("head", 200),
        ("workforce", 200),
        ("director", 200),
        ("allocated", 404),
        ("partner", 404),
    ],
)
def test_those_who_oversee_supervision_read_the_standard(
    client: Any, world: Any, who: str, status: int
) -> None:
    client.force_login(getattr(world, who))
    response = client.get(reverse("workforce:supervision_standard"))
    assert response.status_code == status
    if status == 200:
        assert ("Change<span" in response.content.decode()) == (who == "workforce")


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"frequency": ""}, "Choose how often supervision happens at least"),
        ({"frequency": "yearly"}, "Choose how often supervision happens at least"),
        (
            {"frequency": "weekly", "until_amount": "", "until_unit": "weeks"},
            "Enter how long this step lasts",
        ),
        (
            {"frequency": "weekly", "until_amount": "0", "until_unit": "weeks"},
            "Enter a number from 1 to 120",
        ),
        (
            {"frequency": "weekly", "until_amount": "six", "until_unit": "weeks"},
            "Enter a whole number, like 6",
        ),
        (
            {"frequency": "weekly", "until_amount": "6", "until_unit": "years"},
            "Choose weeks or months",
        ),
    ],
)
def test_bad_input_says_why_and_changes_nothing(
    client: Any, world: Any, post: dict[str, str], message: str
) -> None:
    client.force_login(world.workforce)
    step = _step("asye", 6, "weeks")
    response = client.post(reverse("workforce:supervision_standard_edit", args=[step.uuid]), post)
    assert response.status_code == 200
    assert message in response.content.decode()
    step.refresh_from_db()
    assert (step.frequency, step.until_amount, step.until_unit) == ("weekly", 6, "weeks")


def test_the_open_step_stays_open(world: Any) -> None:
    step = _step("asye", None)
    with pytest.raises(ValidationError):
        services.supervision_standard_update(
            actor=world.workforce,
            standard=step,
            frequency="monthly",
            until_amount=12,
            until_unit="months",
        )
    step.refresh_from_db()
    assert step.until_amount is None


# --- An ASYE without a start date is flagged ------------------------------------------------


@pytest.fixture
def no_start(world: Any) -> Staff:
    person = StaffFactory(
        role=Staff.Role.ASYE,
        team=world.team_a1,
        organisation=world.org,
        first_name="Nia",
        last_name="Newstart",
        start_date=None,
    )
    SupervisionAgreement.objects.create(
        supervisor=world.manager, supervisee=person, started_on=datetime.date(2026, 1, 5)
    )
    return person


@pytest.mark.parametrize("who", ["manager", "head", "workforce", "director"])
def test_their_manager_and_the_workforce_team_are_told(
    client: Any, world: Any, no_start: Staff, who: str
) -> None:
    client.force_login(getattr(world, who))
    page = client.get(reverse("workforce:supervision_team")).content.decode()
    assert 'id="asye-without-start-date"' in page and "Nia Newstart" in page
    assert "No start date" in page


def test_the_workforce_teams_compliance_page_says_so(
    client: Any, world: Any, no_start: Staff
) -> None:
    client.force_login(world.workforce)
    page = client.get(reverse("workforce:compliance")).content.decode()
    assert 'id="asye-without-start-date"' in page
    assert "1 newly qualified social worker (ASYE) has no start date" in page


@pytest.mark.parametrize("who", ["other_team_manager", "other_head"])
def test_managers_of_other_teams_are_not_told(
    client: Any, world: Any, no_start: Staff, who: str
) -> None:
    client.force_login(getattr(world, who))
    page = client.get(reverse("workforce:supervision_team")).content.decode()
    assert "Nia Newstart" not in page
    assert 'id="asye-without-start-date"' not in page


def test_nobody_is_flagged_once_the_start_date_is_recorded(
    client: Any, world: Any, no_start: Staff
) -> None:
    no_start.start_date = datetime.date(2026, 1, 5)
    no_start.save()
    client.force_login(world.manager)
    page = client.get(reverse("workforce:supervision_team")).content.decode()
    assert 'id="asye-without-start-date"' not in page


# --- The wellbeing score stays between supervisor and supervisee ------------------------------


def test_the_wellbeing_score_is_optional_and_shown_nowhere_else(client: Any, world: Any) -> None:
    agreement = SupervisionAgreement.objects.create(
        supervisor=world.manager, supervisee=world.same_team, started_on=datetime.date(2026, 1, 5)
    )
    held = datetime.date(2026, 2, 2)
    scored, _ = services.supervision_session_record(
        actor=world.manager,
        agreement=agreement,
        submission_token=uuid.uuid4(),
        held_on=held,
        duration_minutes=90,
        wellbeing_score=7,
        today=held,
    )
    unscored, _ = services.supervision_session_record(
        actor=world.manager,
        agreement=agreement,
        submission_token=uuid.uuid4(),
        held_on=held + datetime.timedelta(days=7),
        duration_minutes=90,
        wellbeing_score=None,
        today=held + datetime.timedelta(days=7),
    )
    assert unscored.wellbeing_score is None
    pages = [
        reverse("workforce:supervision_team"),
        reverse("workforce:supervision_standard"),
        reverse("workforce:compliance"),
    ]
    for who in ("head", "workforce", "director"):
        client.force_login(getattr(world, who))
        for url in pages:
            body = client.get(url).content.decode()
            assert "out of 10" not in body and "ellbeing score" not in body
        api = APIClient()
        api.force_login(getattr(world, who))
        schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
        assert "wellbeing_score" not in schema
