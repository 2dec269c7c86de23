"""Drawing an audit programme: the recorded seeded sample, families audited in the last 12
months left out, auditors never given their own team's or supervisees' families, the
targeting rules, and bad input refused with nothing saved."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from restorative.evaluation.audits import population, selectors
from restorative.evaluation.models import AuditProgramme, CaseAudit
from restorative.people.tests.factories import FamilyFactory
from restorative.practice.models import ConferenceOutcome, Meeting, Plan, PlanReview

from .audit_world import PERIOD, TODAY, build_world, draw

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> Any:
    return build_world()


def _families(programme: AuditProgramme) -> list[int]:
    return sorted(programme.audits.values_list("family_id", flat=True))


def test_same_seed_draws_the_same_sample_and_it_checks(w: Any) -> None:
    first = draw(w, seed=1234)
    assert selectors.sample_check(first)
    assert first.seed == 1234 and len(first.population) == 10
    # Drawn again later with the same seed, over a population without the first sample's
    # families (they were just audited), the recorded population still re-draws the first.
    CaseAudit.objects.filter(programme=first).update(drawn_on=TODAY - relativedelta(months=13))
    second = draw(w, seed=1234)
    assert _families(second) == _families(first)
    other = draw(w, seed=99999, size=3)
    assert selectors.sample_check(other)


def test_nobody_is_assigned_their_own_team_or_supervisees_work(w: Any) -> None:
    # Every family in the organisation, audited by the three team managers and Cara, who
    # supervises Ben in team B.
    programme = draw(w, size=10, auditors=[w.ma, w.mb, w.mc, w.pc])
    audits = list(programme.audits.select_related("family", "auditor"))
    assert len(audits) == 10
    for audit in audits:
        assert audit.auditor.team_id != audit.family.team_id
        assert audit.team_id == audit.family.team_id
        if audit.family.allocated_worker_id == w.pb.pk:
            assert audit.auditor_id != w.pc.pk


def test_head_of_service_not_given_their_own_service(w: Any) -> None:
    programme = draw(w, size=10, auditors=[w.h1, w.h2])
    for audit in programme.audits.select_related("team"):
        assert audit.team.service_id != (w.s1.pk if audit.auditor_id == w.h1.pk else w.s2.pk)


def test_no_eligible_auditor_is_a_clear_message_and_saves_nothing(w: Any) -> None:
    with pytest.raises(ValidationError) as error:
        draw(w, size=10, auditors=[w.ma])
    assert "nobody audits their own team" in str(error.value.message_dict["auditors"])
    assert not AuditProgramme.objects.exists() and not CaseAudit.objects.exists()


def test_family_audited_eleven_months_ago_is_not_sampled(w: Any) -> None:
    earlier = draw(w, size=10, auditors=[w.ma, w.mb, w.mc])
    recent, old = w.fa[0], w.fa[1]
    CaseAudit.objects.filter(programme=earlier).exclude(family__in=[recent, old]).delete()
    CaseAudit.objects.filter(family=recent).update(drawn_on=TODAY - relativedelta(months=11))
    CaseAudit.objects.filter(family=old).update(drawn_on=TODAY - relativedelta(months=13))
    eligible = population.population(
        method="random",
        rule="",
        service=None,
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        today=TODAY,
    )
    assert recent.pk not in eligible and old.pk in eligible
    assert len(eligible) == 9
    programme = draw(w, size=9, auditors=[w.ma, w.mb, w.mc], seed=5)
    assert recent.pk not in _families(programme)


def test_sample_larger_than_population_is_a_clear_message_and_saves_nothing(w: Any) -> None:
    with pytest.raises(ValidationError) as error:
        draw(w, size=11)
    message = error.value.message_dict["requested_size"][0]
    assert "larger than the 10 families that can be audited" in message
    assert "Choose 10 or fewer" in message
    assert not AuditProgramme.objects.exists() and not CaseAudit.objects.exists()


def test_sample_larger_than_population_on_the_page(w: Any, client: Any) -> None:
    client.force_login(w.quality)
    response = client.post(
        reverse("evaluation:audit_programme_create"),
        {
            "submission_token": str(uuid.uuid4()),
            "theme": "Plans",
            "period_start": "01/06/2026",
            "period_end": "30/11/2026",
            "method": "random",
            "requested_size": "50",
            "auditors": [str(w.mb.uuid), str(w.mc.uuid)],
            "moderation_percent": "20",
        },
    )
    assert response.status_code == 200
    assert "larger than the 10 families" in response.content.decode()
    assert not AuditProgramme.objects.exists()


def test_programme_drawn_on_the_page(w: Any, client: Any) -> None:
    client.force_login(w.quality)
    page = client.get(reverse("evaluation:audit_programme_create"))
    assert page.status_code == 200
    response = client.post(
        reverse("evaluation:audit_programme_create"),
        {
            "submission_token": str(uuid.uuid4()),
            "theme": "Plans made with families",
            "period_start": "01/06/2026",
            "period_end": "30/11/2026",
            "method": "random",
            "requested_size": "4",
            "seed": "77",
            "auditors": [str(w.mb.uuid), str(w.mc.uuid)],
            "moderators": [str(w.quality.uuid)],
            "moderation_percent": "20",
        },
        follow=True,
    )
    programme = AuditProgramme.objects.get()
    assert programme.seed == 77 and programme.audits.count() == 4
    assert programme.audits.filter(for_moderation=True).count() == 1  # 20% of 4, rounded up
    body = response.content.decode()
    assert "Checked" in body and "77" in body


def test_only_quality_assurance_draws(w: Any, client: Any) -> None:
    with pytest.raises(PermissionDenied):
        draw(w, actor=w.ma)
    client.force_login(w.ma)
    assert client.get(reverse("evaluation:audit_programme_create")).status_code == 404


def test_targeted_without_rule_refused(w: Any) -> None:
    with pytest.raises(ValidationError) as error:
        draw(w, method="targeted", rule="")
    assert "rule" in error.value.message_dict
    assert not AuditProgramme.objects.exists()


def _conference(family: Any, held_on: datetime.date, outcome: str, by: Any) -> None:
    Meeting.objects.create(
        family=family,
        meeting_type="initial_conference" if outcome == "plan_made" else "review_conference",
        status=Meeting.Status.HELD,
        held_on=held_on,
        conference_outcome=outcome,
        plan_category="neglect" if outcome == "plan_made" else "",
        created_by=by,
    )


def test_targeting_rules(w: Any) -> None:
    on = TODAY
    long_plan, short_plan, repeat, late, not_holding = w.fa[0], w.fa[1], w.fb[0], w.fc[0], w.fc[1]
    _conference(long_plan, on - relativedelta(months=16), ConferenceOutcome.PLAN_MADE, w.pa)
    _conference(short_plan, on - relativedelta(months=14), ConferenceOutcome.PLAN_MADE, w.pa)
    _conference(repeat, on - relativedelta(months=30), ConferenceOutcome.PLAN_MADE, w.pb)
    _conference(repeat, on - relativedelta(months=20), ConferenceOutcome.PLAN_ENDED, w.pb)
    _conference(repeat, on - relativedelta(months=3), ConferenceOutcome.PLAN_MADE, w.pb)
    Meeting.objects.create(
        family=late,
        meeting_type="core_group",
        status=Meeting.Status.HELD,
        held_on=datetime.date(2026, 9, 10),
        due_date=datetime.date(2026, 9, 1),
        created_by=w.pc,
    )
    plan = Plan.objects.create(
        family=not_holding,
        title="Keeping safe",
        started_on=datetime.date(2026, 1, 1),
        created_by=w.pc,
    )
    PlanReview.objects.create(
        plan=plan,
        reviewed_on=datetime.date(2026, 7, 15),
        family_scaling=3,
        professional_scaling=3,
        holding="no",
        created_by=w.pc,
    )
    assert population.long_plan_families(on) == {long_plan.pk}
    assert population.second_plan_families(on) == {repeat.pk}
    assert population.late_meeting_families(*PERIOD) == {late.pk}
    assert population.not_holding_families(on) == {not_holding.pk}
    programme = draw(w, method="targeted", rule="long_plan", size=1, auditors=[w.mb])
    assert _families(programme) == [long_plan.pk]


def test_closed_families_are_not_sampled(w: Any) -> None:
    FamilyFactory(team=w.a, status="closed")
    assert (
        len(
            population.population(
                method="random",
                rule="",
                service=None,
                period_start=PERIOD[0],
                period_end=PERIOD[1],
                today=TODAY,
            )
        )
        == 10
    )


def test_service_limits_the_population(w: Any) -> None:
    programme = draw(w, service=w.s2, size=3, auditors=[w.ma])
    assert {a.team_id for a in programme.audits.all()} == {w.c.pk}
    assert len(programme.population) == 3
