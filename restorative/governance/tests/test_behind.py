"""The names behind a team's figures (issue 13 item 2), on the hand-counted March of
`conftest.py` and `test_evaluation_measures.py`: each list holds what its figure counts, only
within what the viewer may see by the owning app's rule, in a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from restorative.evaluation.models import Complaint
from restorative.governance.measures import MEASURES
from restorative.governance.selectors.behind import LISTS, NO_NAMES, behind
from restorative.practice.models import Meeting, MeetingParticipant

from .conftest import MARCH, MARCH_END, day
from .test_evaluation_measures import evaluated  # noqa: F401 - the fixture

# Team A1 in March, counted by hand from the fixtures: how many names each list holds for a
# viewer the owning app allows.
EXPECTED = {
    "training_mandatory": ("manager", 1),  # the colleague lacks the foundation course
    "training_advanced": ("manager", 3),  # colleague, ASYE and manager lack advanced training
    "supervision_standard": ("manager", 1),  # the colleague, never supervised
    "supervision_audit_grades": ("quality", 2),  # good and inadequate
    "team_circles": ("manager", 2),  # 5 and 31 March (not April's)
    "conversations": ("manager", 1),  # March's, not February's
    "meetings_on_time": ("head", 3),  # on time, late, overdue (not cancelled, not April's)
    "voice_heard": ("manager", 2),  # the conference and the core group with invitees
    "child_words": ("manager", 2),  # both had the child invited
    "decisions_agreed": ("manager", 1),  # the conference, 1 of 2 agreed
    "experience_with": ("manager", 3),
    "experience_to": ("manager", 3),
    "experience_for": ("manager", 3),
    "experience_not": ("manager", 3),
    "case_audit_grades": ("quality", 2),  # 10 and 28 March (not April's, not in progress)
    "complaints_on_time": ("director", 2),  # C1 and C3 (C2 has no team)
    "complaints_upheld": ("director", 2),  # C1 and C3 closed in March
    "compliments": ("manager", 2),  # 3 and 30 March
    "learning_actions_done": ("manager", 3),  # due 10, 20 and 28 March
}


def _names(user: Any, key: str, team: Any) -> list[str]:
    return [name.label for name in behind(user, key, team, MARCH, MARCH_END).names]


def test_every_measure_has_names_or_says_why_not() -> None:
    assert {m.key for m in MEASURES} == set(LISTS) | set(NO_NAMES)
    assert set(EXPECTED) == set(LISTS)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_the_names_are_those_the_figure_counts(evaluated: Any, key: str) -> None:  # noqa: F811
    who, count = EXPECTED[key]
    assert len(_names(getattr(evaluated, who), key, evaluated.team_a1)) == count


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_another_team_s_manager_is_shown_no_names(evaluated: Any, key: str) -> None:  # noqa: F811
    assert _names(evaluated.other_team_manager, key, evaluated.team_a1) == []


@pytest.mark.parametrize(
    ("key", "who"),
    [
        # Each app's own rule, narrower than the picture's for these viewers.
        ("supervision_audit_grades", "director"),  # only those who audit the team
        ("training_mandatory", "quality"),  # training compliance is not quality's
        ("supervision_standard", "quality"),
        ("complaints_on_time", "allocated"),  # complaints are for managers up
        ("compliments", "allocated"),
    ],
)
def test_each_app_s_own_rule_decides(evaluated: Any, key: str, who: str) -> None:  # noqa: F811
    assert _names(getattr(evaluated, who), key, evaluated.team_a1) == []


def test_a_complaint_about_the_viewer_is_never_listed(evaluated: Any) -> None:  # noqa: F811
    w = evaluated
    Complaint.objects.get(reference="C1").staff.add(w.head)
    assert _names(w.head, "complaints_on_time", w.team_a1) == ["C3"]
    assert _names(w.director, "complaints_on_time", w.team_a1) == ["C1", "C3"]


def test_staff_wellbeing_is_never_named(evaluated: Any) -> None:  # noqa: F811
    result = behind(evaluated.director, "wellbeing_personal", evaluated.team_a1, MARCH, MARCH_END)
    assert result.names == [] and "anonymous" in result.no_names
    client = Client()
    client.force_login(evaluated.manager)
    url = reverse("governance:measure_behind", args=[evaluated.team_a1.uuid, "wellbeing_safety"])
    body = client.get(url).content.decode()
    assert "no names are ever shown" in body and 'id="names"' not in body


def test_the_page_follows_the_picture_rule(evaluated: Any) -> None:  # noqa: F811
    w = evaluated
    url = reverse("governance:measure_behind", args=[w.team_a1.uuid, "meetings_on_time"])
    client = Client()
    client.force_login(w.manager)
    response = client.get(url)
    assert response.status_code == 200
    assert 'id="names"' in response.content.decode() or 'id="no-one"' in response.content.decode()
    picture = client.get(reverse("governance:picture_team", args=[w.team_a1.uuid]))
    assert url in picture.content.decode()
    client.force_login(w.other_team_manager)
    assert client.get(url).status_code == 404
    client.force_login(w.manager)
    missing = reverse("governance:measure_behind", args=[w.team_a1.uuid, "no_such_measure"])
    assert client.get(missing).status_code == 404


def _queries(user: Any, key: str, team: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        behind(user, key, team, MARCH, MARCH_END)
    return len(queries)


def test_each_list_costs_the_same_queries_however_many_names(evaluated: Any) -> None:  # noqa: F811
    w = evaluated
    _queries(w.manager, "training_mandatory", w.team_a1)  # the training rules, cached once
    before = {key: _queries(getattr(w, who), key, w.team_a1) for key, (who, _) in EXPECTED.items()}
    for held_on in (day(3), day(4), day(5)):
        meeting = Meeting.objects.create(
            family=w.family,
            meeting_type="core_group",
            status="held",
            held_on=held_on,
            due_date=held_on,
            experience="with",
            experience_given_by="family",
            created_by=w.allocated,
        )
        MeetingParticipant.objects.create(
            meeting=meeting, member=w.family.members.first(), kind="child"
        )
    after = {key: _queries(getattr(w, who), key, w.team_a1) for key, (who, _) in EXPECTED.items()}
    assert after == before
    assert max(after.values()) <= 6


def test_supervision_names_follow_the_organisation_s_own_standard(evaluated: Any) -> None:  # noqa: F811
    """The names behind the supervision figure use the standard the workforce team set, as
    the figure does (test_measures): weekly for everyone makes the worker supervised on 10
    March overdue too."""
    from restorative.workforce.models import SupervisionStandard

    before = _names(evaluated.manager, "supervision_standard", evaluated.team_a1)
    SupervisionStandard.objects.filter(applies_to="everyone").update(frequency="weekly")
    after = _names(evaluated.manager, "supervision_standard", evaluated.team_a1)
    assert (len(before), len(after)) == (1, 2)
