"""Each role sees the sections it can use in the service navigation, and no others."""

import pytest
from django.urls import reverse

FAMILIES = "Families"
MEETINGS_DUE = "Meetings due"
TRAINING = "Training"
GLOSSARY = "Glossary"
ORGANISATION = "Organisation"
STAFF = "Staff directory"
IMPORT = "Import families"
LEXICON = "Lexicon"
ACCESS_TRAIL = "Access trail"
# The evaluation and governance apps each stand in the navigation as one hub, whose page
# lists the areas this person may open.
QUALITY = "Quality and feedback"
GOVERNANCE = "Governance"

CASE_ROLES = {FAMILIES, MEETINGS_DUE, TRAINING, GLOSSARY, ORGANISATION, STAFF, QUALITY, GOVERNANCE}
EXPECTED = {
    "allocated": CASE_ROLES,
    "asye_same_team": CASE_ROLES,
    "manager": CASE_ROLES,
    "support_same_team": CASE_ROLES,
    "head": CASE_ROLES,
    "director": CASE_ROLES,
    "quality": CASE_ROLES | {ACCESS_TRAIL},
    "workforce": {TRAINING, GLOSSARY, ORGANISATION, STAFF, QUALITY, GOVERNANCE},
    "admin": {TRAINING, GLOSSARY, ORGANISATION, STAFF, IMPORT, LEXICON, QUALITY, GOVERNANCE},
    # Partners: the meetings they are invited to, joint training and the shared language.
    "partner": {MEETINGS_DUE, TRAINING, GLOSSARY, QUALITY},
}
# What each hub lists. Complaints for those who may read them; compliments (each person's list
# of those about them), learning actions, case-file audits (each person's audit tasks), the
# staff survey, barriers and policies for all our own staff; feedback results and the
# implementation picture for managers and leaders.
OWN_STAFF_QUALITY = {"Compliments", "Learning", "Staff survey"}
CASE_QUALITY = OWN_STAFF_QUALITY | {"Case-file audits"}
LEADER_QUALITY = CASE_QUALITY | {"Feedback results", "Complaints"}
OWN_STAFF_GOVERNANCE = {"Barriers", "Policies"}
LEADER_GOVERNANCE = OWN_STAFF_GOVERNANCE | {"Implementation picture"}
RECORDS = "Records: retention and disposal"
EXPECTED_HUBS = {
    "allocated": (CASE_QUALITY, OWN_STAFF_GOVERNANCE),
    "asye_same_team": (CASE_QUALITY, OWN_STAFF_GOVERNANCE),
    "manager": (LEADER_QUALITY | {"Asked to be contacted"}, LEADER_GOVERNANCE),
    "support_same_team": (CASE_QUALITY, OWN_STAFF_GOVERNANCE),
    "head": (LEADER_QUALITY, LEADER_GOVERNANCE),
    "director": (LEADER_QUALITY, LEADER_GOVERNANCE | {RECORDS}),
    # Subject access requests are quality assurance's (decision 0024).
    # Retention and disposal: quality assurance, the administrator and the director (0025).
    "quality": (
        LEADER_QUALITY | {"Survey questions"},
        LEADER_GOVERNANCE | {"Subject access", RECORDS},
    ),
    "workforce": (OWN_STAFF_QUALITY | {"Training evaluations"}, OWN_STAFF_GOVERNANCE),
    "admin": ({"Staff survey"}, {"Policies", RECORDS}),
    "partner": ({"Your meetings"}, set()),
}
HUB_PAGES = (("evaluation:home", "evaluation"), ("governance:home", "governance"))
# The longest service navigation any role may have.
MOST_SECTIONS = 9


def _nav_labels(html: str) -> set[str]:
    import re

    nav = html.split('id="navigation"', 1)
    if len(nav) < 2:
        return set()
    block = nav[1].split("</ul>", 1)[0]
    return {
        label.strip()
        for label in re.findall(r">\s*(?:<strong[^>]*>)?([^<>]+?)\s*<", block)
        if label.strip()
    }


@pytest.mark.parametrize(("person", "expected"), sorted(EXPECTED.items()))
def test_each_role_sees_its_own_navigation(client, world, person, expected):
    client.force_login(getattr(world, person))
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert _nav_labels(response.content.decode()) == expected


def test_signed_in_header_names_the_person(client, world):
    client.force_login(world.manager)
    html = client.get(reverse("core:home")).content.decode()
    assert f"Signed in as {world.manager.display_name}" in html
    assert "Sign out" in html


def test_every_navigation_link_opens_for_the_person_it_is_shown_to(client, world):
    import re

    for person in EXPECTED:
        client.force_login(getattr(world, person))
        html = client.get(reverse("core:home")).content.decode()
        if 'id="navigation"' not in html:
            continue
        block = html.split('id="navigation"', 1)[1].split("</ul>", 1)[0]
        for href in re.findall(r'href="([^"]+)"', block):
            # A link may lead on (the staff survey opens the questions or its start page).
            assert client.get(href, follow=True).status_code == 200, (person, href)


@pytest.mark.parametrize("person", sorted(EXPECTED))
def test_the_navigation_stays_short_for_every_role(client, world, person):
    client.force_login(getattr(world, person))
    html = client.get(reverse("core:home")).content.decode()
    assert len(_nav_labels(html)) <= MOST_SECTIONS


def _hub_links(html: str) -> dict[str, str]:
    import re

    block = html.split('id="hub-links"', 1)[1].split("</ul>", 1)[0]
    return {
        label.strip(): href
        for href, label in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>([^<]+)</a>', block)
    }


@pytest.mark.parametrize(("person", "expected"), sorted(EXPECTED_HUBS.items()))
def test_each_hub_lists_only_what_the_person_may_open(client, world, person, expected):
    from restorative.core import navigation

    client.force_login(getattr(world, person))
    for (url_name, key), labels in zip(HUB_PAGES, expected, strict=True):
        response = client.get(reverse(url_name))
        if not labels:
            # Nothing behind the hub for this person: no section, and the page is not found.
            assert response.status_code == 404
            continue
        assert response.status_code == 200
        shown = _hub_links(response.content.decode())
        assert set(shown) == labels, (person, key)
        for href in shown.values():
            # A link may lead on (the staff survey opens the questions or its start page).
            assert client.get(href, follow=True).status_code == 200, (person, href)
        # Every area hidden from this person is refused to them, too.
        for link in navigation.hub(key).links:
            if link.label not in labels:
                refused = client.get(reverse(link.url_name), follow=True)
                assert refused.status_code in (403, 404), (person, link.label)


def test_the_hubs_are_marked_as_the_current_section(client, world):
    client.force_login(world.director)
    html = client.get(reverse("evaluation:complaint_list")).content.decode()
    nav = html.split('id="navigation"', 1)[1].split("</ul>", 1)[0]
    current = nav.split("govuk-service-navigation__item--active", 1)[1].split("</li>", 1)[0]
    assert QUALITY in current
