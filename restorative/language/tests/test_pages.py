"""Every language page: who may open it (and who gets 404), bad input, the suggestions
fragment, the API contract and analytics that count without keeping text."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from restorative.core.models import AccessEvent
from restorative.language import checking, services
from restorative.language.models import (
    ChildLanguagePreference,
    LanguageLead,
    LanguageUsage,
    LexiconEntry,
)

SENTENCE = "Mum had contact with the children on Saturday. Jay absconded on Sunday."
EVERYONE = (
    "allocated",
    "same_team",
    "asye_same_team",
    "manager",
    "support_same_team",
    "other_team",
    "head",
    "director",
    "quality",
    "workforce",
    "admin",
    "partner",
)


def get(client: Any, user: Any, url: str) -> Any:
    client.force_login(user)
    return client.get(url)


@pytest.fixture
def lead(world: Any) -> Any:
    LanguageLead.objects.create(staff=world.workforce, appointed_by=world.admin)
    return world.workforce


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.django_db
def test_everyone_signed_in_reads_the_glossary_and_tries_the_checker(
    client: Any, world: Any, who: str
) -> None:
    user = getattr(world, who)
    response = get(client, user, reverse("language:glossary"))
    assert response.status_code == 200
    assert "absconding" in response.content.decode() or "abscond" in response.content.decode()
    assert get(client, user, reverse("language:try")).status_code == 200


@pytest.mark.django_db
def test_glossary_search_and_category_work_without_javascript(client: Any, world: Any) -> None:
    response = get(client, world.partner, reverse("language:glossary") + "?q=abscond")
    body = response.content.decode()
    assert "abscond" in body and "respite" not in body
    response = get(client, world.partner, reverse("language:glossary") + "?category=jargon")
    body = response.content.decode()
    assert "LAC" in body and "abscond" not in body
    assert (
        get(client, world.partner, reverse("language:glossary") + "?q=%00" * 3).status_code == 200
    )


@pytest.mark.django_db
def test_signed_out_people_are_sent_to_sign_in(client: Any) -> None:
    for name in ("glossary", "try", "lexicon_list", "analytics"):
        response = client.get(reverse(f"language:{name}"))
        assert response.status_code == 302 and "/sign-in/" in response["Location"]


LEXICON_PAGES = ("lexicon_list", "lexicon_add", "lexicon_import", "lexicon_export")


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.django_db
def test_only_the_administrator_and_language_leads_open_the_lexicon_pages(
    client: Any, world: Any, who: str
) -> None:
    user = getattr(world, who)
    allowed = who == "admin"
    checking.lexicon_seed_if_empty()
    entry = LexiconEntry.objects.get(term="abscond")
    urls = [reverse(f"language:{name}") for name in LEXICON_PAGES]
    urls.append(reverse("language:lexicon_edit", args=[entry.uuid]))
    for url in urls:
        assert get(client, user, url).status_code == (200 if allowed else 404), url
    toggle = client.post(
        reverse("language:lexicon_toggle", args=[entry.uuid]), {"enabled": "false"}
    )
    assert toggle.status_code == (302 if allowed else 404)
    entry.refresh_from_db()
    assert entry.enabled is not allowed
    assert get(client, user, reverse("language:leads")).status_code == (200 if allowed else 404)


@pytest.mark.django_db
def test_a_language_lead_manages_the_lexicon_but_not_the_leads(
    client: Any, world: Any, lead: Any
) -> None:
    assert get(client, lead, reverse("language:lexicon_list")).status_code == 200
    assert get(client, lead, reverse("language:leads")).status_code == 404
    response = client.post(
        reverse("language:lexicon_add"),
        {
            "term": "tearaway",
            "category": "labelling",
            "alternatives": "lively",
            "reason": "A label.",
            "inflection": "none",
        },
    )
    assert response.status_code == 302
    assert LexiconEntry.objects.get(term="tearaway").changed_by == lead


@pytest.mark.django_db
def test_the_administrator_appoints_and_removes_a_language_lead(client: Any, world: Any) -> None:
    client.force_login(world.admin)
    response = client.post(reverse("language:leads"), {"email": "nobody@test.example"})
    assert "There is no member of staff with that email address" in response.content.decode()
    response = client.post(reverse("language:leads"), {"email": world.partner.email})
    assert "Choose an active member of the organisation" in response.content.decode()
    response = client.post(reverse("language:leads"), {"email": world.quality.email.upper()})
    assert response.status_code == 302
    lead = LanguageLead.objects.get()
    assert lead.staff == world.quality
    client.post(reverse("language:lead_remove", args=[lead.uuid]))
    assert not LanguageLead.objects.exists()


@pytest.mark.django_db
def test_bad_entry_input_is_shown_beside_the_field_and_nothing_is_saved(
    client: Any, world: Any
) -> None:
    client.force_login(world.admin)
    checking.lexicon_seed_if_empty()
    before = LexiconEntry.objects.count()
    response = client.post(
        reverse("language:lexicon_add"),
        {"term": "absconded", "category": "", "alternatives": "a|b|c|d", "reason": ""},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert "Choose a category" in body and "Enter why the term is flagged" in body
    response = client.post(
        reverse("language:lexicon_add"),
        {"term": "absconded", "category": "blaming", "alternatives": "a|b|c|d", "reason": "x"},
    )
    assert "Give between 1 and 3 alternatives" in response.content.decode()
    response = client.post(
        reverse("language:lexicon_add"),
        {
            "term": "absconded",
            "category": "blaming",
            "alternatives": "a",
            "reason": "x",
            "inflection": "none",
        },
    )
    assert "already matched" in response.content.decode()
    assert LexiconEntry.objects.count() == before


@pytest.mark.django_db
def test_export_and_import_pages_round_trip_and_bad_files_change_nothing(
    client: Any, world: Any
) -> None:
    client.force_login(world.admin)
    exported = client.get(reverse("language:lexicon_export"))
    assert exported["Content-Type"].startswith("text/csv")
    text = exported.content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == LexiconEntry.objects.filter(enabled=True).count()
    upload = SimpleUploadedFile("lexicon.csv", text.encode(), content_type="text/csv")
    response = client.post(reverse("language:lexicon_import"), {"file": upload})
    assert response.status_code == 302
    assert client.get(reverse("language:lexicon_export")).content.decode() == text

    before = list(LexiconEntry.objects.order_by("pk").values())
    bad = "term,category,alternatives,reason\ntearaway,labelling,lively,x\n,blaming,x,y\n"
    response = client.post(
        reverse("language:lexicon_import"),
        {"file": SimpleUploadedFile("bad.csv", bad.encode(), content_type="text/csv")},
    )
    body = response.content.decode()
    assert "The file was not imported" in body and "Line 3: Enter the term" in body
    assert list(LexiconEntry.objects.order_by("pk").values()) == before
    response = client.post(
        reverse("language:lexicon_import"),
        {"file": SimpleUploadedFile("bad.csv", b"\xff\xfe\x00", content_type="text/csv")},
    )
    assert "The file must be a CSV saved as UTF-8" in response.content.decode()
    response = client.post(reverse("language:lexicon_import"), {})
    assert "Select a CSV file" in response.content.decode()


# --- A child's preferred words ------------------------------------------------------------


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.django_db
def test_preferences_page_follows_the_family_rules(client: Any, world: Any, who: str) -> None:
    from restorative.people.permissions import can_edit_family, can_view_family

    user = getattr(world, who)
    family = world.family
    member = family.members.get()
    view_url = reverse("language:family_preferences", args=[family.uuid])
    add_url = reverse("language:preference_add", args=[family.uuid, member.uuid])
    response = get(client, user, view_url)
    assert response.status_code == (200 if can_view_family(user, family) else 404)
    if response.status_code == 200:
        assert AccessEvent.objects.filter(actor=user, family_uuid=family.uuid).exists()
    editable = can_edit_family(user, family)
    assert (get(client, user, add_url).status_code == 200) is editable
    response = client.post(add_url, {"term": "care leaver", "note": "Her word"})
    assert response.status_code == (302 if editable else 404)
    assert ChildLanguagePreference.objects.filter(member=member).exists() is editable


@pytest.mark.django_db
def test_preferences_are_listed_and_removed_by_an_editor(client: Any, world: Any) -> None:
    member = world.family.members.get()
    pref = services.child_preference_add(actor=world.allocated, member=member, term="care leaver")
    body = get(
        client, world.director, reverse("language:family_preferences", args=[world.family.uuid])
    ).content.decode()
    assert "care leaver" in body and "Remove" not in body
    remove = reverse("language:preference_remove", args=[world.family.uuid, pref.uuid])
    assert client.post(remove).status_code == 404
    client.force_login(world.allocated)
    assert client.post(remove).status_code == 302
    assert not ChildLanguagePreference.objects.exists()
    response = client.post(
        reverse("language:preference_add", args=[world.family.uuid, member.uuid]), {"term": " "}
    )
    assert "Enter the word or phrase they prefer" in response.content.decode()


# --- The checker in forms --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_try_page_marks_its_textarea_and_loads_the_module(client: Any, world: Any) -> None:
    body = get(client, world.allocated, reverse("language:try")).content.decode()
    assert "data-language-check" in body
    assert 'data-language-url="/language/suggest/"' in body
    assert 'id="id_text-language"' in body
    assert "language/checker.mjs" in body and 'type="module"' in body


@pytest.mark.django_db
def test_saving_without_javascript_shows_suggestions_and_never_blocks(
    client: Any, world: Any
) -> None:
    client.force_login(world.allocated)
    response = client.post(reverse("language:try"), {"text": SENTENCE})
    body = response.content.decode()
    assert response.status_code == 200 and "Note saved" in body
    assert "family time" in body and "absconded" in body
    response = client.post(reverse("language:try"), {"text": ""})
    assert "Enter some text to check" in response.content.decode()


@pytest.mark.django_db
def test_the_live_suggestions_list_findings_with_replacements_and_term_details(
    client: Any, world: Any
) -> None:
    client.force_login(world.allocated)
    response = client.post(reverse("language:suggest"), {"text": SENTENCE, "field": "id_text"})
    assert response.status_code == 200
    groups = response.json()["groups"]
    assert {group["term"] for group in groups} == {"contact", "abscond"}
    assert all(group["use"] and group["at"] and group["id"] for group in groups)
    # What does not depend on the text comes once per page, for every term.
    terms = client.get(reverse("language:suggest_terms")).json()
    assert {"contact", "abscond"} <= set(terms["terms"])
    assert terms["keep_reasons"] and terms["report_reasons"]
    kept = client.post(
        reverse("language:suggest"), {"text": SENTENCE, "field": "id_text", "keep": ["abscond"]}
    )
    assert [group["term"] for group in kept.json()["groups"]] == ["contact"]
    empty = client.post(reverse("language:suggest"), {"text": "A calm day at home."})
    assert empty.json() == {"groups": []}


@pytest.mark.django_db
def test_live_suggestions_group_a_term_and_send_only_what_changed(client: Any, world: Any) -> None:
    """Issue 16 point 4: one group per term as written, with every place it stands; groups
    the script already shows come back as their id alone."""
    client.force_login(world.allocated)
    text = "He absconded on Monday. He absconded again on Friday. We talked about contact."
    groups = client.post(reverse("language:suggest"), {"text": text}).json()["groups"]
    abscond = next(group for group in groups if group["term"] == "abscond")
    first = text.index("absconded")
    second = text.index("absconded", first + 1)
    assert abscond["at"] == [[first, first + 9], [second, second + 9]]
    assert abscond["use"] == ["ran away", "went missing"]
    # Typing further: the unchanged groups come back as ids only, the new one in full.
    more = text + " Mum said the contact centre was fine."
    again = client.post(
        reverse("language:suggest"), {"text": more, "have": [g["id"] for g in groups]}
    ).json()["groups"]
    assert abscond["id"] in again
    assert any(isinstance(group, dict) for group in again)


@pytest.mark.django_db
def test_suggest_applies_a_members_preferences_only_for_people_who_may_see_them(
    client: Any, world: Any
) -> None:
    member = world.family.members.get()
    services.child_preference_add(actor=world.allocated, member=member, term="care leaver")
    text = {"text": "She is a care leaver.", "member": str(member.uuid)}
    client.force_login(world.allocated)
    assert "care leaver" not in client.post(reverse("language:suggest"), text).content.decode()
    client.force_login(world.other_service)
    assert client.post(reverse("language:suggest"), text).status_code == 404
    bad = client.post(reverse("language:suggest"), {"text": "x", "member": "not-a-uuid"})
    assert bad.status_code == 400


# --- Analytics: counts, never text -------------------------------------------------------------


@pytest.mark.django_db
def test_suggestions_and_choices_are_counted_without_storing_text(client: Any, world: Any) -> None:
    client.force_login(world.allocated)
    client.post(reverse("language:suggest"), {"text": SENTENCE, "field": "id_text"})
    # Typing on: the same suggestions already shown are not counted again.
    client.post(
        reverse("language:suggest"),
        {"text": SENTENCE + " More.", "field": "id_text", "shown": ["contact", "abscond"]},
    )
    assert (
        client.post(
            reverse("language:feedback"), {"term": "contact", "outcome": "accepted"}
        ).status_code
        == 204
    )
    client.post(
        reverse("language:feedback"), {"term": "abscond", "outcome": "kept", "reason": "quotation"}
    )
    assert (
        client.post(
            reverse("language:feedback"), {"term": "Saturday", "outcome": "kept"}
        ).status_code
        == 400
    )
    assert (
        client.post(
            reverse("language:feedback"), {"term": "contact", "outcome": "liked"}
        ).status_code
        == 400
    )

    rows = {row.term: row for row in LanguageUsage.objects.all()}
    assert set(rows) == {"contact", "abscond"}
    assert (rows["contact"].shown, rows["contact"].accepted, rows["contact"].kept) == (1, 1, 0)
    assert (rows["abscond"].shown, rows["abscond"].kept, rows["abscond"].kept_quotation) == (
        1,
        1,
        1,
    )
    assert rows["contact"].team == world.team_a1
    assert rows["contact"].category == "institutional"
    # Nothing of what was written is stored in any column.
    stored = json.dumps(list(LanguageUsage.objects.values()), default=str)
    for word in ("Mum", "Saturday", "Sunday", "absconded", "children", "Jay"):
        assert word not in stored


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("director", 200),
        ("head", 200),
        ("manager", 200),
        ("workforce", 200),  # the language lead (see fixture)
        ("other_head", 200),
        ("allocated", 404),
        ("quality", 404),
        ("admin", 404),
        ("partner", 404),
        ("support_same_team", 404),
    ],
)
@pytest.mark.django_db
def test_analytics_page_permissions(
    client: Any, world: Any, lead: Any, who: str, status: int
) -> None:
    assert get(client, getattr(world, who), reverse("language:analytics")).status_code == status


@pytest.mark.django_db
def test_analytics_show_each_leader_only_their_teams(client: Any, world: Any) -> None:
    services.language_usage_count(
        actor=world.allocated, term="contact", category="institutional", outcome="shown", times=3
    )
    services.language_usage_count(
        actor=world.other_team, term="contact", category="institutional", outcome="shown", times=5
    )
    services.language_usage_count(
        actor=world.other_service,
        term="contact",
        category="institutional",
        outcome="shown",
        times=7,
    )

    def shown(user: Any) -> str:
        body = get(client, user, reverse("language:analytics")).content.decode()
        return body.split('data-total="shown">', 1)[1].split("<", 1)[0]

    assert shown(world.manager) == "3"
    assert shown(world.head) == "8"
    assert shown(world.other_head) == "7"
    assert shown(world.director) == "15"
    body = get(
        client, world.director, reverse("language:analytics") + f"?team={world.team_a2.uuid}"
    ).content.decode()
    assert 'data-total="shown">5<' in body


# --- The API ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_check_answers_like_the_command_line(world: Any) -> None:
    from restorative.language.engine import default_checker

    api = APIClient()
    assert api.post("/api/language/check", {"text": SENTENCE}, format="json").status_code == 401
    api.force_authenticate(world.partner)
    response = api.post("/api/language/check", {"text": SENTENCE}, format="json")
    assert response.status_code == 200
    expected = [f.as_dict() for f in default_checker().check(SENTENCE)]
    assert response.json() == {"findings": expected}
    assert {f["term"] for f in expected} == {"contact", "abscond"}
    assert set(expected[0]) == {"start", "end", "text", "term", "category", "suggestions", "reason"}
    assert api.post("/api/language/check", {}, format="json").status_code == 400
    assert (
        api.post("/api/language/check", {"text": "x", "member": "nope"}, format="json").status_code
        == 400
    )


@pytest.mark.django_db
def test_api_check_applies_preferences_for_visible_members_only(world: Any) -> None:
    member = world.family.members.get()
    services.child_preference_add(actor=world.allocated, member=member, term="care leaver")
    body = {"text": "She is a care leaver.", "member": str(member.uuid)}
    api = APIClient()
    api.force_authenticate(world.allocated)
    assert api.post("/api/language/check", body, format="json").json() == {"findings": []}
    api.force_authenticate(world.other_service)
    assert api.post("/api/language/check", body, format="json").status_code == 404
    assert not LanguageUsage.objects.exists()


@pytest.mark.django_db
def test_shown_counts_add_up_for_a_writer_with_a_team_and_one_without(
    client: Any, world: Any
) -> None:
    """The counts of a long answer are written in a few statements: one row per team, month
    and term, added to each time, for a writer in a team and for one in none (a director)."""
    text = "He absconded. He absconded again. Contact was moved."
    for user in (world.allocated, world.director):
        client.force_login(user)
        for _ in range(2):
            assert client.post(reverse("language:suggest"), {"text": text}).status_code == 200
    for team in (world.allocated.team, None):
        rows = LanguageUsage.objects.filter(team=team, term="abscond")
        assert [row.shown for row in rows] == [4]  # two places, twice
