"""The checker in the product: replacements and advice, "This isn't right here" reports and
the language lead's list, suggestions after saving without JavaScript, own-words fields."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from restorative.language.models import LanguageLead, LanguageReport, LanguageUsage
from restorative.language.shapes import sentence_shape
from restorative.practice.models import RestorativeConversation
from restorative.practice.tests.conftest import practice  # noqa: F401 (a fixture)

ISSUE_SENTENCE = "Mum failed to engage and the child absconded"
NAMED = "On 3 May Jayden Smith absconded from 12 Hill Road with Kayla."


def _suggest(client: Any, text: str) -> list[dict[str, Any]]:
    """The live suggestions' groups for a text (none already shown)."""
    response = client.post(reverse("language:suggest"), {"text": text, "field": "id_text"})
    assert response.status_code == 200
    groups: list[dict[str, Any]] = response.json()["groups"]
    return groups


def _report(client: Any, text: str, word: str, **extra: str) -> Any:
    start = text.index(word)
    data = {
        "term": extra.pop("term", "abscond"),
        "text": text,
        "start": str(start),
        "end": str(start + len(word)),
        "field": "id_agreed_next",
        "page": "/language/try/",
        **extra,
    }
    return client.post(reverse("language:report"), data)


# --- Replacements and advice -------------------------------------------------------------------


def test_advice_is_text_and_replacements_are_buttons_in_the_form_written(
    client: Any, world: Any
) -> None:
    client.force_login(world.allocated)
    groups = _suggest(client, ISSUE_SENTENCE)
    buttons = [words for group in groups for words in group["use"]]
    assert buttons == ["ran away", "went missing"]
    # Advice the term always gives comes once per page with the term's details.
    details = client.get(reverse("language:suggest_terms")).json()["terms"]
    advice = [words for group in groups for words in group.get("advice", details[group["term"]][2])]
    assert "describe what happened" in advice
    # "has absconded" takes the participle.
    groups = _suggest(client, "The child has absconded twice")
    assert [words for group in groups for words in group["use"]] == ["run away", "gone missing"]


def test_the_try_page_without_scripts_does_not_promise_suggestions_as_you_type(
    client: Any, world: Any
) -> None:
    client.force_login(world.allocated)
    page = client.get(reverse("language:try")).content.decode()
    text_without_scripts = re.sub(r'data-language-live-text="[^"]*"', "", page)
    assert "as you type" not in text_without_scripts
    assert "Suggestions appear when you save the note." in page
    saved = client.post(reverse("language:try"), {"text": ISSUE_SENTENCE}).content.decode()
    assert "“ran away”" in saved
    assert "describe what happened" in saved


# --- "This isn't right here" -------------------------------------------------------------------


def test_a_report_is_counted_with_the_masked_shape_and_no_text(client: Any, world: Any) -> None:
    client.force_login(world.allocated)
    assert _report(client, NAMED, "absconded", reason="other_meaning").status_code == 204
    assert _report(client, NAMED, "absconded", reason="other_meaning").status_code == 204
    report = LanguageReport.objects.get()
    assert report.count == 2
    assert (report.term, report.category, report.reason) == ("abscond", "blaming", "other_meaning")
    assert report.context == "language:try agreed_next"
    assert (
        report.shape == "on [number] may [name] [name] [absconded] from [number] [name] [name] with"
    )
    stored = " ".join(
        LanguageReport.objects.values_list("term", "category", "context", "shape", "reason").get()
    )
    for secret in ("Jayden", "Smith", "Kayla", "12", "3 May"):
        assert secret not in stored
    # Nothing of the sentence reaches the usage counts either.
    assert not LanguageUsage.objects.filter(term__icontains="Jayden").exists()


def test_only_a_suggestion_the_checker_makes_there_can_be_reported(client: Any, world: Any) -> None:
    client.force_login(world.allocated)
    # Not where the checker flags anything: no report, so no typed text can become a "term".
    assert _report(client, NAMED, "Jayden", term="Jayden").status_code == 400
    assert _report(client, NAMED, "absconded", reason="liked").status_code == 400
    assert client.post(reverse("language:report"), {"term": "abscond"}).status_code == 400
    assert not LanguageReport.objects.exists()


def test_sentence_shapes_keep_common_words_and_mask_names_numbers_and_links() -> None:
    text = "Earlier. Mum said Jay absconded at 9pm, see www.example.org or jay@example.org. Later"
    start = text.index("absconded")
    assert sentence_shape(text, start, start + 9) == (
        "mum said [name] [absconded] at [number] see [link] or"
    )
    assert sentence_shape(text, start, start + 9, window=7).endswith("see [link] or [link]")


@pytest.fixture
def lead(world: Any) -> Any:
    LanguageLead.objects.create(staff=world.workforce, appointed_by=world.admin)
    return world.workforce


def test_the_lead_sees_the_most_reported_entries_first(client: Any, world: Any, lead: Any) -> None:
    client.force_login(world.allocated)
    contact = "Mum had contact with the children on Saturday."
    _report(client, contact, "contact", term="contact")
    for _ in range(3):
        _report(client, NAMED, "absconded")
    _report(client, "The child absconded again.", "absconded", reason="quotation")
    client.force_login(lead)
    page = client.get(reverse("language:reports")).content.decode()
    assert page.index(">abscond <") < page.index(">contact <")
    assert "4 reports" in page and "1 report " in page
    assert "on [number] may [name] [name] [absconded] from [number] [name] [name] with" in page
    assert "the child [absconded] again" in page
    assert "It is a quotation or the person&#x27;s own words" in page
    assert "Jayden" not in page


@pytest.mark.parametrize("who", ["allocated", "manager", "director", "partner"])
def test_only_the_administrator_and_leads_see_the_reports(
    client: Any, world: Any, who: str
) -> None:
    client.force_login(getattr(world, who))
    assert client.get(reverse("language:reports")).status_code == 404
    client.force_login(world.admin)
    assert client.get(reverse("language:reports")).status_code == 200


def test_signed_out_people_cannot_report(client: Any, world: Any) -> None:
    response = _report(client, NAMED, "absconded")
    assert response.status_code in (302, 401, 403, 404)
    assert not LanguageReport.objects.exists()


# --- Record forms: own words, and suggestions after saving without JavaScript ------------------


def _answers_page(
    client: Any,
    world: Any,
    practice: Any,  # noqa: F811
) -> tuple[str, str, RestorativeConversation]:
    from restorative.practice.tests.test_pages import conversation_post

    client.force_login(world.allocated)
    response = client.post(
        reverse("practice:conversation_new", args=[practice.family.uuid]),
        conversation_post(practice),
    )
    conversation = RestorativeConversation.objects.get()
    return response["Location"], client.get(response["Location"]).content.decode(), conversation


def test_answers_in_the_persons_own_words_carry_no_checker(
    client: Any,
    world: Any,
    practice: Any,  # noqa: F811
) -> None:
    _url, page, _conversation = _answers_page(client, world, practice)
    answer_boxes = re.findall(r"<textarea[^>]*name=\"answer_[^\"]*\"[^>]*>", page)
    assert answer_boxes
    assert all("data-language-check" not in box for box in answer_boxes)
    agreed = re.search(r"<textarea[^>]*name=\"agreed_next\"[^>]*>", page)
    assert agreed and "data-language-check" in agreed.group(0)
    assert 'name="language-checked" value="agreed_next"' in page
    assert 'value="answer_' not in re.sub(r"<textarea.*?</textarea>", "", page, flags=re.S)


def test_saving_a_record_without_javascript_shows_the_suggestions_on_the_next_page(
    client: Any,
    world: Any,
    practice: Any,  # noqa: F811
) -> None:
    url, _page, conversation = _answers_page(client, world, practice)
    participant = conversation.participants.filter(member=practice.child).get()
    question = conversation.questions.first()
    answer = f"answer_{participant.pk}_{question.pk}"
    response = client.post(
        url,
        {
            answer: "I absconded because I was scared",
            "agreed_next": ISSUE_SENTENCE,
            "language-checked": "agreed_next",  # what the page's hidden field sends
        },
        follow=True,
    )
    assert response.redirect_chain
    body = response.content.decode()
    assert "Saved as written. Language suggestions for next time:" in body
    assert "“absconded”: “ran away”; or “went missing”; or be specific about what happened." in body
    assert "“failed to engage”: describe what happened; or say what was offered." in body
    # The person's own words are saved as written and not checked.
    assert "“absconded”:" in body and body.count("“absconded”:") == 1
    assert LanguageUsage.objects.get(term="abscond").shown == 1


def test_a_failed_save_shows_no_suggestions_after_it(client: Any, world: Any) -> None:
    client.force_login(world.allocated)
    response = client.post(
        reverse("language:lexicon_add"),
        {"term": "", "language-checked": "reason", "reason": ISSUE_SENTENCE},
        follow=True,
    )
    assert "Language suggestions for next time" not in response.content.decode()


# --- A rule change shows how the evaluation figures would move ---------------------------------


def test_checking_a_rule_change_against_the_evaluation_set_saves_nothing(
    client: Any, world: Any, lead: Any
) -> None:
    from restorative.language.checking import lexicon_seed_if_empty
    from restorative.language.models import LexiconEntry

    lexicon_seed_if_empty()
    entry = LexiconEntry.objects.get(term="abscond")
    client.force_login(lead)
    url = reverse("language:lexicon_edit", args=[entry.uuid])
    data = {
        name: getattr(entry, name)
        for name in (
            "term",
            "variants",
            "category",
            "alternatives",
            "advice",
            "reason",
            "source",
            "inflection",
            "not_after",
            "not_before",
            "only_after",
            "only_before",
            "unless_near",
            "only_near",
        )
    }
    page = client.get(url).content.decode()
    assert "Check against the evaluation set" in page
    # Only flagging "abscond" after "Jay" would miss most labelled uses: recall drops.
    response = client.post(
        url, {**data, "only_after": "nobody ever writes this", "action": "preview"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "If you save this change" in body
    before = float(re.search(r"data-before-recall>([0-9.]+)<", body).group(1))  # type: ignore[union-attr]
    after = float(re.search(r"data-after-recall>([0-9.]+)<", body).group(1))  # type: ignore[union-attr]
    assert after < before
    assert "no longer flags:</strong> absconded" in body
    entry.refresh_from_db()
    assert entry.only_after == "" and entry.changed_by is None


def test_shown_counts_add_each_term_s_own_number_in_one_go(world: Any) -> None:
    """A long note shows many terms, each a different number of times: one UPDATE adds each
    row its own number (a row already there keeps what it had), and another team's row for the
    same term is left alone."""
    from restorative.language.engine import Finding
    from restorative.language.services import language_usage_shown

    def found(term: str, category: str, times: int) -> list[Finding]:
        return [Finding(0, 1, term, term, category, (), "") for _ in range(times)]

    language_usage_shown(actor=world.allocated, findings=found("contact", "institutional", 2))
    language_usage_shown(actor=world.other_team, findings=found("contact", "institutional", 7))
    language_usage_shown(
        actor=world.allocated,
        findings=found("contact", "institutional", 3)
        + found("abscond", "blaming", 1)
        + found("refuse", "blaming", 4),
    )
    mine = {row.term: row.shown for row in LanguageUsage.objects.filter(team=world.allocated.team)}
    assert mine == {"contact": 5, "abscond": 1, "refuse": 4}
    assert LanguageUsage.objects.get(team=world.other_team.team, term="contact").shown == 7
