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
# The evaluation and governance apps. Complaints for those who may read them; compliments
# (each person's list of those about them), learning actions, case-file audits (each person's
# audit tasks), the staff survey, barriers and policies for all our own staff; feedback
# results and the implementation picture for managers and leaders.
COMPLAINTS = "Complaints"
OWN_STAFF = {"Compliments", "Learning", "Staff survey", "Barriers", "Policies"}
AUDITS = "Case-file audits"
LEADERS = {"Feedback results", "Implementation picture"}
# The subject access app: quality assurance handles requests (decision 0024).
SUBJECT_ACCESS = "Subject access"

CASE_ROLES = {FAMILIES, MEETINGS_DUE, TRAINING, GLOSSARY, ORGANISATION, STAFF, AUDITS} | OWN_STAFF
EXPECTED = {
    "allocated": CASE_ROLES,
    "asye_same_team": CASE_ROLES,
    "manager": CASE_ROLES | LEADERS | {COMPLAINTS, "Asked to be contacted"},
    "support_same_team": CASE_ROLES,
    "head": CASE_ROLES | LEADERS | {COMPLAINTS},
    "director": CASE_ROLES | LEADERS | {COMPLAINTS},
    "quality": CASE_ROLES | LEADERS | {ACCESS_TRAIL, COMPLAINTS, SUBJECT_ACCESS},
    "workforce": {TRAINING, GLOSSARY, ORGANISATION, STAFF, "Training evaluations"} | OWN_STAFF,
    "admin": {TRAINING, GLOSSARY, ORGANISATION, STAFF, IMPORT, LEXICON, "Policies", "Staff survey"},
    # Partners: the meetings they are invited to, joint training and the shared language.
    "partner": {MEETINGS_DUE, TRAINING, GLOSSARY, "Your meetings"},
}


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
