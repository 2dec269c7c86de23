"""The results as rows, the same for CSV, XLSX and (as JSON) the API: one list, no drift."""

from __future__ import annotations

from collections.abc import Iterator

from .selectors import Results

HEADERS = ("Section", "Group", "Responses or answers", "Score out of 100")


def results_rows(data: Results) -> Iterator[tuple[str, str, int | float | str, float | str]]:
    rate = data.response_rate
    yield ("Response rate", "Invited", data.invited, "")
    yield ("Response rate", "Answered", data.responded, rate if rate is not None else "")
    sections = (
        ("Theme", data.themes),
        ("Question", data.questions),
        ("Meeting felt done", data.experience),
        ("Month", data.by_month),
        ("Team", data.by_team),
        ("Service", data.by_service),
        ("Meeting type", data.by_meeting_type),
        ("Who answered", data.by_respondent),
    )
    for section, figures in sections:
        for fig in figures:
            yield (section, fig.label, fig.count, fig.score if fig.score is not None else "")
