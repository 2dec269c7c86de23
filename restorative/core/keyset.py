"""Pages of a long list that cost the same at the end as at the start (keyset pagination).

Why: a page number becomes OFFSET, and OFFSET reads and throws away every row before the
page: the 2,000th page of a county's 50,000 families read 50,000 index entries (issue 16).
Here a page is asked for by the row it starts after (or ends before), so the database seeks
to it through the ordering's index and reads one page. "First" and "Last" are the two ends
of the same ordering, read forwards or backwards, and cost the same too.

The cursor in the URL holds the ordering's values of that boundary row (signed, so nobody
can hand-craft one that the query would trust), never an id to look up. The total is counted
only up to a cap, so a huge list says "more than 1,000" instead of counting 50,000 rows on
every page.

Use it from a selector with an ordering that ends in a unique field (the primary key):

    page = keyset_page(families, order=("name", "case_reference", "pk"), cursor=..., per_page=25)
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.db.models import Model, Q, QuerySet

SALT = "restorative.core.keyset"
FIRST = ""
LAST = "last"


@dataclass(frozen=True)
class KeysetPage:
    """One page: its rows, the cursors to the pages beside it, and the (capped) total."""

    rows: list[Any]
    previous: str | None  # cursor of the page before, None on the first page
    next: str | None  # cursor of the page after, None on the last page
    total: int  # the number of rows, counted up to `cap`
    capped: bool  # True when there are more than `cap` rows
    cap: int
    per_page: int
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_first(self) -> bool:
        return self.previous is None

    @property
    def is_last(self) -> bool:
        return self.next is None

    def __iter__(self) -> Any:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> Any:
        return self.rows[index]


def _plain(value: Any) -> Any:
    """A value as JSON can hold it, tagged when it must be read back as its own type."""
    if isinstance(value, datetime.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"d": value.isoformat()}
    if isinstance(value, uuid.UUID):
        return {"u": str(value)}
    if isinstance(value, decimal.Decimal):
        return {"n": str(value)}
    return value


def _typed(value: Any) -> Any:
    if isinstance(value, dict):
        if "dt" in value:
            return datetime.datetime.fromisoformat(value["dt"])
        if "d" in value:
            return datetime.date.fromisoformat(value["d"])
        if "u" in value:
            return uuid.UUID(value["u"])
        if "n" in value:
            return decimal.Decimal(value["n"])
    return value


def cursor_for(direction: str, values: list[Any]) -> str:
    """A signed cursor: after (">") or before ("<") the row with these ordering values."""
    return signing.dumps([direction, [_plain(v) for v in values]], salt=SALT, compress=True)


def _read_cursor(cursor: str, width: int) -> tuple[str, list[Any]] | None:
    """(direction, values) from a cursor, or None for a missing, altered or foreign one
    (which then shows the first page: a stale link is not an error)."""
    try:
        direction, values = signing.loads(cursor, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if direction not in (">", "<") or not isinstance(values, list) or len(values) != width:
        return None
    try:
        return direction, [_typed(v) for v in values]
    except (ValueError, TypeError):
        return None


def _field(name: str) -> tuple[str, bool]:
    """("name", descending?) from an ordering term such as "-scheduled_at"."""
    return (name[1:], True) if name.startswith("-") else (name, False)


def _beyond(order: tuple[str, ...], values: list[Any], *, forwards: bool) -> Q:
    """Rows strictly beyond the boundary in the reading direction: the lexicographic
    comparison (a > x) or (a = x and b > y) or ..., each field in its own direction."""
    condition = Q()
    first, descending = _field(order[0])
    # Redundant with the comparison below, and what lets the database seek on the first
    # field's index instead of reading from the start ("name >= x AND (...)").
    seek = Q(**{f"{first}__{'gte' if forwards != descending else 'lte'}": values[0]})
    for index, term in enumerate(order):
        name, descending = _field(term)
        greater = forwards != descending
        step = Q(**{f"{name}__{'gt' if greater else 'lt'}": values[index]})
        for earlier_term, earlier_value in zip(order[:index], values[:index], strict=True):
            step &= Q(**{_field(earlier_term)[0]: earlier_value})
        condition |= step
    return seek & condition


def _values(row: Model, order: tuple[str, ...]) -> list[Any]:
    values = []
    for term in order:
        value: Any = row
        for part in _field(term)[0].split("__"):
            value = getattr(value, part)
        values.append(value)
    return values


def _reverse(order: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(term[1:] if term.startswith("-") else f"-{term}" for term in order)


def keyset_page(
    queryset: QuerySet[Any],
    *,
    order: tuple[str, ...],
    cursor: str = FIRST,
    per_page: int,
    cap: int = 1000,
) -> KeysetPage:
    """The page of `queryset` (ordered by `order`, whose last field is unique) that `cursor`
    names: the first page for no cursor, the last page for "last", else the page after or
    before the boundary row the cursor holds. Two queries and a capped count."""
    forwards = True
    boundary: tuple[str, list[Any]] | None = None
    if cursor == LAST:
        forwards = False
    elif cursor:
        boundary = _read_cursor(cursor, len(order))
        if boundary is not None:
            forwards = boundary[0] == ">"
    reading = queryset.order_by(*(order if forwards else _reverse(order)))
    if boundary is not None:
        reading = reading.filter(_beyond(order, boundary[1], forwards=forwards))
    rows = list(reading[: per_page + 1])
    if not rows and boundary is not None:
        # The rows around the boundary are gone (deleted since): start again at the top.
        return keyset_page(queryset, order=order, cursor=FIRST, per_page=per_page, cap=cap)
    more = len(rows) > per_page
    rows = rows[:per_page]
    if not forwards:
        rows.reverse()
    # Before the page there is something when we came forwards from a boundary, or read
    # backwards and found more; after it, the other way round.
    at_start = (boundary is None and forwards) or (not forwards and not more)
    at_end = (forwards and not more) or (not forwards and boundary is None)
    if not rows:
        at_start = at_end = True
    previous = None if at_start else cursor_for("<", _values(rows[0], order))
    following = None if at_end else cursor_for(">", _values(rows[-1], order))
    total = queryset.order_by().values("pk")[: cap + 1].count()
    return KeysetPage(
        rows=rows,
        previous=previous,
        next=following,
        total=min(total, cap),
        capped=total > cap,
        cap=cap,
        per_page=per_page,
    )
