"""Each measure against the hand-counted month in conftest.py, and the snapshots."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from restorative.governance.measures import MEASURES, measure_get
from restorative.governance.models import Snapshot
from restorative.governance.services.measures import snapshot_month

from .conftest import MARCH, MARCH_END

EXPECTED_A1 = {
    "training_mandatory": (1, 2),
    "training_advanced": (1, 4),
    "supervision_standard": (1, 2),
    "supervision_audit_grades": (1, 2),
    "team_circles": (2, 1),
    "conversations": (1, 1),
    "meetings_on_time": (1, 3),
    "voice_heard": (1, 4),
    "child_words": (1, 2),
    "decisions_agreed": (1, 2),
}


@pytest.mark.parametrize("key", sorted(EXPECTED_A1))
def test_each_measure_counts_the_hand_counted_month(march: Any, key: str) -> None:
    figures = measure_get(key).compute([march.team_a1.pk], MARCH, MARCH_END)
    assert figures[march.team_a1.pk] == EXPECTED_A1[key]


def test_every_measure_has_an_expected_figure() -> None:
    from .test_evaluation_measures import EXPECTED_A1 as EVALUATION_A1

    # Partners' feedback and the staff survey are counted for other places there.
    elsewhere = {"feedback_partners", "wellbeing_personal", "wellbeing_safety"}
    assert {m.key for m in MEASURES} == set(EXPECTED_A1) | set(EVALUATION_A1) | elsewhere


def test_other_teams_are_counted_apart(march: Any) -> None:
    teams = [march.team_a1.pk, march.team_a2.pk, march.team_b1.pk]
    circles = measure_get("team_circles").compute(teams, MARCH, MARCH_END)
    assert circles == {march.team_a1.pk: (2, 1), march.team_b1.pk: (1, 1)}
    training = measure_get("training_mandatory").compute(teams, MARCH, MARCH_END)
    assert training[march.team_a2.pk] == (0, 1)
    assert training[march.team_b1.pk] == (0, 1)


def test_values_and_small_numbers() -> None:
    percent = measure_get("voice_heard")
    assert percent.value(1, 4) == Decimal("25.0")
    assert percent.value(0, 0) is None
    assert percent.small(9) and not percent.small(10) and not percent.small(0)
    count = measure_get("team_circles")
    assert count.value(3, 1) == Decimal(3)
    assert not count.small(1)


def test_snapshot_stores_teams_services_and_the_organisation(march: Any) -> None:
    snapshot_month(month=MARCH, today=datetime.date(2026, 12, 5))
    rows = Snapshot.objects.filter(measure="team_circles", month=MARCH)
    by_key = {r.scope_key: (int(r.numerator), int(r.denominator)) for r in rows}
    assert by_key[f"team:{march.team_a1.pk}"] == (2, 1)
    assert by_key[f"service:{march.service_a.pk}"] == (2, 1)
    assert by_key[f"service:{march.service_b.pk}"] == (1, 1)
    assert by_key["organisation"] == (3, 2)  # counts sum; the picture shows the numerator
    organisation = Snapshot.objects.get(measure="training_mandatory", scope_key="organisation")
    assert (organisation.numerator, organisation.denominator) == (1, 4)


def test_re_running_a_month_replaces_it(march: Any) -> None:
    today = datetime.date(2026, 12, 5)
    snapshot_month(month=MARCH, today=today)
    first = Snapshot.objects.filter(month=MARCH).count()
    snapshot_month(month=MARCH, today=today)
    assert Snapshot.objects.filter(month=MARCH).count() == first
    # A late correction shows after the re-run.
    from restorative.workforce.models import TeamCircle

    TeamCircle.objects.filter(team=march.team_b1).delete()
    snapshot_month(month=MARCH, today=today)
    org = Snapshot.objects.get(measure="team_circles", month=MARCH, scope_key="organisation")
    assert org.numerator == 2


def test_a_month_not_yet_started_is_refused(world: Any) -> None:
    with pytest.raises(ValidationError):
        snapshot_month(month=datetime.date(2027, 1, 1), today=datetime.date(2026, 12, 5))
    assert not Snapshot.objects.exists()


def test_management_command_makes_a_month(march: Any, capsys: Any) -> None:
    call_command("governance_snapshots", "--month", "2026-03")
    assert Snapshot.objects.filter(month=MARCH).exists()
    assert "2026-03" in capsys.readouterr().out


def test_management_command_refuses_a_bad_month(world: Any) -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("governance_snapshots", "--month", "March")
    assert not Snapshot.objects.exists()


def test_snapshot_stores_outcome_counts(march: Any) -> None:
    snapshot_month(month=MARCH, today=datetime.date(2026, 12, 5))
    org = dict(
        Snapshot.objects.filter(
            month=MARCH, scope_key="organisation", measure__startswith="outcome:"
        ).values_list("measure", "numerator")
    )
    # As at 31 March: family members invited to meetings held in the 12 months before
    # (the child twice, the mother once; the uninvited uncle and the professional not counted).
    assert org["outcome:invited"] == 3
    assert org["outcome:views"] == 1


def _this_month(body: str, key: str) -> str:
    import re

    row = body.split(f'id="measure-{key}"')[1].split("</tr>")[0]
    found = re.search(r'data-label="This month">(.*?)</td>', row, re.S)
    assert found is not None
    return found.group(1).strip()


def test_this_month_is_read_as_stored_and_a_team_s_only_when_counted_today(world: Any) -> None:
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from restorative.workforce.models import TeamCircle

    today = timezone.localdate()
    snapshot_month(month=today.replace(day=1), today=today)
    TeamCircle.objects.create(
        team=world.team_a1,
        purpose="cohesion",
        held_on=today,
        facilitator=world.manager,
        participant_count=4,
        themes="Rotas",
        recorded_by=world.manager,
        submission_token=__import__("uuid").uuid4(),
    )
    client = Client()
    client.force_login(world.director)
    org = client.get(reverse("governance:picture")).content.decode()
    assert "as counted at" in org
    assert _this_month(org, "team_circles") == "0"  # the stored figure, before the circle
    team_url = reverse("governance:picture_team", args=[world.team_a1.uuid])
    team = client.get(team_url).content.decode()
    assert "as counted at" in team  # today's stored figures, as the service's
    assert _this_month(team, "team_circles") == "0"
    # Figures stored before today are not read for a team: it is counted live.
    Snapshot.objects.update(created_at=timezone.now() - datetime.timedelta(days=1))
    team = client.get(team_url).content.decode()
    assert "counted live" in team
    assert _this_month(team, "team_circles") == "1"
    outcomes_page = client.get(reverse("governance:outcomes")).content.decode()
    assert 'id="outcomes-as-of"' in outcomes_page


def test_supervision_follows_the_organisation_s_own_standard(march: Any) -> None:
    """The measure reads the standard the workforce team set, not the LGA figures: the worker
    supervised on 10 March is not overdue on 31 March monthly, and is overdue when the standard
    says weekly for everyone."""
    from restorative.workforce.models import SupervisionStandard

    measure = measure_get("supervision_standard")
    assert measure.compute([march.team_a1.pk], MARCH, MARCH_END)[march.team_a1.pk] == (1, 2)
    SupervisionStandard.objects.filter(applies_to="everyone").update(frequency="weekly")
    assert measure.compute([march.team_a1.pk], MARCH, MARCH_END)[march.team_a1.pk] == (0, 2)
