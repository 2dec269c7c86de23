"""What the access trail says about meetings, plans and conversations, and where it links.

The words come from the record itself (its type or title and its date), so a reader of the
trail knows which meeting was opened; the link is there only for a reader who may open it.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

from django.urls import reverse

from restorative.core.audit import trail_links
from restorative.core.models import AccessEvent
from restorative.practice import plans, services
from restorative.practice.models import Question


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_opening_a_meeting_names_its_type_and_date(
    client: Any, world: Any, practice: SimpleNamespace
) -> None:
    meeting = practice.invited
    client.force_login(world.allocated)
    assert client.get(reverse("practice:meeting_detail", args=[meeting.uuid])).status_code == 200
    event = AccessEvent.objects.filter(subject_uuid=meeting.uuid, action="view").get()
    day = _long(meeting.scheduled_at.date())
    assert event.what == f"Opened the meeting: Initial child protection conference, {day}"


def test_downloading_a_plan_says_it_was_a_pdf(world: Any, practice: SimpleNamespace) -> None:
    plan = plans.plan_create(
        actor=world.allocated,
        family=practice.family,
        title="Calmer mornings",
        started_on=datetime.date(2026, 3, 3),
    )
    created = AccessEvent.objects.get(subject_uuid=plan.uuid, action="create")
    assert created.what == "Created the plan: Calmer mornings, 3 March 2026"
    event = services.practice_record_view(
        actor=world.director, subject=plan, action=AccessEvent.Action.EXPORT, channel="pdf"
    )
    assert event.what == "Downloaded the plan as PDF: Calmer mornings, 3 March 2026"


def test_the_family_trail_links_to_a_meeting_for_its_team_manager(
    client: Any, world: Any, practice: SimpleNamespace
) -> None:
    meeting = practice.invited
    client.force_login(world.allocated)
    client.get(reverse("practice:meeting_detail", args=[meeting.uuid]))
    client.force_login(world.manager)
    body = client.get(reverse("people:family_access_log", args=[world.family.uuid])).content
    meeting_page = reverse("practice:meeting_detail", args=[meeting.uuid])
    assert f'<a class="govuk-link" href="{meeting_page}">Opened the meeting: ' in body.decode()


def test_meeting_links_only_for_readers_who_may_open_the_meeting(
    world: Any, practice: SimpleNamespace
) -> None:
    invited = services.practice_record_view(actor=world.allocated, subject=practice.invited)
    other = services.practice_record_view(actor=world.allocated, subject=practice.not_invited)
    events = [invited, other]
    invited_page = reverse("practice:meeting_detail", args=[practice.invited.uuid])
    other_page = reverse("practice:meeting_detail", args=[practice.not_invited.uuid])
    assert trail_links(world.quality, events) == {invited.pk: invited_page, other.pk: other_page}
    # An invited partner may open the meeting they were invited to, and only that one.
    assert trail_links(world.partner, events) == {invited.pk: invited_page}
    assert trail_links(world.other_team, events) == {}


def test_a_conversation_is_named_by_its_setting_and_date(
    world: Any, practice: SimpleNamespace
) -> None:
    conversation = services.conversation_create(
        actor=world.allocated,
        family=practice.family,
        held_on=datetime.date(2026, 1, 9),
        setting="home_visit",
        members=[practice.mother],
        questions=list(Question.objects.filter(question_set__code="policy-short-form")[:1]),
    )
    event = services.practice_record_view(actor=world.quality, subject=conversation)
    assert event.what == "Opened the restorative conversation: Home visit, 9 January 2026"
    page = reverse("practice:conversation_detail", args=[conversation.uuid])
    assert trail_links(world.quality, [event]) == {event.pk: page}
    assert trail_links(world.partner, [event]) == {}
