"""The board report: a page, a PDF (WeasyPrint, as practice renders its documents) and an
XLSX of the same figures. For the director and quality assurance."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from restorative.core.csv_safety import safe_cell
from restorative.core.downloads import attachment
from restorative.people.types import AuthenticatedHttpRequest
from restorative.practice.documents import pdf_engine, render_pdf

from ..selectors import report as selectors
from .picture import outcome_charts, trend_chart

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(request: AuthenticatedHttpRequest) -> selectors.BoardReport:
    return selectors.board_report(request.user, today=timezone.localdate())


def _with_charts(report: selectors.BoardReport) -> dict[str, Any]:
    """The report and its charts (issue 13 item 7): each measure's trend and the outcome
    measures, server-rendered SVG that the page and the PDF (WeasyPrint draws inline SVG)
    show beside the table of the same figures."""
    return {
        "report": report,
        "trends": [(figure, trend_chart(figure.row)) for figure in report.measures],
        "charts": outcome_charts(report.outcomes),
    }


@require_GET
def board_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "governance/board_report.html", _with_charts(_report(request)))


@require_GET
def board_report_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    report = _report(request)
    engine = pdf_engine()
    if engine is None:
        return render(
            request,
            "governance/board_report.html",
            {**_with_charts(report), "no_pdf": True},
            status=503,
        )
    html = board_report_html(request, report)
    return attachment(
        render_pdf(engine, html),
        filename=f"board-report-{report.quarter_start:%Y-%m}.pdf",
        content_type="application/pdf",
    )


def board_report_html(request: AuthenticatedHttpRequest, report: selectors.BoardReport) -> str:
    """The HTML WeasyPrint turns into the PDF."""
    return render_to_string(
        "governance/board_report_pdf.html", _with_charts(report), request=request
    )


@require_GET
def board_report_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    report = _report(request)
    book = Workbook()
    sheet = book.active
    sheet.title = "Measures"
    sheet.append([report.title])
    sheet.append(
        [
            "Measure",
            "Quarter figure",
            "Numerator",
            "Denominator",
            "Target",
            "Status this month",
            "Too few to read",
        ]
    )
    for figure in report.measures:
        row = figure.row
        sheet.append(
            [
                row.measure.name,
                figure.value,
                figure.numerator,
                figure.denominator,
                row.target,
                row.status,
                "yes" if figure.small else "no",
            ]
        )
    trend = book.create_sheet("Trend")
    months = report.measures[0].row.trend if report.measures else []
    trend.append(["Measure", *[p.month.strftime("%Y-%m") for p in months]])
    for figure in report.measures:
        trend.append([figure.row.measure.name, *[p.value for p in figure.row.trend]])
    o = report.outcomes
    outcome_sheet = book.create_sheet("Outcomes")
    outcome_sheet.append(["Outcome", "Numerator", "Denominator", "Too few to read"])
    small = "yes" if o.engagement.small else "no"
    outcome_sheet.append(
        ["Family members who came to meetings", o.engagement.attended, o.engagement.invited, small]
    )
    outcome_sheet.append(
        ["Family members who gave their view", o.engagement.views, o.engagement.invited, small]
    )
    outcome_sheet.append(
        [
            "Felt listened to (feedback score out of 100; answers)",
            o.engagement.listened_score,
            o.engagement.listened_answers,
            "yes" if o.engagement.listened_small else "no",
        ]
    )
    outcome_sheet.append(
        [
            "Conflict meetings and incidents before / after (families counted)",
            f"{o.conflict.before} / {o.conflict.after}",
            o.conflict.families,
            "yes" if o.conflict.small else "no",
        ]
    )
    for h in o.holding:
        outcome_sheet.append(
            [f"Plans holding at {h.months} months", h.holding, h.plans, "yes" if h.small else "no"]
        )
    outcome_sheet.append(
        [
            "Plans meeting their goals (GAS T >= 50)",
            o.gas.met_or_better,
            o.gas.plans,
            "yes" if o.gas.small else "no",
        ]
    )
    barriers = book.create_sheet("Barriers")
    barriers.append(["Theme", *[label for _, label in report.barriers.statuses], "All"])
    for label, counts, total in report.barriers.rows:
        barriers.append([label, *[counts.get(v, 0) for v, _ in report.barriers.statuses], total])
    policies = book.create_sheet("Policies")
    policies.append(["Title", "Version", "Approved on", "Approved by", "Next review", "Overdue"])
    for p in report.policies:
        policies.append(
            [
                safe_cell(p.policy.title),
                safe_cell(p.current.number) if p.current else "",
                p.current.approved_on if p.current else None,
                safe_cell(p.current.approved_by) if p.current else "",
                p.review_due,
                "yes" if p.overdue else "no",
            ]
        )
    lessons = report.learning
    learning = book.create_sheet("Learning")
    learning.append(["Complaints received in the quarter", lessons.complaints_received])
    for label, n in lessons.complaint_outcomes:
        learning.append([f"Outcome: {label}", n])
    for label, n in lessons.complaint_themes:
        learning.append([f"About: {label}", n])
    learning.append(["Complaint stages answered", lessons.stages_answered])
    learning.append(["Complaint stages answered within their timescale", lessons.stages_in_time])
    learning.append(["Restorative resolution offered", lessons.restorative_offered])
    learning.append(["Restorative resolution meeting held", lessons.restorative_held])
    learning.append(["Case-file audits finished", lessons.audits_finished])
    learning.append(["Case-file audits good or outstanding", lessons.audits_good])
    learning.append([])
    learning.append(["Audit theme", "Finished", "Good or outstanding"])
    for theme, n, good in lessons.audit_themes:
        learning.append([safe_cell(theme), n, good])
    learning.append([])
    learning.append(["Learning actions from", "Raised", "Done", "Overdue now"])
    for label, raised, done, overdue in lessons.actions_raised:
        learning.append([safe_cell(label), raised, done, overdue])
    out = io.BytesIO()
    book.save(out)
    return attachment(
        out.getvalue(),
        filename=f"board-report-{report.quarter_start:%Y-%m}.xlsx",
        content_type=XLSX_TYPE,
    )
