"""Small things a newcomer notices in the first minutes (issue 14, point 10): each question
under its set's name, a conversation saved before its answers shown as a draft, the team
manager's due list opening on the team, and the family's plan saying how to reach the worker."""

from __future__ import annotations

import datetime
import re
import uuid
from typing import Any

import pytest
from django.urls import reverse

from restorative.practice import plans, services
from restorative.practice.models import Question, RestorativeConversation

pytestmark = pytest.mark.django_db

YESTERDAY = (datetime.date.today() - datetime.timedelta(days=1)).strftime("%d/%m/%Y")


def _short_form() -> list[Question]:
    return list(Question.objects.filter(question_set__code="policy-short-form").order_by("order"))


def test_each_question_is_shown_under_the_name_of_its_set(client: Any, world: Any) -> None:
    client.force_login(world.allocated)
    body = client.get(reverse("practice:conversation_new", args=[world.family.uuid])).content
    page = body.decode()
    section = page[page.index('id="questions-by-set"') :]
    section = section[: section.index("</fieldset>")]
    # Two sets ask "What happened?": each checkbox sits under its own set's heading, and its
    # label names the set for screen reader users, so the two are never confused.
    headings = re.findall(r'<h3 class="govuk-heading-s[^"]*">([^<]+)</h3>', section)
    assert headings[:2] == ["The policy&#x27;s short form", "Responding to challenging behaviour"]
    labels = re.findall(
        r"What happened\?<span class=\"govuk-visually-hidden\"> \(([^)]+)\)", section
    )
    assert labels == ["The policy&#x27;s short form", "Responding to challenging behaviour"]
    assert section.count('type="checkbox"') == Question.objects.count()


def test_a_conversation_is_a_draft_until_an_answer_is_written(client: Any, world: Any) -> None:
    client.force_login(world.allocated)
    form = client.get(reverse("practice:conversation_new", args=[world.family.uuid])).content
    assert "Save as a draft and add answers" in form.decode()
    member = world.family.members.get()
    response = client.post(
        reverse("practice:conversation_new", args=[world.family.uuid]),
        {
            "submission_token": str(uuid.uuid4()),
            "held_on": YESTERDAY,
            "setting": "home_visit",
            "members": [str(member.uuid)],
            "questions": [str(q.uuid) for q in _short_form()],
        },
        follow=True,
    )
    assert "Conversation saved as a draft" in response.content.decode()
    conversation = RestorativeConversation.objects.get()
    detail_url = reverse("practice:conversation_detail", args=[conversation.uuid])
    family_url = reverse("practice:family_practice", args=[world.family.uuid])
    detail = client.get(detail_url).content.decode()
    assert 'id="draft-notice"' in detail and "Add answers" in detail
    assert "Draft: no answers yet" in client.get(family_url).content.decode()

    participant = conversation.participants.get()
    question = _short_form()[0]
    client.post(
        reverse("practice:conversation_answers", args=[conversation.uuid]),
        {f"answer_{participant.pk}_{question.pk}": "We argued about bedtime", "agreed_next": ""},
    )
    detail = client.get(detail_url).content.decode()
    assert 'id="draft-notice"' not in detail and "Change answers" in detail
    assert "Draft: no answers yet" not in client.get(family_url).content.decode()


def test_a_conversation_with_only_the_next_step_is_not_a_draft(client: Any, world: Any) -> None:
    member = world.family.members.get()
    conversation = services.conversation_create(
        actor=world.allocated,
        family=world.family,
        held_on=datetime.date.today(),
        setting="home_visit",
        members=[member],
        questions=_short_form(),
    )
    RestorativeConversation.objects.filter(pk=conversation.pk).update(agreed_next="Meet Friday")
    client.force_login(world.allocated)
    detail = client.get(reverse("practice:conversation_detail", args=[conversation.uuid]))
    assert 'id="draft-notice"' not in detail.content.decode()


def test_meetings_due_opens_on_the_team_for_a_team_manager(client: Any, world: Any) -> None:
    url = reverse("practice:meetings_due")
    client.force_login(world.manager)
    body = client.get(url).content.decode()
    assert "Meetings due: your team" in body
    assert f'href="{url}?scope=mine">My families and meetings</a>' in body
    mine = client.get(url + "?scope=mine").content.decode()
    assert "Meetings due: your team" not in mine
    assert f'href="{url}?scope=team">My team</a>' in mine
    # Anyone else has only their own list, whatever the address asks for.
    client.force_login(world.allocated)
    for address in (url, url + "?scope=team"):
        body = client.get(address).content.decode()
        assert "Meetings due: your team" not in body and "My team" not in body


def _plan(world: Any) -> Any:
    return plans.plan_create(
        actor=world.allocated,
        family=world.family,
        title="Calmer mornings",
        started_on=datetime.date.today(),
    )


def test_the_family_plan_says_how_to_contact_the_worker(client: Any, world: Any) -> None:
    plan = _plan(world)
    client.force_login(world.allocated)
    body = client.get(reverse("practice:plan_document", args=[plan.uuid])).content.decode()
    contact = body[body.index('id="contact-worker"') :]
    contact = contact[: contact.index("</div>")]
    assert world.allocated.display_name in contact
    assert "North Safeguarding team" in contact
    assert 'href="mailto:allocated@test.example"' in contact


def test_a_plan_without_a_worker_names_the_team_and_case_number(client: Any, world: Any) -> None:
    plan = _plan(world)
    world.family.allocated_worker = None
    world.family.save(update_fields=["allocated_worker"])
    client.force_login(world.manager)
    body = client.get(reverse("practice:plan_document", args=[plan.uuid])).content.decode()
    contact = body[body.index('id="contact-worker"') :]
    contact = contact[: contact.index("</div>")]
    assert "North Safeguarding team" in contact
    assert world.family.case_reference in contact
    assert "mailto:" not in contact
