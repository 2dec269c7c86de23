"""Issue 4's acceptance journey in a real record: a practitioner writes a restorative
conversation's "what was agreed next", sees suggestions for "contact" and "absconded", uses
one, keeps the other with a reason, and the record saves either way."""

from __future__ import annotations

import datetime
import importlib
from typing import Any

import pytest
from django.apps import apps

pytestmark = pytest.mark.e2e

SENTENCE = "Mum had contact with the children on Saturday. Jay absconded on Sunday."


def test_suggestions_in_a_conversation_record_never_block_saving(
    e2e_world: Any, new_page: Any, sign_in: Any, screenshot: Any
) -> None:
    from restorative.language.models import LanguageUsage
    from restorative.practice import services
    from restorative.practice.models import RestorativeConversation

    # Question sets come from a data migration that an earlier browser test's flush removed.
    importlib.import_module(
        "restorative.practice.migrations.0002_seed_questions_and_timescales"
    ).seed(apps, None)
    from restorative.practice.models import Question

    conversation = services.conversation_create(
        actor=e2e_world.practitioner,
        family=e2e_world.family,
        held_on=datetime.date.today(),
        setting="home_visit",
        members=list(e2e_world.family.members.all()),
        questions=list(Question.objects.filter(is_active=True)[:2]),
    )
    page = new_page()  # with the Content Security Policy enforced
    sign_in(page, email=e2e_world.practitioner.email, password=e2e_world.password)
    page.goto(f"/practice/conversations/{conversation.uuid}/answers/")
    box = page.get_by_label("What was agreed would happen next")
    box.press_sequentially(SENTENCE, delay=5)

    suggestions = page.locator("#id_agreed_next-language")
    contact = suggestions.locator('[data-term="contact"]')
    abscond = suggestions.locator('[data-term="abscond"]')
    contact.wait_for()
    abscond.wait_for()
    screenshot(page, "language-record-01-suggestions")

    contact.get_by_role("button", name="Use “family time” instead of “contact”").click()
    page.wait_for_function(
        "() => document.getElementById('id_agreed_next').value.includes('family time')"
    )
    page.wait_for_function(
        "() => !document.querySelector('#id_agreed_next-language [data-term=contact]')"
    )
    abscond = suggestions.locator('[data-term="abscond"]')  # the list was drawn again
    abscond.locator("summary").click()
    abscond.get_by_label("Reason (optional)").select_option("quotation")
    abscond.get_by_role("button", name="Keep “absconded”").click()
    page.wait_for_function(
        "() => !document.querySelector('#id_agreed_next-language [data-term=abscond]')"
    )

    page.get_by_role("button", name="Save answers").click()
    page.wait_for_load_state()
    saved = RestorativeConversation.objects.get(pk=conversation.pk).agreed_next
    assert saved.startswith("Mum had family time with the children")
    assert "Jay absconded on Sunday" in saved
    assert "Mum had family time with the children" in page.locator("main").inner_text()
    screenshot(page, "language-record-02-saved")
    assert page.problems == [], "\n".join(page.problems)

    usage = {row.term: row for row in LanguageUsage.objects.all()}
    assert usage["contact"].accepted == 1
    assert usage["abscond"].kept == 1
