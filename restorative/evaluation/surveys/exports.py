"""The results as rows, the same for CSV, XLSX and (as JSON) the API: one list, no drift."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .selectors import Comment, Results

HEADERS = ("Section", "Group", "Responses or answers", "Score out of 100")


def results_rows(
    data: Results, comments: Sequence[Comment] = ()
) -> Iterator[tuple[str, str, int | float | str, float | str]]:
    """The figures, then the comments the reader may see (newest first): each as "Comment",
    the question it answered, the words, and who answered with the team and month."""
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
    for comment in comments:
        yield (
            "Comment",
            comment.question,
            comment.words,
            f"{comment.who}, {comment.team}, {comment.month:%b %Y}",
        )
