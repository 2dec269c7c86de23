"""The statutory annual report's figures (2006 Regulations, reg. 13) against a hand-counted
fixture, and the report as a page, a spreadsheet and a PDF, for the right people only.

The fixture, for the year 1 April 2025 to 31 March 2026 (counted by hand, as of 31 March 2026):

- C1, statutory, a child (advocate accepted), 2 Jun 2025: communication and delay, both
  upheld; stage 1 answered 16 Jun, on time (due 16 Jun).
- C2, statutory, a parent, 1 Sep 2025: decision, not upheld; stage 1 extended to 20 days and
  answered 22 Sep, within the extension; stage 2 from 6 Oct answered 19 Dec, late (due 10 Nov).
- C3, corporate, a carer, 3 Nov 2025: staff conduct partly upheld, quality undecided;
  stage 1 open, due 17 Nov: overdue.
- C4, statutory, an advocate, 2 Mar 2026: family time, not upheld; stage 1 answered 20 Mar,
  late (due 16 Mar).
- C5, statutory, a parent, 31 Mar 2025: outside the year.
- C6, statutory, a child (advocate not yet offered), 1 Dec 2025: care leavers upheld,
  communication not upheld; stage 1 open, due 15 Dec: overdue.
- C7, corporate, a parent, 27 Mar 2026: availability, undecided; stage 1 open, due 14 Apr.

Restorative meeting: C1 offered, accepted, held; C3 offered, declined. Ombudsman: C2 referred
10 Jan 2026. Compliments in the year: 2 "listened", 1 "worked with us" (and one before it).
Learning actions from complaints raised in the year: 2, one done.
"""

from __future__ import annotations

import datetime
import io
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from restorative.evaluation.complaints import reports, services
from restorative.evaluation.complaints.timescales import Timeliness
from restorative.evaluation.models import Complaint, LearningAction

from .complaint_fixtures import cworld_fixture, make_complaint  # noqa: F401

D = datetime.date
START, END = D(2025, 4, 1), D(2026, 3, 31)


@pytest.fixture
def year(cworld: SimpleNamespace) -> SimpleNamespace:
    cm = cworld.complaints_manager
    child, parent = Complaint.Complainant.CHILD, Complaint.Complainant.PARENT

    def decide(complaint: Complaint, *outcomes: str) -> None:
        for element, outcome in zip(complaint.elements.all(), outcomes, strict=True):
            if outcome:
                services.element_decide(
                    actor=cm, element=element, outcome=outcome, decided_on=complaint.received_on
                )

    def answer(complaint: Complaint, number: int, day: datetime.date) -> None:
        stage = complaint.stages.get(number=number)
        services.stage_record(actor=cm, stage=stage, responded_on=day)

    c1 = make_complaint(
        cworld,
        received_on=D(2025, 6, 2),
        kind=child,
        elements=[("communication", "a"), ("delay", "b")],
    )
    decide(c1, "upheld", "upheld")
    answer(c1, 1, D(2025, 6, 16))
    services.complaint_restorative_record(
        actor=cm,
        complaint=c1,
        offered_on=D(2025, 6, 3),
        accepted=True,
        held_on=D(2025, 6, 10),
        outcome="Agreed",
    )
    c2 = make_complaint(
        cworld, received_on=D(2025, 9, 1), kind=parent, elements=[("decision", "c")]
    )
    decide(c2, "not_upheld")
    services.stage_extend(
        actor=cm,
        stage=c2.stages.get(),
        reason="Complex",
        complainant_told_on=D(2025, 9, 10),
        working_days=20,
    )
    answer(c2, 1, D(2025, 9, 22))
    services.stage_start(
        actor=cm,
        complaint=c2,
        number=2,
        started_on=D(2025, 10, 6),
        investigating_officer="IO",
        independent_person="IP",
    )
    answer(c2, 2, D(2025, 12, 19))
    services.ombudsman_refer(actor=cm, complaint=c2, referred_on=D(2026, 1, 10))
    c3 = make_complaint(
        cworld,
        received_on=D(2025, 11, 3),
        kind=Complaint.Complainant.CARER,
        procedure=Complaint.Procedure.CORPORATE,
        elements=[("staff_conduct", "d"), ("quality", "e")],
    )
    decide(c3, "partly_upheld", "")
    services.complaint_restorative_record(
        actor=cm, complaint=c3, offered_on=D(2025, 11, 4), accepted=False, held_on=None
    )
    c4 = make_complaint(
        cworld,
        received_on=D(2026, 3, 2),
        kind=Complaint.Complainant.ADVOCATE,
        elements=[("family_time", "f")],
    )
    decide(c4, "not_upheld")
    answer(c4, 1, D(2026, 3, 20))
    make_complaint(cworld, received_on=D(2025, 3, 31), kind=parent, elements=[("delay", "g")])
    c6 = services.complaint_create(
        actor=cm,
        procedure="statutory",
        received_on=D(2025, 12, 1),
        complainant_kind=child,
        complainant_name="C6",
        advocate_offer=Complaint.AdvocateOffer.NOT_YET,
        team=cworld.team,
        summary="s",
        elements=[("care_leavers", "h"), ("communication", "i")],
    )
    decide(c6, "upheld", "not_upheld")
    make_complaint(
        cworld,
        received_on=D(2026, 3, 27),
        kind=parent,
        procedure=Complaint.Procedure.CORPORATE,
        elements=[("availability", "j")],
    )
    for day, theme in (
        (D(2025, 5, 1), "listening"),
        (D(2025, 8, 1), "listening"),
        (D(2026, 2, 1), "working_with"),
        (D(2025, 3, 1), "listening"),
    ):
        services.compliment_create(
            actor=cm,
            received_on=day,
            from_kind="parent",
            team=cworld.team,
            theme=theme,
            words="Thank you",
        )
    for done in (None, D(2025, 8, 1)):
        LearningAction.objects.create(
            source_kind="complaint",
            source_uuid=c1.uuid,
            what="Brief the team",
            owner=cworld.manager,
            due_on=D(2025, 9, 1),
            done_on=done,
            evidence="Briefing notes" if done else "",
            raised_by=cm,
            team=cworld.team,
        )
    LearningAction.objects.update(created_at=datetime.datetime(2025, 7, 1, 12, tzinfo=datetime.UTC))
    return SimpleNamespace(c1=c1, c2=c2)


def test_the_annual_figures_match_the_hand_count(
    cworld: SimpleNamespace, year: SimpleNamespace
) -> None:
    figures = reports.annual_figures(reports.report_facts(START, END, today=D(2026, 3, 31)))
    assert figures.received == 6
    assert dict(figures.by_procedure) == {"statutory": 4, "corporate": 2}
    assert dict(figures.by_complainant) == {"child": 2, "parent": 2, "carer": 1, "advocate": 1}
    assert (figures.child_complainants, figures.advocate_offered, figures.advocate_accepted) == (
        2,
        1,
        1,
    )
    assert dict(figures.by_category) == {
        "communication": 2,
        "delay": 1,
        "decision": 1,
        "staff_conduct": 1,
        "quality": 1,
        "family_time": 1,
        "care_leavers": 1,
        "availability": 1,
    }
    assert dict(figures.element_outcomes) == {
        "upheld": 3,
        "partly_upheld": 1,
        "not_upheld": 3,
        "undecided": 2,
    }
    assert dict(figures.complaint_outcomes) == {
        "upheld": 1,
        "partly_upheld": 1,
        "not_upheld": 2,
        "undecided": 2,
    }
    stage1 = figures.stages[1]
    assert (stage1.started, stage1.extended) == (6, 1)
    assert dict(stage1.by_timeliness) == {
        Timeliness.ON_TIME: 1,
        Timeliness.IN_EXTENSION: 1,
        Timeliness.LATE: 1,
        Timeliness.OPEN: 1,
        Timeliness.OVERDUE: 2,
    }
    assert (stage1.answered, stage1.in_time) == (3, 2)
    stage2 = figures.stages[2]
    assert (stage2.started, dict(stage2.by_timeliness)) == (1, {Timeliness.LATE: 1})
    assert figures.stages[3].started == 0
    assert dict(figures.ombudsman) == {"pending": 1}
    assert (
        figures.restorative_offered,
        figures.restorative_accepted,
        figures.restorative_held,
    ) == (2, 1, 1)
    assert figures.compliments == 3
    assert dict(figures.compliments_by_theme) == {"listening": 2, "working_with": 1}
    assert (figures.learning_raised, figures.learning_done) == (2, 1)


def test_the_figures_are_read_in_a_fixed_number_of_queries(
    cworld: SimpleNamespace, year: SimpleNamespace, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(6):
        reports.report_facts(START, END)


def _client(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_the_spreadsheet_holds_the_same_figures(
    cworld: SimpleNamespace, year: SimpleNamespace
) -> None:
    response = _client(cworld.complaints_manager).get(
        reverse("evaluation:complaint_annual_report_xlsx") + "?year=2025"
    )
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="complaints-annual-report-2025-2026.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [tuple(cell for cell in row) for row in sheet.iter_rows(values_only=True)]
    assert ("All complaints", 6) in rows
    assert ("Children Act 1989 representations procedure", 4) in rows
    assert ("Child or young person", 2) in rows
    assert ("Upheld", 1) in rows  # complaints (the elements' table follows with 3)
    assert ("Upheld", 3) in rows
    assert ("All referrals", 1) in rows
    assert ("Listened and understood", 2) in rows
    assert ("Learning actions raised", 2) in rows


def test_the_page_and_pdf(cworld: SimpleNamespace, year: SimpleNamespace) -> None:
    client = _client(cworld.quality)
    page = client.get(reverse("evaluation:complaint_annual_report") + "?year=2025")
    assert page.status_code == 200
    assert "1 April 2025 to 31 March 2026" in page.content.decode()
    pdf = client.get(reverse("evaluation:complaint_annual_report_pdf") + "?year=2025")
    assert pdf.status_code in (200, 503)  # 503 only where WeasyPrint's libraries are missing
    if pdf.status_code == 200:
        assert pdf.content.startswith(b"%PDF")
    charts = client.get(reverse("evaluation:complaint_reports") + "?year=2025").content.decode()
    assert charts.count("<svg") >= 7 and "Stages by timeliness" in charts


@pytest.mark.parametrize("who", ["manager", "head", "practitioner", "workforce"])
def test_the_reports_are_only_for_the_complaints_manager_qa_and_director(
    cworld: SimpleNamespace, who: str
) -> None:
    client = _client(getattr(cworld, who))
    for name in (
        "complaint_reports",
        "complaint_annual_report",
        "complaint_annual_report_pdf",
        "complaint_annual_report_xlsx",
    ):
        assert client.get(reverse(f"evaluation:{name}")).status_code == 404
