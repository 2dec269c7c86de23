"""Every feature's list filter and object check agree, for every role (issue 9, point 1).

Each feature declares how far each role reaches (a `Rule` in `restorative.core.scope`) and
reads a list filter and an object check off it. Here, for each feature and each person of
the permission matrix (`world`, plus a closed account, a language lead and someone signed
out), the records the list filter returns are exactly the records the object check admits.
A feature whose two forms drifted apart would show a record in a list that then answers 404,
or hide one the person may open.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q

from restorative.core.scope import EVERYWHERE, NOWHERE, Extent, Reach
from restorative.language import permissions as language_permissions
from restorative.language.models import LanguageLead
from restorative.people import permissions as people_permissions
from restorative.people.models import Family, Staff, Team
from restorative.people.tests.factories import FamilyFactory, StaffFactory
from restorative.practice import permissions as practice_permissions
from restorative.workforce import audits, circles
from restorative.workforce import permissions as workforce_permissions
from restorative.workforce.models import (
    SupervisionAgreement,
    SupervisionAudit,
    SupervisionAuditSample,
    SupervisionSession,
    TeamCircle,
)

Role = Staff.Role
DAY = datetime.date(2026, 3, 2)


@dataclass(frozen=True)
class FeatureRule:
    """One feature's rule as its callers use it: a list filter and an object check."""

    model: type[Model]
    list_filter: Callable[[Any], Q | None]
    object_check: Callable[[Any, Any], bool]


def _analytics_check(user: Any, team: Team) -> bool:
    return language_permissions.can_view_team_language_analytics(user, team)


FEATURE_RULES: dict[str, FeatureRule] = {
    "families: view": FeatureRule(
        Family, people_permissions.families_visible_q, people_permissions.can_view_family
    ),
    "families: change": FeatureRule(
        Family, people_permissions.families_editable_q, people_permissions.can_edit_family
    ),
    "training compliance: people": FeatureRule(
        Staff,
        workforce_permissions.compliance_staff_q,
        workforce_permissions.can_view_compliance_of,
    ),
    "training compliance: teams": FeatureRule(
        Team,
        lambda user: workforce_permissions.compliance_scope(user).q(team=""),
        workforce_permissions.can_view_team_compliance,
    ),
    "supervision audits: teams": FeatureRule(
        Team,
        lambda user: audits.audit_scope(user).q(team=""),
        audits.can_audit_team,
    ),
    "supervision audits: samples": FeatureRule(
        SupervisionAuditSample,
        audits.audit_samples_visible_q,
        lambda user, sample: audits.can_audit_team(user, sample.team),
    ),
    "supervision audits: audits": FeatureRule(
        SupervisionAudit, audits.audits_visible_q, audits.can_view_audit
    ),
    "supervision audit results: teams": FeatureRule(
        Team,
        audits.audit_results_team_q,
        lambda user, team: audits.AUDIT_RESULTS_RULE.reach(user).covers_team(team),
    ),
    "team circles: teams": FeatureRule(Team, circles.circle_teams_q, circles.can_view_team_circles),
    "team circles: circles": FeatureRule(
        TeamCircle,
        circles.team_circles_visible_q,
        lambda user, circle: circles.can_view_team_circles(user, circle.team),
    ),
    "language analytics: teams": FeatureRule(
        Team, language_permissions.analytics_teams_q, _analytics_check
    ),
    "team practice: teams": FeatureRule(
        Team,
        practice_permissions.team_practice_teams_q,
        practice_permissions.can_view_team_practice,
    ),
}

# Everyone in the permission matrix, and three more: an account that has been closed, a
# practitioner appointed language lead, and someone signed out.
PEOPLE = [
    "allocated",
    "same_team",
    "asye_same_team",
    "manager",
    "support_same_team",
    "other_team",
    "other_team_manager",
    "other_service",
    "head",
    "other_head",
    "director",
    "quality",
    "workforce",
    "admin",
    "partner",
    "closed_manager",
    "language_lead",
    "anonymous",
]


@pytest.fixture
def scene(world: Any) -> Any:
    """The matrix with a record of every kind in every team."""
    world.closed_manager = StaffFactory(
        role=Role.TEAM_MANAGER,
        team=world.team_a1,
        organisation=world.org,
        email="closed@test.example",
        is_active=False,
    )
    world.language_lead = StaffFactory(
        role=Role.PRACTITIONER,
        team=world.team_b1,
        organisation=world.org,
        email="lead@test.example",
    )
    LanguageLead.objects.create(staff=world.language_lead, appointed_by=world.admin)
    world.anonymous = AnonymousUser()
    # A family in every team, and one allocated across teams (reached as one's own only).
    FamilyFactory(team=world.team_a2, allocated_worker=world.other_team, name="Brown")
    FamilyFactory(team=world.team_b1, allocated_worker=world.other_service, name="Clarke")
    FamilyFactory(team=world.team_b1, allocated_worker=world.same_team, name="Davies")
    FamilyFactory(team=world.team_a2, allocated_worker=None, name="Evans")
    supervision = [
        (world.team_a1, world.manager, world.allocated),
        (world.team_a2, world.other_team_manager, world.other_team),
        (world.team_b1, world.other_head, world.other_service),
    ]
    for team, supervisor, supervisee in supervision:
        agreement = SupervisionAgreement.objects.create(
            supervisor=supervisor,
            supervisee=supervisee,
            agreed_frequency=SupervisionAgreement.Frequency.MONTHLY,
            started_on=DAY - datetime.timedelta(days=90),
        )
        session = SupervisionSession.objects.create(
            agreement=agreement,
            held_on=DAY - datetime.timedelta(days=10),
            duration_minutes=60,
            wellbeing_score=7,
            recorded_by=supervisor,
            submission_token=uuid.uuid4(),
        )
        sample = SupervisionAuditSample.objects.create(
            team=team,
            period_start=DAY - datetime.timedelta(days=30),
            period_end=DAY,
            requested_size=1,
            seed=1,
            eligible_count=1,
            created_by=world.quality,
            submission_token=uuid.uuid4(),
        )
        SupervisionAudit.objects.create(sample=sample, session=session)
        TeamCircle.objects.create(
            team=team,
            purpose=TeamCircle.Purpose.COHESION,
            held_on=DAY,
            facilitator=supervisor,
            participant_count=5,
            themes="Working together",
            recorded_by=supervisor,
            submission_token=uuid.uuid4(),
        )
    return world


def _fresh(user: Any) -> Any:
    """The person as a request would load them (no per-object caches from earlier checks)."""
    if isinstance(user, Staff):
        return Staff.objects.get(pk=user.pk)
    return user


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("feature", list(FEATURE_RULES))
def test_list_filter_and_object_check_agree(scene: Any, feature: str, who: str) -> None:
    rule = FEATURE_RULES[feature]
    user = _fresh(getattr(scene, who))
    manager = rule.model._default_manager
    every = list(manager.all())
    assert every, f"the scene has no {rule.model.__name__} to check"
    q = rule.list_filter(user)
    listed = set() if q is None else set(manager.filter(q).values_list("pk", flat=True))
    admitted = {obj.pk for obj in every if rule.object_check(user, obj)}
    assert listed == admitted


@pytest.mark.parametrize("feature", list(FEATURE_RULES))
def test_every_rule_lets_someone_in_and_keeps_someone_out(scene: Any, feature: str) -> None:
    """The agreement above is not empty: each rule admits some people and refuses others."""
    rule = FEATURE_RULES[feature]
    every = list(rule.model._default_manager.all())
    seen = {
        who: sum(rule.object_check(_fresh(getattr(scene, who)), obj) for obj in every)
        for who in PEOPLE
    }
    assert any(seen.values()), f"nobody sees any {rule.model.__name__}"
    assert seen["anonymous"] == 0
    assert seen["closed_manager"] == 0
    assert seen["partner"] == 0


def test_a_reach_filters_and_checks_along_the_same_paths(scene: Any) -> None:
    """The scope itself: oneself, teams, services and the organisation, joined with `|`."""
    reach = Reach.oneself(scene.same_team.pk) | Reach.teams([scene.team_a2.pk])
    fields = {"team": "team", "person": "allocated_worker"}
    listed = set(Family.objects.filter(reach.q(**fields)).values_list("name", flat=True))
    assert listed == {"Brown", "Davies", "Evans"}
    davies = Family.objects.get(name="Davies")
    assert reach.basis(davies, **fields) is Extent.SELF
    assert reach.basis(Family.objects.get(name="Evans"), **fields) is Extent.TEAM
    assert reach.basis(scene.family, **fields) is Extent.NONE
    service = Reach.services([scene.service_b.pk])
    assert service.covers_team(scene.team_b1)
    assert not service.covers_team(scene.team_a1)
    assert set(Team.objects.filter(service.q(team=""))) == {scene.team_b1}
    assert EVERYWHERE.q(team="team") == Q()
    assert not Family.objects.filter(NOWHERE.q(**fields)).exists()
    assert not NOWHERE.any
