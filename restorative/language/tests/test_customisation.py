"""The organisation's lexicon in the database: seeding, editing, disabling, CSV import and
export, children's preferred words, and the compiled checker cache."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from restorative.core.models import AccessEvent
from restorative.language import checking, selectors, services
from restorative.language.lexicon import Lexicon, LexiconError, default_lexicon
from restorative.language.models import ChildLanguagePreference, LanguageLead, LexiconEntry
from restorative.people.tests.factories import FamilyFactory, FamilyMemberFactory

CONTACT = "Mum had contact with the children on Saturday and he absconded on Sunday."
NEW_ENTRY = {
    "term": "tearaway",
    "category": "labelling",
    "alternatives": "lively|finding things hard",
    "reason": "Describe what happened and how the child felt, not a label.",
    "inflection": "none",
}


def terms(findings: list[Any]) -> list[str]:
    return [finding.term for finding in findings]


@pytest.mark.django_db
def test_the_shipped_lexicon_is_seeded_on_first_use_and_only_once() -> None:
    assert LexiconEntry.objects.count() == 0
    assert checking.lexicon_seed_if_empty() == len(default_lexicon())
    assert checking.lexicon_seed_if_empty() == 0
    assert checking.current_lexicon() == default_lexicon()


@pytest.mark.django_db
def test_a_disabled_entry_no_longer_flags_and_enabling_brings_it_back(world: Any) -> None:
    user = world.admin
    assert "abscond" in terms(selectors.language_findings(user, CONTACT))
    entry = LexiconEntry.objects.get(term="abscond")
    services.lexicon_entry_set_enabled(actor=user, entry=entry, enabled=False)
    assert "abscond" not in terms(selectors.language_findings(user, CONTACT))
    assert "contact" in terms(selectors.language_findings(user, CONTACT))
    entry.refresh_from_db()
    assert entry.changed_by == user
    services.lexicon_entry_set_enabled(actor=user, entry=entry, enabled=True)
    assert "abscond" in terms(selectors.language_findings(user, CONTACT))


@pytest.mark.django_db
def test_added_and_edited_entries_flag_at_once(world: Any) -> None:
    lead = world.same_team
    LanguageLead.objects.create(staff=lead, appointed_by=world.admin)
    entry = services.lexicon_entry_create(actor=lead, data=NEW_ENTRY)
    found = selectors.language_findings(lead, "Jay is a tearaway at school.")
    assert terms(found) == ["tearaway"]
    assert found[0].suggestions == ("lively", "finding things hard")
    services.lexicon_entry_update(actor=lead, entry=entry, data={**NEW_ENTRY, "variants": "bolshy"})
    assert terms(selectors.language_findings(lead, "She was bolshy.")) == ["tearaway"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"term": ""}, "Enter the term"),
        ({"alternatives": "a|b|c|d"}, "between 1 and 3 alternatives"),
        ({"category": "rude"}, "is not one of"),
        ({"term": "Absconded"}, "already matched"),
        ({"term": "ABSCOND"}, "already in the lexicon"),
        ({"not_after": "a (b)"}, "cannot read"),
    ],
)
@pytest.mark.django_db
def test_a_bad_entry_is_refused_with_a_message_and_nothing_is_saved(
    world: Any, changes: dict[str, str], message: str
) -> None:
    checking.lexicon_seed_if_empty()
    before = LexiconEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.lexicon_entry_create(actor=world.admin, data={**NEW_ENTRY, **changes})
    assert message in " ".join(caught.value.messages)
    assert LexiconEntry.objects.count() == before


@pytest.mark.django_db
def test_only_the_administrator_and_language_leads_change_the_lexicon(world: Any) -> None:
    for person in (world.allocated, world.director, world.manager, world.partner):
        with pytest.raises(PermissionDenied):
            services.lexicon_entry_create(actor=person, data=NEW_ENTRY)
    with pytest.raises(PermissionDenied):
        services.language_lead_appoint(actor=world.director, staff=world.allocated)
    services.language_lead_appoint(actor=world.admin, staff=world.allocated)
    services.lexicon_entry_create(actor=world.allocated, data=NEW_ENTRY)


@pytest.mark.django_db
def test_a_csv_export_reimports_unchanged(world: Any) -> None:
    services.lexicon_entry_create(actor=world.admin, data=NEW_ENTRY)
    services.lexicon_entry_set_enabled(
        actor=world.admin, entry=LexiconEntry.objects.get(term="abscond"), enabled=False
    )
    exported = services.lexicon_export_csv(actor=world.admin)
    before = list(LexiconEntry.objects.order_by("pk").values())
    result = services.lexicon_import_csv(actor=world.admin, text=exported)
    assert (result.added, result.updated) == (0, 0)
    assert result.unchanged == len(Lexicon.from_csv_text(exported))
    assert list(LexiconEntry.objects.order_by("pk").values()) == before
    assert services.lexicon_export_csv(actor=world.admin) == exported
    # The export is the command line's --lexicon format.
    assert "tearaway" in Lexicon.from_csv_text(exported)
    assert "abscond" not in Lexicon.from_csv_text(exported)


@pytest.mark.django_db
def test_a_partner_list_adds_and_updates_without_touching_the_rest(world: Any) -> None:
    checking.lexicon_seed_if_empty()
    total = LexiconEntry.objects.count()
    csv_text = (
        "term,category,alternatives,reason\n"
        "tearaway,labelling,became upset,Describe what happened.\n"
        "abscond,blaming,left without saying|went missing,Say what happened.\n"
    )
    result = services.lexicon_import_csv(actor=world.admin, text=csv_text)
    assert (result.added, result.updated, result.unchanged) == (1, 1, 0)
    assert LexiconEntry.objects.count() == total + 1
    assert (
        LexiconEntry.objects.get(term="abscond").alternatives == "left without saying|went missing"
    )


@pytest.mark.django_db
def test_a_bad_csv_gives_line_numbered_errors_and_changes_nothing(world: Any) -> None:
    checking.lexicon_seed_if_empty()
    before = list(LexiconEntry.objects.order_by("pk").values())
    csv_text = (
        "term,category,alternatives,reason\n"
        "tearaway,labelling,became upset,Describe what happened.\n"
        ",labelling,x,y\n"
        "meltdown,cross,distress,Say what the child felt.\n"
        "abscond,blaming,,No alternatives.\n"
    )
    with pytest.raises(LexiconError) as caught:
        services.lexicon_import_csv(actor=world.admin, text=csv_text)
    errors = caught.value.errors
    assert any(e.startswith("Line 3:") and "Enter the term" in e for e in errors)
    assert any(e.startswith("Line 4:") and "cross" in e for e in errors)
    assert any(e.startswith("Line 5:") and "alternatives" in e for e in errors)
    assert list(LexiconEntry.objects.order_by("pk").values()) == before


@pytest.mark.django_db
def test_an_import_that_clashes_with_the_lexicon_is_refused(world: Any) -> None:
    checking.lexicon_seed_if_empty()
    csv_text = "term,category,alternatives,reason\nabsconder,blaming,x,y\n"
    with pytest.raises(LexiconError) as caught:
        services.lexicon_import_csv(actor=world.admin, text=csv_text)
    assert "clashes" in caught.value.errors[0]


@pytest.mark.django_db
def test_a_childs_preference_suppresses_the_flag_only_on_that_childs_records(world: Any) -> None:
    family = world.family
    amara = family.members.get(first_name="Amara")
    tobi = FamilyMemberFactory(family=family, first_name="Tobi", last_name="Okafor")
    other_child = FamilyMemberFactory(family=FamilyFactory(team=world.team_a1))
    text = "As a care leaver, Amara wants her own flat."
    assert "care leaver" in terms(selectors.language_findings(world.allocated, text))

    services.child_preference_add(
        actor=world.allocated, member=amara, term="care leaver", note="Her own words"
    )
    assert AccessEvent.objects.filter(
        action="change", subject_type="languagepreference", subject_uuid=amara.uuid
    ).exists()
    assert terms(selectors.language_findings(world.allocated, text, member=amara)) == []
    for someone_else in (tobi, other_child, None):
        found = selectors.language_findings(world.allocated, text, member=someone_else)
        assert "care leaver" in terms(found)


@pytest.mark.django_db
def test_preferences_follow_the_familys_edit_rule(world: Any) -> None:
    amara = world.family.members.get()
    for person in (world.director, world.quality, world.other_team, world.partner, world.admin):
        with pytest.raises(PermissionDenied):
            services.child_preference_add(actor=person, member=amara, term="care leaver")
    services.child_preference_add(actor=world.manager, member=amara, term="care leaver")
    with pytest.raises(ValidationError):
        services.child_preference_add(actor=world.manager, member=amara, term="Care  Leaver")
    assert ChildLanguagePreference.objects.count() == 1


@pytest.mark.django_db
def test_the_checker_is_compiled_once_and_rebuilt_only_when_entries_change(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[Any] = []
    real = checking.Checker

    def counting(lexicon: Any) -> Any:
        built.append(lexicon)
        return real(lexicon)

    monkeypatch.setattr(checking, "Checker", counting)
    monkeypatch.setattr(checking, "_by_state", type(checking._by_state)())
    monkeypatch.setattr(checking, "_by_fingerprint", type(checking._by_fingerprint)())
    first = checking.current_checker()
    for _ in range(5):
        assert checking.current_checker() is first
    assert len(built) == 1
    services.lexicon_entry_create(actor=world.admin, data=NEW_ENTRY)
    second = checking.current_checker()
    assert second is not first and len(built) == 2
    assert checking.current_checker() is second
    services.lexicon_entry_set_enabled(
        actor=world.admin, entry=LexiconEntry.objects.get(term="tearaway"), enabled=False
    )
    # Back to content already compiled: reused, not compiled again.
    assert checking.current_checker() is first
    assert len(built) == 2


@pytest.mark.django_db
def test_demo_data_is_idempotent(world: Any) -> None:
    from restorative.language import demo_data

    first = demo_data.seed(scale="small")
    assert first["lexicon entries"] == len(default_lexicon())
    assert first["language usage rows"] > 0
    again = demo_data.seed(scale="small")
    assert again["language usage rows"] == 0


@pytest.mark.django_db
def test_the_csv_export_neutralises_formulas_and_still_reimports_unchanged(world: Any) -> None:
    """security.md item 10: a cell starting = + - @ would run as a formula in a spreadsheet."""
    services.lexicon_entry_create(
        actor=world.admin,
        data={**NEW_ENTRY, "reason": '=HYPERLINK("http://evil.example","Click")'},
    )
    exported = services.lexicon_export_csv(actor=world.admin)
    rows = list(csv.DictReader(io.StringIO(exported)))
    cells = [value for row in rows for value in row.values() if value]
    assert '\'=HYPERLINK("http://evil.example","Click")' in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]
    before = list(LexiconEntry.objects.order_by("pk").values())
    result = services.lexicon_import_csv(actor=world.admin, text=exported)
    assert (result.added, result.updated) == (0, 0)
    assert list(LexiconEntry.objects.order_by("pk").values()) == before
    entry = LexiconEntry.objects.get(term="tearaway")
    assert entry.reason == '=HYPERLINK("http://evil.example","Click")'
