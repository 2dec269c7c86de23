"""Supervision audits (issue 5 point 10): who audits, the sample, the rating, the roll-up,
and the auditor never seeing a session's personal parts."""

from __future__ import annotations

import datetime
import uuid
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from restorative.core.audit import AuditWriteError
from restorative.core.models import AccessEvent
from restorative.people import permissions as people_permissions
from restorative.people.tests.factories import FamilyFactory, TeamFactory
from restorative.workforce import audits, services
from restorative.workforce.models import (
    SupervisionAgreement,
    SupervisionAudit,
    SupervisionAuditSample,
    SupervisionSession,
)

TODAY = datetime.date(2026, 11, 30)
PERSONAL = {
    "wellbeing_words": "PRIVATE-WELLBEING-WORDS",
    "reflection": "PRIVATE-REFLECTION on a hard visit",
    "went_well": "PRIVATE-WENT-WELL",
    "learning": "PRIVATE-LEARNING",
    "emotional_impact": "PRIVATE-EMOTIONAL-IMPACT",
    "support_agreed": "PRIVATE-SUPPORT",
    "actions": "PRIVATE-ACTIONS",
}
RATING = {
    "reflective": "met",
    "relational": "met",
    "supportive": "partly",
    "regulation_and_thinking": "met",
    "mistakes_without_blame": "not_met",
    "wellbeing_promoted": "met",
    "grade": "good",
    "feedback": "FEEDBACK-TEXT: a well-paced, reflective session.",
}


def _record(agreement: SupervisionAgreement, held_on: datetime.date, **extra: Any) -> Any:
    session, _ = services.supervision_session_record(
        actor=agreement.supervisor,
        agreement=agreement,
        submission_token=uuid.uuid4(),
        held_on=held_on,
        duration_minutes=extra.pop("duration_minutes", 90),
        wellbeing_score=3,
        today=TODAY,
        **{**PERSONAL, **extra},
    )
    return session


@pytest.fixture
def sessions(world: Any) -> Any:
    """In team NS1: the manager supervises the practitioner; a colleague supervises the ASYE,
    and a decision is made about a family on the ASYE's caseload."""
    asye_family = FamilyFactory(team=world.team_a1, allocated_worker=world.asye_same_team)
    by_manager = SupervisionAgreement.objects.create(
        supervisor=world.manager, supervisee=world.allocated, started_on=datetime.date(2026, 1, 1)
    )
    by_colleague = SupervisionAgreement.objects.create(
        supervisor=world.same_team,
        supervisee=world.asye_same_team,
        started_on=datetime.date(2026, 1, 1),
    )
    return {
        "manager_s": _record(by_manager, datetime.date(2026, 10, 1)),
        "colleague_s": _record(
            by_colleague,
            datetime.date(2026, 10, 5),
            duration_minutes=60,
            case_decisions=[(asye_family, "CASE-DECISION: offer a family group conference")],
        ),
        "asye_family": asye_family,
    }


def _sample(actor: Any, team: Any, size: int = 5, **extra: Any) -> SupervisionAuditSample:
    sample, _ = audits.audit_sample_create(
        actor=actor,
        team=team,
        period_start=datetime.date(2026, 9, 1),
        period_end=datetime.date(2026, 11, 30),
        size=size,
        submission_token=uuid.uuid4(),
        today=TODAY,
        **extra,
    )
    return sample


# --- Who audits ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("person", "team", "allowed"),
    [
        ("quality", "team_a1", True),
        ("quality", "team_b1", True),
        ("head", "team_a1", True),
        ("head", "team_a2", True),
        ("head", "team_b1", False),
        ("manager", "team_a1", True),
        ("manager", "team_a2", False),
        ("other_team_manager", "team_a1", False),
        ("other_head", "team_a1", False),
        ("director", "team_a1", False),
        ("workforce", "team_a1", False),
        ("same_team", "team_a1", False),
        ("allocated", "team_a1", False),
        ("admin", "team_a1", False),
        ("partner", "team_a1", False),
    ],
)
def test_who_may_audit_a_team(world: Any, person: str, team: str, allowed: bool) -> None:
    user, team_obj = getattr(world, person), getattr(world, team)
    assert audits.can_audit_team(user, team_obj) is allowed
    assert (team_obj in audits.audit_teams(user)) is allowed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("person", "allowed"),
    [
        ("quality", True),
        ("head", True),
        ("manager", True),
        ("other_team_manager", False),
        ("other_head", False),
        ("director", False),
        ("workforce", False),
        ("same_team", False),
        ("allocated", False),
        ("asye_same_team", False),
        ("admin", False),
        ("partner", False),
    ],
)
def test_sample_and_audit_pages_open_only_for_auditors_of_the_team_and_never_show_personal_parts(
    client: Any, world: Any, sessions: Any, person: str, allowed: bool
) -> None:
    sample = _sample(world.quality, world.team_a1)
    assert sample.audits.count() == 2
    client.force_login(getattr(world, person))
    response = client.get(reverse("workforce:audit_sample", args=[sample.uuid]))
    assert response.status_code == (200 if allowed else 404)
    for audit in sample.audits.all():
        assert audits.can_view_audit(getattr(world, person), audit) is allowed
        response = client.get(reverse("workforce:audit_detail", args=[audit.uuid]))
        assert response.status_code == (200 if allowed else 404)
        text = response.content.decode()
        assert "PRIVATE" not in text
        if allowed:
            assert "Written (about" in text
    listing = client.get(reverse("workforce:audit_sample", args=[sample.uuid])).content.decode()
    assert "PRIVATE" not in listing


@pytest.mark.django_db
def test_the_audit_page_shows_the_non_personal_parts(
    client: Any, world: Any, sessions: Any
) -> None:
    sample = _sample(world.quality, world.team_a1)
    audit = sample.audits.get(session=sessions["colleague_s"])
    client.force_login(world.quality)
    family_uuid = sessions["asye_family"].uuid
    before = AccessEvent.objects.filter(family_uuid=family_uuid).count()
    text = client.get(reverse("workforce:audit_detail", args=[audit.uuid])).content.decode()
    assert "60 minutes" in text and "Under 1.5 hours" in text
    # The agreement started on 1 January and this is its first session, in October: late.
    assert "days late" in text and "the first session of the agreement" in text
    assert "CASE-DECISION: offer a family group conference" in text
    assert AccessEvent.objects.filter(family_uuid=family_uuid).count() == before + 1
    assert "Written (about 5 words)" in text  # "PRIVATE-REFLECTION on a hard visit"
    assert "PRIVATE" not in text


@pytest.mark.django_db
def test_case_decisions_about_families_the_auditor_cannot_see_are_left_out(
    client: Any, world: Any
) -> None:
    elsewhere = FamilyFactory(team=world.team_b1, allocated_worker=world.asye_same_team)
    assert not people_permissions.can_view_family(world.manager, elsewhere)
    agreement = SupervisionAgreement.objects.create(
        supervisor=world.same_team,
        supervisee=world.asye_same_team,
        started_on=datetime.date(2026, 1, 1),
    )
    # The supervisor recorded it when they could see the family (e.g. before a transfer).
    session = _record(agreement, datetime.date(2026, 10, 5))
    session.case_decisions.create(family=elsewhere, decision="HIDDEN-DECISION")
    sample = _sample(world.manager, world.team_a1)
    client.force_login(world.manager)
    audit = sample.audits.get()
    text = client.get(reverse("workforce:audit_detail", args=[audit.uuid])).content.decode()
    assert "HIDDEN-DECISION" not in text
    assert "1 decision about family you cannot see is not shown" in text


@pytest.mark.django_db
def test_the_audit_page_fails_closed_when_the_trail_cannot_be_written(
    client: Any, world: Any, sessions: Any
) -> None:
    sample = _sample(world.quality, world.team_a1)
    audit = sample.audits.get(session=sessions["colleague_s"])
    client.force_login(world.quality)
    with mock.patch(
        "restorative.people.services.access_event_record", side_effect=AuditWriteError("down")
    ):
        response = client.get(reverse("workforce:audit_detail", args=[audit.uuid]))
    assert response.status_code == 503
    assert "CASE-DECISION" not in response.content.decode()


# --- The sample ----------------------------------------------------------------------------


def test_the_choice_is_deterministic_for_a_seed() -> None:
    ids = list(range(1, 101))
    first = audits.choose(ids, 10, seed=42)
    assert first == audits.choose(list(reversed(ids)), 10, seed=42)
    assert len(first) == 10 and len(set(first)) == 10
    assert audits.choose(ids, 10, seed=43) != first
    assert audits.choose([3, 1], 10, seed=1) == [1, 3]


@pytest.mark.django_db
def test_the_sample_records_its_seed_and_leaves_out_the_auditors_own_and_audited_sessions(
    world: Any, sessions: Any
) -> None:
    # The manager supervised one of the two sessions: only the other one is eligible.
    sample = _sample(world.manager, world.team_a1, seed=7)
    assert sample.seed == 7 and sample.eligible_count == 1
    assert [a.session for a in sample.audits.all()] == [sessions["colleague_s"]]
    # Quality assurance then samples the team: the session already audited is left out.
    again = _sample(world.quality, world.team_a1)
    assert [a.session for a in again.audits.all()] == [sessions["manager_s"]]


@pytest.mark.django_db
def test_a_random_sample_of_n_from_the_period(world: Any) -> None:
    agreement = SupervisionAgreement.objects.create(
        supervisor=world.same_team, supervisee=world.allocated, started_on=datetime.date(2026, 1, 1)
    )
    for day in range(1, 21):
        _record(agreement, datetime.date(2026, 10, day))
    _record(agreement, datetime.date(2026, 8, 1))  # outside the period
    sample = _sample(world.quality, world.team_a1, size=5, seed=99)
    chosen = sorted(a.session_id for a in sample.audits.all())
    eligible = sorted(
        SupervisionSession.objects.filter(held_on__gte=datetime.date(2026, 9, 1)).values_list(
            "pk", flat=True
        )
    )
    assert sample.eligible_count == 20
    assert chosen == audits.choose(eligible, 5, seed=99)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"team": ""}, "Choose the team"),
        ({"team": "OTHER"}, "Choose a team from the list"),
        ({"period_start": ""}, "Enter the start of the period"),
        ({"period_start": "31/02/2026"}, "Start of the period must be a real date"),
        ({"period_end": "01/08/2026"}, "The end of the period must be on or after its start"),
        ({"period_start": "01/01/2099", "period_end": "02/01/2099"}, "must be today or in the"),
        ({"size": "0"}, "Sample at least 1 session"),
        ({"size": "many"}, "How many sessions must be a whole number"),
        ({"period_start": "01/01/2020", "period_end": "31/12/2020"}, "no supervision sessions"),
    ],
)
def test_bad_sample_input_gets_a_clear_message_and_saves_nothing(
    client: Any, world: Any, sessions: Any, changes: dict[str, str], message: str
) -> None:
    data = {
        "submission_token": str(uuid.uuid4()),
        "team": str(world.team_a1.uuid),
        "period_start": "01/09/2026",
        "period_end": "30/11/2026",
        "size": "5",
    }
    data.update({k: (str(world.team_b1.uuid) if v == "OTHER" else v) for k, v in changes.items()})
    client.force_login(world.manager)
    response = client.post(reverse("workforce:audit_sample_create"), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text and "govuk-error-summary" in text
    assert not SupervisionAuditSample.objects.exists()
    assert not SupervisionAudit.objects.exists()


@pytest.mark.django_db
def test_double_submission_chooses_one_sample(client: Any, world: Any, sessions: Any) -> None:
    client.force_login(world.quality)
    form = client.get(reverse("workforce:audit_sample_create")).content.decode()
    key = form.split('name="submission_token" value="', 1)[1].split('"', 1)[0]
    data = {
        "submission_token": key,
        "team": str(world.team_a1.uuid),
        "period_start": "01/09/2026",
        "period_end": "30/11/2026",
        "size": "5",
    }
    first = client.post(reverse("workforce:audit_sample_create"), data)
    second = client.post(reverse("workforce:audit_sample_create"), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert SupervisionAuditSample.objects.count() == 1
    assert SupervisionAudit.objects.count() == 2


@pytest.mark.django_db
def test_only_auditors_choose_samples(client: Any, world: Any) -> None:
    for person in ("director", "workforce", "same_team", "admin", "partner"):
        client.force_login(getattr(world, person))
        assert client.get(reverse("workforce:audit_sample_create")).status_code == 404
    client.force_login(world.head)
    assert client.get(reverse("workforce:audit_sample_create")).status_code == 200


# --- Rating, and the feedback on the session's page ----------------------------------------


@pytest.mark.django_db
def test_rating_and_the_supervisee_and_supervisor_see_the_feedback(
    client: Any, world: Any, sessions: Any
) -> None:
    sample = _sample(world.quality, world.team_a1)
    audit = sample.audits.get(session=sessions["manager_s"])
    url = reverse("workforce:audit_detail", args=[audit.uuid])
    client.force_login(world.quality)
    assert client.post(url, RATING).status_code == 302
    assert client.post(url, RATING).status_code == 302  # a double submission
    assert SupervisionAudit.objects.filter(grade="good").count() == 1
    session_url = reverse("workforce:supervision_session", args=[sessions["manager_s"].uuid])
    for person in ("allocated", "manager"):
        client.force_login(getattr(world, person))
        text = client.get(session_url).content.decode()
        assert "FEEDBACK-TEXT" in text and "Good" in text and "Partly met" in text
    # The session page, with its personal parts, stays closed to the auditor and the rest.
    for person in ("quality", "head", "same_team"):
        client.force_login(getattr(world, person))
        assert client.get(session_url).status_code == 404
    # Another session's people do not see it.
    client.force_login(world.asye_same_team)
    other_url = reverse("workforce:supervision_session", args=[sessions["colleague_s"].uuid])
    assert "FEEDBACK-TEXT" not in client.get(other_url).content.decode()


@pytest.mark.django_db
def test_a_record_corrected_after_its_audit_says_so(client: Any, world: Any, sessions: Any) -> None:
    session = sessions["manager_s"]
    sample = _sample(world.quality, world.team_a1)
    audit = sample.audits.get(session=session)
    audit_url = reverse("workforce:audit_detail", args=[audit.uuid])
    session_url = reverse("workforce:supervision_session", args=[session.uuid])
    client.force_login(world.quality)
    assert client.post(audit_url, RATING).status_code == 302
    notice = "after it was audited"
    assert notice not in client.get(audit_url).content.decode()
    client.force_login(world.allocated)
    assert notice not in client.get(session_url).content.decode()
    # The supervisor corrects the record afterwards (the audit keeps its rating).
    services.supervision_session_update(
        actor=session.agreement.supervisor,
        session=session,
        held_on=session.held_on,
        duration_minutes=120,
        wellbeing_score=session.wellbeing_score,
        today=TODAY,
    )
    assert notice in client.get(session_url).content.decode()
    client.force_login(world.quality)
    assert notice in client.get(audit_url).content.decode()


@pytest.mark.django_db
def test_nobody_rates_a_session_they_took_part_in(client: Any, world: Any, sessions: Any) -> None:
    sample = _sample(world.quality, world.team_a1)
    audit = sample.audits.get(session=sessions["manager_s"])
    assert not audits.can_rate_audit(world.manager, audit)
    assert audits.can_rate_audit(world.head, audit)
    client.force_login(world.manager)
    url = reverse("workforce:audit_detail", args=[audit.uuid])
    page = client.get(url).content.decode()
    assert "You took part in this session" in page
    assert client.post(url, RATING).status_code == 404
    assert not SupervisionAudit.objects.exclude(grade="").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("grade", "Choose the overall grade"),
        ("reflective", "Choose whether &#x27;Reflective&#x27; was met"),
        ("feedback", "Enter your feedback"),
    ],
)
def test_bad_rating_input_gets_a_clear_message_and_saves_nothing(
    client: Any, world: Any, sessions: Any, missing: str, message: str
) -> None:
    sample = _sample(world.quality, world.team_a1)
    audit = sample.audits.first()
    assert audit is not None
    client.force_login(world.quality)
    data = {k: v for k, v in RATING.items() if k != missing}
    response = client.post(reverse("workforce:audit_detail", args=[audit.uuid]), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text and "govuk-error-summary" in text
    assert "PRIVATE" not in text
    assert not SupervisionAudit.objects.exclude(grade="").exists()


# --- The roll-up ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("person", "sees_a1"),
    [
        ("quality", True),
        ("head", True),
        ("manager", True),
        ("director", True),
        ("workforce", True),
        ("other_team_manager", False),
        ("other_head", False),
    ],
)
def test_results_roll_up_per_team_for_those_allowed(
    client: Any, world: Any, sessions: Any, person: str, sees_a1: bool
) -> None:
    sample = _sample(world.quality, world.team_a1)
    for audit in sample.audits.all():
        audits.audit_rate(actor=world.quality, audit=audit, **RATING)
    client.force_login(getattr(world, person))
    response = client.get(reverse("workforce:audits"))
    assert response.status_code == 200
    rows = {r.team.pk: r for r in response.context["results"]}
    assert (world.team_a1.pk in rows) is sees_a1
    if sees_a1:
        row = rows[world.team_a1.pk]
        assert row.rated == 2 and row.grades["good"] == 2
        assert dict(row.criteria)["Supportive"] == {"met": 0, "partly": 2, "not_met": 0}
    assert "PRIVATE" not in response.content.decode()
    assert "FEEDBACK-TEXT" not in response.content.decode()


@pytest.mark.django_db
def test_results_are_refused_to_everyone_else(client: Any, world: Any) -> None:
    for person in ("same_team", "allocated", "support_same_team", "admin", "partner"):
        client.force_login(getattr(world, person))
        assert client.get(reverse("workforce:audits")).status_code == 404


@pytest.mark.django_db
def test_the_results_page_makes_the_same_number_of_queries_for_3_and_15_teams(
    client: Any, world: Any, sessions: Any
) -> None:
    sample = _sample(world.quality, world.team_a1)
    for audit in sample.audits.all():
        audits.audit_rate(actor=world.quality, audit=audit, **RATING)

    def measure() -> int:
        client.force_login(world.quality)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("workforce:audits")).status_code == 200
        return len(queries)

    small = measure()
    for _ in range(12):
        TeamFactory(service=world.service_b)
    large = measure()
    print(f"audit results page queries: {small} for 3 teams, {large} for 15")
    assert small == large


@pytest.mark.django_db
def test_the_sample_page_makes_the_same_number_of_queries_for_2_and_12_sessions(
    client: Any, world: Any
) -> None:
    agreement = SupervisionAgreement.objects.create(
        supervisor=world.same_team, supervisee=world.allocated, started_on=datetime.date(2026, 1, 1)
    )

    def measure(count: int) -> int:
        SupervisionAudit.objects.all().delete()
        SupervisionAuditSample.objects.all().delete()
        SupervisionSession.objects.all().delete()
        for day in range(1, count + 1):
            _record(agreement, datetime.date(2026, 10, day))
        sample = _sample(world.quality, world.team_a1, size=50)
        client.force_login(world.quality)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("workforce:audit_sample", args=[sample.uuid]))
        assert response.status_code == 200
        assert response.content.decode().count("To rate") == count
        return len(queries)

    small, large = measure(2), measure(12)
    print(f"audit sample page queries: {small} for 2 sessions, {large} for 12")
    assert small == large
