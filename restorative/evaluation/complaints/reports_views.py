"""The complaint reports and the statutory annual report (issue 12 point 9).

The figures are counts, with no one's name or case in them, for the complaints manager,
quality assurance and the director (`permissions.can_view_complaint_reports`); everyone else
gets 404. The annual report is one document, on screen, as a PDF (WeasyPrint, rendered
offline by the practice app's document renderer) and as XLSX, all from the same sections.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from restorative.core.charts import count_bars
from restorative.core.downloads import attachment, xlsx_attachment
from restorative.people.types import AuthenticatedHttpRequest
from restorative.practice.documents import pdf_engine, render_pdf

from . import permissions, reports

ANNUAL_TEMPLATE = "evaluation/complaints/annual_report.html"
SCREEN_LAYOUT = "core/base.html"
PDF_LAYOUT = "evaluation/complaints/pdf_base.html"
REGULATION = "Children Act 1989 Representations Procedure (England) Regulations 2006, regulation 13"


def _period(request: AuthenticatedHttpRequest) -> tuple[datetime.date, datetime.date, int]:
    """The financial year asked for (`?year=2026` is April 2026 to March 2027), else this one."""
    today = timezone.localdate()
    start, _ = reports.financial_year(today)
    try:
        year = int(request.GET.get("year", start.year))
    except ValueError:
        year = start.year
    if not 2000 <= year <= today.year + 1:
        year = start.year
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31), year


def _figures(request: AuthenticatedHttpRequest) -> tuple[reports.AnnualFigures, int]:
    if not permissions.can_view_complaint_reports(request.user):
        raise Http404
    start, end, year = _period(request)
    facts = reports.report_facts(start, end, today=timezone.localdate())
    return reports.annual_figures(facts), year


def _years(year: int) -> list[int]:
    this_year = reports.financial_year(timezone.localdate())[0].year
    return sorted({*range(this_year - 4, this_year + 1), year}, reverse=True)


@require_GET
def complaint_reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Complaints by stage, timeliness, outcome, category and who complained; compliments by
    theme; learning actions open and done: each a chart with its table."""
    figures, year = _figures(request)
    sections = {section.title: section for section in reports.report_sections(figures)}
    open_actions, done_actions = reports.learning_action_counts()
    charts = [
        ("Complaints by stage", reports.stage_chart_rows(figures)),
        ("Stages by timeliness", reports.timeliness_chart_rows(figures)),
        ("Complaints by outcome", sections["Outcome of each complaint"].rows),
        ("Elements by category", sections["Categories (elements complained about)"].rows),
        ("Who complained", sections["Who complained"].rows),
        ("Compliments by theme", sections["Compliments by theme"].rows[1:]),
        ("Learning actions (all findings)", [("Open", open_actions), ("Done", done_actions)]),
    ]
    return render(
        request,
        "evaluation/complaints/reports.html",
        {
            "year": year,
            "years": _years(year),
            "figures": figures,
            "charts": [
                {"title": title, "rows": rows, "svg": count_bars(title, rows), "slug": index}
                for index, (title, rows) in enumerate(charts)
            ],
        },
    )


def _annual_context(figures: reports.AnnualFigures, year: int, *, pdf: bool) -> dict[str, Any]:
    return {
        "layout": PDF_LAYOUT if pdf else SCREEN_LAYOUT,
        "pdf": pdf,
        "year": year,
        "years": _years(year),
        "figures": figures,
        "sections": reports.report_sections(figures),
        "regulation": REGULATION,
    }


@require_GET
def annual_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    figures, year = _figures(request)
    return render(request, ANNUAL_TEMPLATE, _annual_context(figures, year, pdf=False))


@require_GET
def annual_report_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    figures, year = _figures(request)
    engine = pdf_engine()
    if engine is None:
        return render(
            request,
            "evaluation/complaints/pdf_unavailable.html",
            {"year": year},
            status=503,
        )
    html = render_to_string(
        ANNUAL_TEMPLATE, _annual_context(figures, year, pdf=True), request=request
    )
    return attachment(
        render_pdf(engine, html),
        filename=f"complaints-annual-report-{year}-{year + 1}.pdf",
        content_type="application/pdf",
    )


@require_GET
def annual_report_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    figures, year = _figures(request)

    def rows() -> Any:
        yield (f"Complaints annual report, 1 April {year} to 31 March {year + 1}",)
        yield (REGULATION,)
        for section in reports.report_sections(figures):
            yield ()
            yield (section.title, "Number")
            yield from section.rows

    return xlsx_attachment(
        [("Annual report", rows())], filename=f"complaints-annual-report-{year}-{year + 1}.xlsx"
    )
