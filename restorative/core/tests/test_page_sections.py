"""core.page_sections: a later app's section on an earlier app's page, only for those it is
meant for, in order, once per key."""

from __future__ import annotations

from typing import Any

from restorative.core import page_sections


def test_sections_are_per_page_in_order_once_and_only_for_whom_they_are_meant(
    monkeypatch: Any,
) -> None:
    monkeypatch.setattr(page_sections, "_SECTIONS", [])
    page_sections.register("p", "late", "late.html", lambda user: {"n": 2}, order=20)
    page_sections.register("p", "early", "early.html", lambda user: {"n": 1}, order=10)
    page_sections.register("p", "early", "again.html", lambda user: {"n": 9}, order=1)
    page_sections.register("p", "hidden", "x.html", lambda user: None, order=15)
    page_sections.register("other", "o", "o.html", lambda user: {}, order=5)
    assert page_sections.sections_for("p", object()) == [
        {"template": "early.html", "context": {"n": 1}},
        {"template": "late.html", "context": {"n": 2}},
    ]
