"""Long lists people can use (issue 14, point 6) on the meeting pages: every person offered
with their role and team or agency; chairs listed only for the type of meeting chosen (on the
server, without scripts); professionals as checkboxes grouped by team or agency."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.urls import reverse

from restorative.practice.models import Meeting

from .test_independent_chairs import independent, page_post  # noqa: F401

pytestmark = pytest.mark.django_db


def _new(practice: Any, query: str = "") -> str:
    return reverse("practice:meeting_new", args=[practice.family.uuid]) + query


def _chair_options(html: str) -> list[str]:
    select = re.search(r'<select name="chair".*?</select>', html, re.S)
    assert select is not None
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0))


def test_before_a_type_is_chosen_no_chair_is_listed(client: Any, world: Any, practice: Any) -> None:
    client.force_login(world.allocated)
    html = client.get(_new(practice)).content.decode()
    assert _chair_options(html) == ["Choose the type of meeting first"]
    assert 'id="show-chairs"' in html


def test_a_conference_lists_only_independent_chairs_with_their_role_and_unit(
    client: Any,
    world: Any,
    practice: Any,
    independent: Any,  # noqa: F811
) -> None:
    client.force_login(world.allocated)
    html = client.get(_new(practice, "?type=initial_conference")).content.decode()
    options = [unescape(option) for option in _chair_options(html)]
    assert options[1:] == [independent.chair.choice_label]
    assert independent.chair.choice_label.endswith(", Safeguarding and Reviewing Unit")
    assert world.manager.display_name not in " ".join(options)


def test_showing_who_can_chair_keeps_what_was_typed_and_lists_the_types_chairs(
    client: Any,
    world: Any,
    practice: Any,
    independent: Any,  # noqa: F811
) -> None:
    client.force_login(world.allocated)
    before = Meeting.objects.count()
    response = client.post(
        _new(practice), {**page_post(practice, meeting_type="core_group"), "action": "calculate"}
    )
    html = response.content.decode()
    options = " ".join(_chair_options(html))
    assert world.manager.display_name in options and independent.chair.display_name not in options
    assert "There is a problem" not in html
    assert Meeting.objects.count() == before


def test_a_chair_not_listed_for_the_type_is_refused_saying_why(
    client: Any,
    world: Any,
    practice: Any,
    independent: Any,  # noqa: F811
) -> None:
    client.force_login(world.allocated)
    before = Meeting.objects.count()
    response = client.post(_new(practice), page_post(practice, chair=str(world.manager.uuid)))
    html = response.content.decode()
    assert 'id="id_chair-error"' in html
    assert "choose a conference chair or independent reviewing officer" in html
    assert Meeting.objects.count() == before


def test_professionals_are_grouped_by_team_or_agency_with_their_role(
    client: Any, world: Any, practice: Any
) -> None:
    client.force_login(world.allocated)
    html = client.get(_new(practice, "?type=core_group")).content.decode()
    assert "data-choice-filter" in html and "core/choice_filter" in html
    groups = re.findall(
        r'<h3 class="govuk-heading-s[^"]*" id="id_staff-group-\d+">([^<]*)</h3>', html
    )
    assert "North Safeguarding" in groups
    assert any(agency in groups for agency in ("County Police", "Hilltop Health"))
    assert f"{world.partner.display_name}, {world.partner.role_and_place}" in html.replace(
        "&#x27;", "'"
    )
    # Only the family's team and partner agencies: nobody from another team.
    assert world.other_team.display_name not in html


def test_invited_professionals_can_still_be_chosen_without_scripts(
    client: Any, world: Any, practice: Any
) -> None:
    client.force_login(world.allocated)
    data = page_post(practice, meeting_type="core_group", staff=[str(world.partner.uuid)])
    response = client.post(_new(practice), data)
    assert response.status_code == 302
    meeting = Meeting.objects.get(submission_token=data["submission_token"])
    assert meeting.participants.filter(staff=world.partner).exists()


def test_a_professional_from_another_team_is_refused(
    client: Any, world: Any, practice: Any
) -> None:
    client.force_login(world.allocated)
    before = Meeting.objects.count()
    data = page_post(practice, meeting_type="core_group", staff=[str(world.other_team.uuid)])
    html = client.post(_new(practice), data).content.decode()
    assert "Choose professionals from the list" in html
    assert Meeting.objects.count() == before


def test_the_invite_one_more_page_labels_professionals(
    client: Any, world: Any, practice: Any
) -> None:
    client.force_login(world.allocated)
    url = reverse("practice:meeting_participants", args=[practice.invited.uuid])
    html = client.get(url).content.decode().replace("&#x27;", "'")
    assert f"{world.partner.display_name}, {world.partner.role_and_place}" in html
