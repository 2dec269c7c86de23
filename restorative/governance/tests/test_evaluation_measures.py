"""The measures from the evaluation app and the WITH/TO/FOR/NOT split, each against a month
counted by hand (March 2026, on top of conftest's `march`), including the staff survey's
anonymity rule and records that belong to a service but no team.

By hand, for March:
- WITH/TO/FOR/NOT at meetings held in North Safeguarding (A1): the FGC WITH (the family
  said), the second core group TO (the chair said), the meeting held on time WITH, the one
  held late with none recorded. WITH 2 of 3, TO 1 of 3, FOR and NOT 0 of 3.
- Feedback (rolled-up rows as evaluation keeps them): A1 children 2 answers scoring 150 in
  all (listened to), A1 parents 4 answers scoring 200 (respect), East (B1) partners 1
  answer of 100; A1 children in February (not March) 1 of 0. Children 75.0, parents 50.0,
  partners 100.0, listened to 75.0 (A1).
- Staff survey round opened 2 March: A1 5 answers, South (A2) 1, B1 6. A2 is under 5, and
  with A2 hidden, Safeguarding minus A1 would reveal A2's one person: so A1 is hidden too,
  though it has 5. Shown: the organisation (12), both services (6 each) and B1 (6).
  Personal wellbeing 80 in Safeguarding (8, 8, 8 and anxiety 2), 60 in B1, 70 overall.
- Case-file audits in A1 finished in March: good, requires improvement (one outstanding
  finished in April, one still in progress): 1 of 2.
- Complaint stages due in March: A1's first answered early (on time), A1's third answered
  late, Safeguarding's (no team) stage 1 answered within its extension and stage 2 overdue.
  A1 1 of 2; Safeguarding 2 of 4; organisation 2 of 4.
- Complaints closed in March: A1's first partly upheld, A1's third not upheld, B1's with an
  element undecided (not counted). A1 1 of 2; organisation 1 of 2.
- Compliments received in March: 2 for A1, 1 about no team (February's for B1 not counted).
  A1 2, Safeguarding 2, organisation 3.
- Learning actions due in March: A1 done early, done late, not done; one with no team done
  on its date. A1 1 of 3; Safeguarding 1 of 3; organisation 2 of 4.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache

from restorative.evaluation.models import (
    AuditProgramme,
    CaseAudit,
    Complaint,
    ComplaintElement,
    ComplaintStage,
    Compliment,
    LearningAction,
    Survey,
    SurveyQuestion,
    SurveyResultQuestion,
    WellbeingResponse,
    WellbeingRound,
)
from restorative.evaluation.wellbeing.items import ITEMS
from restorative.governance.measures import MEASURES, measure_get
from restorative.governance.models import Snapshot
from restorative.governance.services.measures import snapshot_month
from restorative.people.tests.factories import FamilyFactory
from restorative.practice.models import Meeting

from .conftest import MARCH, MARCH_END, day

FEBRUARY = datetime.date(2026, 2, 1)


def _question(theme: str) -> SurveyQuestion:
    question = SurveyQuestion.objects.filter(theme=theme, kind="scale_0_10").first()
    if question is None:
        question = SurveyQuestion.objects.filter(theme=theme).first()
    assert question is not None, theme
    return question


def _feedback(team: Any, kind: str, theme: str, answers: int, total: float, month: Any) -> None:
    question = _question(theme)
    SurveyResultQuestion.objects.create(
        month=month,
        survey=Survey.objects.get(pk=question.version.survey_id),
        team=team,
        service=team.service,
        respondent_kind=kind,
        question=question,
        answers=answers,
        score_sum=total,
    )


def _wellbeing(team: Any, count: int, ons: tuple[int, int, int, int]) -> None:
    answers = {item.key: 5 for item in ITEMS}
    answers.update(
        life_satisfaction=ons[0],
        worthwhile=ons[1],
        happy_yesterday=ons[2],
        anxious_yesterday=ons[3],
    )
    for _ in range(count):
        WellbeingResponse.objects.create(
            round=WellbeingRound.objects.get(), team=team, service=team.service, **answers
        )


def _complaint(w: Any, reference: str, team: Any, service: Any, **values: Any) -> Complaint:
    return Complaint.objects.create(
        reference=reference,
        procedure="corporate",
        received_on=day(1),
        complainant_kind="parent",
        complainant_name="A parent",
        team=team,
        service=service,
        summary="Not kept informed",
        recorded_by=w.quality,
        **values,
    )


def _stage(complaint: Complaint, number: int, **values: Any) -> None:
    values.setdefault("base_due_on", values["due_on"])
    if number == 2:
        values.update(investigating_officer="An officer", independent_person="A person")
    ComplaintStage.objects.create(
        complaint=complaint, number=number, started_on=day(1), working_days=10, **values
    )


def _action(w: Any, team: Any, due: datetime.date, done: datetime.date | None) -> None:
    LearningAction.objects.create(
        source_kind="complaint",
        source_uuid=uuid.uuid4(),
        team=team,
        what="Share the letter template",
        owner=w.manager,
        due_on=due,
        done_on=done,
        evidence="Shared at the team meeting" if done else "",
        raised_by=w.quality,
    )


@pytest.fixture
def evaluated(march: Any) -> Any:
    w = march
    cache.clear()  # the staff survey keeps a closed round's figures in the cache
    # WITH/TO/FOR/NOT at the meetings held in March.
    held = Meeting.objects.filter(status="held", held_on__month=3)
    held.filter(meeting_type="family_group_conference").update(
        experience="with", experience_given_by="family"
    )
    held.filter(held_on=day(25)).update(experience="to", experience_given_by="chair")
    held.filter(held_on=day(9)).update(experience="with", experience_given_by="family")
    # Feedback, as evaluation rolls it up.
    _feedback(w.team_a1, "child", "listened_to", 2, 150.0, MARCH)
    _feedback(w.team_a1, "parent_carer", "respect", 4, 200.0, MARCH)
    _feedback(w.team_b1, "partner", "trust", 1, 100.0, MARCH)
    _feedback(w.team_a1, "child", "listened_to", 1, 0.0, FEBRUARY)
    # The staff survey.
    WellbeingRound.objects.create(
        title="Spring", opens_on=day(2), closes_on=day(20), created_by=w.director
    )
    _wellbeing(w.team_a1, 5, (8, 8, 8, 2))
    _wellbeing(w.team_a2, 1, (8, 8, 8, 2))
    _wellbeing(w.team_b1, 6, (6, 6, 6, 4))
    # Case-file audits.
    programme = AuditProgramme.objects.create(
        theme="Voice of the child",
        period_start=day(1, 1),
        period_end=day(28, 2),
        method="random",
        requested_size=4,
        seed=7,
        drawn_on=day(1),
        created_by=w.quality,
    )
    for grade, status, finished in (
        ("good", "finished", day(10)),
        ("requires_improvement", "finished", day(28)),
        ("outstanding", "finished", day(2, 4)),
        ("", "in_progress", None),
    ):
        CaseAudit.objects.create(
            programme=programme,
            family=FamilyFactory(team=w.team_a1),
            team=w.team_a1,
            practitioner=w.allocated,
            auditor=w.other_service,
            drawn_on=day(1),
            status=status,
            final_grade=grade,
            grade=grade,
            reflection="I would ask the child first" if finished else "",
            finished_on=finished,
        )
    # Complaints.
    first = _complaint(w, "C1", w.team_a1, w.service_a, status="closed", closed_on=day(12))
    _stage(first, 1, due_on=day(10), responded_on=day(8))
    ComplaintElement.objects.create(
        complaint=first, category="delay", description="x", outcome="upheld"
    )
    ComplaintElement.objects.create(
        complaint=first, category="communication", description="y", outcome="not_upheld"
    )
    second = _complaint(w, "C2", None, w.service_a)
    _stage(second, 1, base_due_on=day(10), due_on=day(15), responded_on=day(14))
    _stage(second, 2, due_on=day(25))
    third = _complaint(w, "C3", w.team_a1, w.service_a, status="closed", closed_on=day(25))
    _stage(third, 1, due_on=day(20), responded_on=day(22))
    ComplaintElement.objects.create(
        complaint=third, category="delay", description="z", outcome="not_upheld"
    )
    fourth = _complaint(w, "C4", w.team_b1, w.service_b, status="closed", closed_on=day(30))
    _stage(fourth, 1, due_on=day(5, 4))
    ComplaintElement.objects.create(complaint=fourth, category="other", description="w")
    # Compliments.
    for team, received in (
        (w.team_a1, day(3)),
        (w.team_a1, day(30)),
        (None, day(15)),
        (w.team_b1, day(20, 2)),
    ):
        Compliment.objects.create(
            received_on=received,
            from_kind="parent",
            team=team,
            theme="listening",
            words="She listened.",
            recorded_by=w.manager,
        )
    # Learning actions.
    _action(w, w.team_a1, day(10), day(9))
    _action(w, w.team_a1, day(20), day(25))
    _action(w, w.team_a1, day(28), None)
    _action(w, None, day(15), day(15))
    _action(w, w.team_a1, day(10, 4), None)
    return w


EXPECTED_A1 = {
    "experience_with": (2, 3),
    "experience_to": (1, 3),
    "experience_for": (0, 3),
    "experience_not": (0, 3),
    "feedback_children": (Decimal("150.00"), 2),
    "feedback_families": (Decimal("200.00"), 4),
    "feedback_listened_to": (Decimal("150.00"), 2),
    "case_audit_grades": (1, 2),
    "complaints_on_time": (1, 2),
    "complaints_upheld": (1, 2),
    "compliments": (2, 1),
    "learning_actions_done": (1, 3),
}


@pytest.mark.parametrize("key", sorted(EXPECTED_A1))
def test_each_evaluation_measure_counts_the_hand_counted_month(evaluated: Any, key: str) -> None:
    figures = measure_get(key).compute([evaluated.team_a1.pk], MARCH, MARCH_END)
    assert figures[evaluated.team_a1.pk] == EXPECTED_A1[key]


def test_the_issue_s_measures_are_all_in_the_registry() -> None:
    keys = {m.key for m in MEASURES}
    for key in (*EXPECTED_A1, "feedback_partners", "wellbeing_personal", "wellbeing_safety"):
        assert key in keys


def test_the_split_adds_up_and_only_with_is_better_higher() -> None:
    split = [measure_get(f"experience_{part}") for part in ("with", "to", "for", "not")]
    assert [m.higher_is_better for m in split] == [True, False, False, False]


def test_partner_feedback_is_counted_for_its_own_team(evaluated: Any) -> None:
    teams = [evaluated.team_a1.pk, evaluated.team_b1.pk]
    figures = measure_get("feedback_partners").compute(teams, MARCH, MARCH_END)
    assert figures == {evaluated.team_b1.pk: (Decimal("100.00"), 1)}
    assert measure_get("feedback_partners").value(Decimal(100), 1) == Decimal("100.0")
    assert measure_get("feedback_children").value(Decimal(150), 2) == Decimal("75.0")


def _places(key: str) -> dict[Any, tuple[Any, Any]]:
    places = measure_get(key).places
    assert places is not None
    return dict(places(MARCH, MARCH_END))


def test_staff_wellbeing_hides_small_groups_and_what_would_reveal_them(evaluated: Any) -> None:
    w = evaluated
    figures = _places("wellbeing_personal")
    assert figures == {
        (None, None): (Decimal("840.00"), 12),
        (w.service_a.pk, None): (Decimal("480.00"), 6),
        (w.service_b.pk, None): (Decimal("360.00"), 6),
        (w.service_b.pk, w.team_b1.pk): (Decimal("360.00"), 6),
    }
    # A1 has 5 answers but is hidden: Safeguarding minus A1 would be A2's one person.
    assert measure_get("wellbeing_personal").compute([w.team_a1.pk], MARCH, MARCH_END) == {}
    assert _places("wellbeing_safety")[(None, None)] == (Decimal("600.00"), 12)
    # February: no round had opened.
    places = measure_get("wellbeing_personal").places
    assert places is not None and places(FEBRUARY, datetime.date(2026, 2, 28)) == {}


def test_complaints_without_a_team_count_in_their_service(evaluated: Any) -> None:
    w = evaluated
    on_time = _places("complaints_on_time")
    assert on_time[(w.service_a.pk, w.team_a1.pk)] == (1, 2)
    assert on_time[(w.service_a.pk, None)] == (2, 4)
    assert on_time[(None, None)] == (2, 4)
    assert (w.service_b.pk, None) not in on_time  # B1's stage is due in April
    upheld = _places("complaints_upheld")
    assert upheld[(None, None)] == (1, 2)
    assert measure_get("complaints_upheld").higher_is_better is False


def test_compliments_and_learning_without_a_team_count_in_the_organisation(
    evaluated: Any,
) -> None:
    w = evaluated
    compliments = _places("compliments")
    assert compliments[(w.service_a.pk, None)][0] == 2
    assert compliments[(None, None)][0] == 3
    actions = _places("learning_actions_done")
    assert actions[(w.service_a.pk, None)] == (1, 3)
    assert actions[(None, None)] == (2, 4)


def test_snapshot_stores_places_as_counted_and_leaves_hidden_groups_out(evaluated: Any) -> None:
    w = evaluated
    snapshot_month(month=MARCH, today=datetime.date(2026, 12, 5))
    stored = {
        r.scope_key: (r.numerator, r.denominator)
        for r in Snapshot.objects.filter(measure="wellbeing_personal", month=MARCH)
    }
    assert stored == {
        "organisation": (Decimal("840.00"), 12),
        f"service:{w.service_a.pk}": (Decimal("480.00"), 6),
        f"service:{w.service_b.pk}": (Decimal("360.00"), 6),
        f"team:{w.team_b1.pk}": (Decimal("360.00"), 6),
    }
    complaints = Snapshot.objects.get(
        measure="complaints_on_time", month=MARCH, scope_key=f"service:{w.service_a.pk}"
    )
    assert (complaints.numerator, complaints.denominator) == (2, 4)
    assert (
        Snapshot.objects.get(
            measure="complaints_on_time", month=MARCH, scope_key=f"team:{w.team_a1.pk}"
        ).service_id
        == w.service_a.pk
    )


# --- Who sees what, in every measure ---------------------------------------------------------


def _client(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("key", [m.key for m in MEASURES])
def test_head_of_service_gets_only_their_service_in_every_measure_csv_and_api(
    evaluated: Any, key: str
) -> None:
    from django.urls import reverse

    w = evaluated
    snapshot_month(month=MARCH, today=datetime.date(2026, 12, 5))
    client = _client(w.head)
    rows = client.get(reverse("api-governance-measure-series", args=[key])).json()
    assert {row["place"] for row in rows} <= {
        "Safeguarding",
        "North Safeguarding",
        "South Safeguarding",
    }
    assert all(row["level"] != "organisation" for row in rows)
    text = client.get(reverse("governance:measure_csv", args=[key])).content.decode("utf-8-sig")
    assert "Children in Care" not in text
    assert "The organisation" not in text
    director = _client(w.director).get(reverse("api-governance-measure-series", args=[key]))
    if director.json():  # the director reaches the organisation whenever anything is stored
        assert any(row["level"] == "organisation" for row in director.json())


def test_pages_show_scores_and_say_when_a_staff_group_is_not_shown(evaluated: Any) -> None:
    from django.urls import reverse

    w = evaluated
    snapshot_month(month=MARCH, today=datetime.date(2026, 12, 5))
    # The team's page, as its manager sees it (March counted as stored, read via the CSV).
    text = (
        _client(w.manager)
        .get(reverse("governance:measure_csv", args=["wellbeing_personal"]))
        .content.decode("utf-8-sig")
    )
    assert "North Safeguarding" not in text  # hidden: no figure stored for A1
    service = (
        _client(w.head)
        .get(reverse("governance:measure_csv", args=["wellbeing_personal"]))
        .content.decode("utf-8-sig")
    )
    assert "2026-03,service,Safeguarding,480,6,80,yes" in service
    definition = _client(w.director).get(reverse("governance:measure", args=["wellbeing_safety"]))
    body = definition.content.decode()
    assert "fewer than 5" in body and "0 to 100 (a score)" in body


def test_live_team_page_says_the_staff_group_is_not_shown(evaluated: Any) -> None:
    from unittest import mock

    from django.urls import reverse

    w = evaluated
    with mock.patch(
        "restorative.governance.views.picture.timezone.localdate", return_value=day(31)
    ):
        body = (
            _client(w.manager)
            .get(reverse("governance:picture_team", args=[w.team_a1.uuid]))
            .content.decode()
        )
    row = body.split('id="measure-wellbeing_personal"')[1].split("</tr>")[0]
    assert "Not shown" in row
    row = body.split('id="measure-feedback_children"')[1].split("</tr>")[0]
    assert "75.0 out of 100" in row
    row = body.split('id="measure-experience_with"')[1].split("</tr>")[0]
    assert "66.7%" in row


# --- The board report's learning from audits and complaints ---------------------------------


def test_board_report_holds_the_quarter_s_learning_in_page_and_xlsx(evaluated: Any) -> None:
    import io
    from unittest import mock

    from django.urls import reverse
    from django.utils import timezone
    from openpyxl import load_workbook

    from restorative.governance.selectors.report import board_report

    w = evaluated
    LearningAction.objects.update(created_at=timezone.make_aware(datetime.datetime(2026, 3, 5)))
    report = board_report(w.director, today=day(31))
    lessons = report.learning
    assert lessons.complaints_received == 4
    assert dict(lessons.complaint_outcomes) == {
        "Upheld": 0,
        "Partly upheld": 1,
        "Not upheld": 1,
        "Not decided yet": 2,
    }
    assert lessons.complaint_themes[0] == ("Delay", 2)
    assert (lessons.stages_in_time, lessons.stages_answered) == (2, 3)
    assert (lessons.audits_finished, lessons.audits_good) == (2, 1)  # April's is next quarter
    assert lessons.audit_themes == [("Voice of the child", 2, 1)]
    assert lessons.actions_raised == [("Complaints", 5, 3, 1)]  # April's is not due yet
    with mock.patch("restorative.governance.views.report.timezone.localdate", return_value=day(31)):
        client = _client(w.director)
        page = client.get(reverse("governance:board_report")).content.decode()
        book = load_workbook(
            io.BytesIO(client.get(reverse("governance:board_report_xlsx")).content)
        )
    assert "Learning from audits and complaints" in page
    assert "Voice of the child" in page and "About: Delay" in page
    rows = [[c for c in r if c is not None] for r in book["Learning"].iter_rows(values_only=True)]
    assert ["Case-file audits good or outstanding", 1] in rows
    assert ["Complaints", 5, 3, 1] in rows


def test_outcomes_engagement_includes_feeling_listened_to(evaluated: Any) -> None:
    from restorative.governance.selectors.outcomes import counts_by_team, outcomes_from, sum_counts

    w = evaluated
    # As at 31 March: the 12 months before hold A1's children's March (2 answers, 150) and
    # February (1 answer, 0) rows on being listened to; parents answered on respect only.
    counts = counts_by_team([w.team_a1.pk, w.team_b1.pk], today=day(31))
    engagement = outcomes_from(sum_counts(counts.values()), today=day(31)).engagement
    assert (engagement.listened_answers, engagement.listened_score_sum) == (3, 150.0)
    assert engagement.listened_score == 50.0
    assert engagement.listened_small
    snapshot_month(month=MARCH, today=datetime.date(2026, 12, 5))
    stored = Snapshot.objects.get(measure="outcome:listened_answers", scope_key="organisation")
    assert stored.numerator == 3
