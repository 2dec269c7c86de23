"""Who may lead restorative meetings, and the register of restorative champions (issue 5,
points 7 and 12)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from restorative.people.models import Staff, Team

from .. import compliance, permissions
from ..compliance import CompletionFact
from ..models import (
    Completion,
    Course,
)
from ..services import training_settings_get
from .compliance_figures import in_scope_staff


def staff_who_may_lead(on: datetime.date) -> QuerySet[Staff]:
    """Active staff with current advanced restorative training on `on` (the lead rule's list
    filter, `permissions.staff_who_may_lead_q`): who may facilitate a restorative circle or
    coordinate a family group conference."""
    return Staff.objects.filter(permissions.staff_who_may_lead_q(on)).order_by(
        "last_name", "first_name"
    )


def advanced_training_of(
    people: Iterable[Staff], *, today: datetime.date, due_soon_days: int
) -> dict[int, compliance.AdvancedTraining]:
    """Each person's advanced training on `today`, in one query for all of them."""
    ids = [person.pk for person in people]
    facts: dict[int, list[CompletionFact]] = defaultdict(list)
    completions = Completion.objects.filter(
        person_id__in=ids, course__level=Course.Level.ADVANCED
    ).values_list("person_id", "completed_on", "valid_until")
    for person_id, completed_on, valid_until in completions:
        facts[person_id].append(CompletionFact(completed_on, valid_until))
    return {
        pk: compliance.advanced_training_status(
            facts.get(pk, []), today=today, due_soon_days=due_soon_days
        )
        for pk in ids
    }


@dataclass(frozen=True)
class ChampionRow:
    person: Staff
    training: compliance.AdvancedTraining


@dataclass
class ChampionTeam:
    """One team's champions (team None: champions in no team, such as a head of service)."""

    team: Team | None
    champions: list[ChampionRow]


@dataclass
class ChampionsRegister:
    teams: list[ChampionTeam]
    counts: dict[compliance.LeadStatus, int]
    due_soon_days: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def teams_without(self) -> list[Team]:
        """Teams in the register with nobody flagged as a champion."""
        return [row.team for row in self.teams if row.team is not None and not row.champions]


def champions_register(
    user: Any, *, today: datetime.date, team: Team | None = None
) -> ChampionsRegister:
    """Restorative champions `user` may see, per team, with their advanced-training status.

    Whoever sees a team's compliance sees its champions (`permissions.compliance_scope`):
    team managers their team, heads of service their service, the director and the workforce
    development team everyone. Every team in scope is listed, so a team without a champion
    shows. Four queries whatever the size: settings, teams, champions, their completions.
    """
    if team is not None:
        if not permissions.can_view_team_champions(user, team):
            raise Http404("Not found")
    elif not permissions.can_view_champions_register(user):
        raise Http404("Not found")
    settings = training_settings_get()
    scope = permissions.compliance_scope(user)
    champions = in_scope_staff(user).filter(is_restorative_champion=True)
    if team is not None:
        teams = [team]
        champions = champions.filter(team=team)
    else:
        teams = list(
            Team.objects.filter(scope.q(team=""))
            .select_related("service")
            .order_by("service__name", "name")
        )
    people = list(champions)
    training = advanced_training_of(people, today=today, due_soon_days=settings.due_soon_days)
    by_team: dict[int | None, list[ChampionRow]] = defaultdict(list)
    counts = dict.fromkeys(compliance.LeadStatus, 0)
    for person in people:
        key = person.team_id if person.team and scope.covers_team(person.team) else None
        by_team[key].append(ChampionRow(person, training[person.pk]))
        counts[training[person.pk].status] += 1
    rows = [ChampionTeam(t, by_team.get(t.pk, [])) for t in teams]
    if by_team.get(None):
        rows.append(ChampionTeam(None, by_team[None]))
    return ChampionsRegister(rows, counts, settings.due_soon_days)
