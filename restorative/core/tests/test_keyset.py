"""Keyset pages (core.keyset): walking forwards and backwards visits every row once in order,
the ends cost one read each, the count stops at its cap, and a bad cursor is the first page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from restorative.core.keyset import LAST, cursor_for, keyset_page
from restorative.people.models import Family
from restorative.people.tests.factories import FamilyFactory, TeamFactory

ORDER = ("name", "case_reference", "pk")


@pytest.fixture
def families(db: Any) -> list[Family]:
    team = TeamFactory()
    # Repeated names, so the second and third fields of the ordering decide.
    names = ["Ali", "Bell", "Bell", "Cole", "Dunn", "Dunn", "Dunn", "Eze", "Fox", "Gray", "Hall"]
    made = [
        FamilyFactory(team=team, name=name, case_reference=f"CR{index:03d}")
        for index, name in enumerate(names)
    ]
    return sorted(made, key=lambda f: (f.name, f.case_reference, f.pk))


def _all() -> Any:
    return Family.objects.all()


def test_walking_forwards_then_backwards_visits_every_row_once_in_order(
    families: list[Family],
) -> None:
    seen: list[int] = []
    page = keyset_page(_all(), order=ORDER, per_page=3)
    assert page.is_first
    pages = [page]
    while True:
        seen += [family.pk for family in page]
        if page.next is None:
            break
        page = keyset_page(_all(), order=ORDER, cursor=page.next, per_page=3)
        pages.append(page)
    assert seen == [family.pk for family in families]
    assert page.is_last and len(pages) == 4
    # Back again from the last page, page by page.
    back: list[int] = []
    while page.previous is not None:
        page = keyset_page(_all(), order=ORDER, cursor=page.previous, per_page=3)
        back = [family.pk for family in page] + back
    assert back == [family.pk for family in families][:9]
    assert page.is_first


def test_the_last_page_is_read_from_the_end(families: list[Family]) -> None:
    page = keyset_page(_all(), order=ORDER, cursor=LAST, per_page=4)
    assert [family.pk for family in page] == [family.pk for family in families][-4:]
    assert page.is_last and not page.is_first
    before = keyset_page(_all(), order=ORDER, cursor=page.previous or "", per_page=4)
    assert [family.pk for family in before] == [family.pk for family in families][-8:-4]


def test_a_descending_ordering_and_dates(db: Any) -> None:
    team = TeamFactory()
    made = [
        FamilyFactory(team=team, opened_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=d))
        for d in (3, 1, 2, 2, 0)
    ]
    order = ("-opened_on", "pk")
    expected = [f.pk for f in sorted(made, key=lambda f: (-f.opened_on.toordinal(), f.pk))]
    first = keyset_page(Family.objects.all(), order=order, per_page=2)
    second = keyset_page(Family.objects.all(), order=order, cursor=first.next or "", per_page=2)
    third = keyset_page(Family.objects.all(), order=order, cursor=second.next or "", per_page=2)
    assert [f.pk for page in (first, second, third) for f in page] == expected


def test_the_count_stops_at_its_cap(families: list[Family]) -> None:
    page = keyset_page(_all(), order=ORDER, per_page=3, cap=5)
    assert (page.total, page.capped) == (5, True)
    page = keyset_page(_all(), order=ORDER, per_page=3, cap=50)
    assert (page.total, page.capped) == (len(families), False)


@pytest.mark.parametrize("cursor", ["nonsense", "a:b:c", cursor_for(">", ["too", "short"])])
def test_an_altered_or_foreign_cursor_shows_the_first_page(
    families: list[Family], cursor: str
) -> None:
    page = keyset_page(_all(), order=ORDER, cursor=cursor, per_page=3)
    assert [f.pk for f in page] == [f.pk for f in families][:3]
    assert page.is_first


def test_a_cursor_past_rows_deleted_since_starts_again_at_the_top(families: list[Family]) -> None:
    last = keyset_page(_all(), order=ORDER, cursor=LAST, per_page=3)
    Family.objects.filter(pk__in=[f.pk for f in families[-4:]]).delete()
    page = keyset_page(
        _all(),
        order=ORDER,
        cursor=cursor_for(">", [families[-1].name, families[-1].case_reference, families[-1].pk]),
        per_page=3,
    )
    assert [f.pk for f in page] == [f.pk for f in families][:3]
    assert last.is_last
