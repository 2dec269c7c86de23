"""Private family time stays private (issue 10, point 2; DESIGN.md privacy rule 6).

Only that it happened, how long and who was there are recorded: no box for what was said,
and nothing of it in the meeting record, its PDF, the plan for the family or the API. Words
written before (kept in `private_family_time_earlier_note`) are shown to the coordinator only.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from restorative.practice import documents, plans, services
from restorative.practice.models import Meeting, MeetingType

from .conftest import meeting_at
from .test_documents import _pdf_text
from .test_who_may_lead import give_advanced_training

pytestmark = pytest.mark.django_db

SAID_IN_PRIVATE = "Nana said she would never forgive Dad for the fire"
TODAY = datetime.date.today()


@pytest.fixture
def fgc(world: Any, practice: Any, fgc_coordinator: Any) -> SimpleNamespace:
    give_advanced_training(fgc_coordinator, valid_until=None)
    meeting = services.meeting_schedule(
        actor=world.allocated,
        family=practice.family,
        meeting_type=MeetingType.FAMILY_GROUP_CONFERENCE,
        scheduled_at=meeting_at(0),
        venue="in_person",
        chair=fgc_coordinator,
        members=[practice.mother, practice.child],
        staff=[world.partner],
    )
    rows = {p.member_id: p for p in meeting.participants.all() if p.member_id}
    services.meeting_record(
        actor=world.allocated,
        meeting=meeting,
        held_on=TODAY,
        sections={"family_plan": "Grandma will have Jay two nights a week"},
        participants={},
        plan_agreed=True,
        private_family_time=services.PrivateFamilyTime(
            held=True, minutes=45, present=(rows[practice.mother.pk].uuid,)
        ),
    )
    # An earlier record, from before private family time was kept private.
    Meeting.objects.filter(pk=meeting.pk).update(private_family_time_earlier_note=SAID_IN_PRIVATE)
    plan = plans.plan_create(
        actor=world.allocated,
        family=practice.family,
        title="Jay stays close to Grandma",
        started_on=TODAY,
        meeting=meeting,
    )
    return SimpleNamespace(meeting=meeting, plan=plan, coordinator=fgc_coordinator)


def test_the_record_form_asks_no_words_about_private_family_time(client, world, fgc):  # type: ignore[no-untyped-def]
    client.force_login(world.allocated)
    body = client.get(reverse("practice:meeting_record", args=[fgc.meeting.uuid])).content.decode()
    assert 'name="private_family_time"' not in body
    assert 'name="private_family_time_held"' in body
    assert 'name="private_family_time_minutes"' in body
    assert 'name="private_family_time_present"' in body
    # Professionals leave for private family time: they are not offered as present.
    assert f'value="{world.partner.uuid.hex}"' not in body


def test_the_record_keeps_only_that_it_happened_how_long_and_who(world, practice, fgc):  # type: ignore[no-untyped-def]
    meeting = Meeting.objects.get(pk=fgc.meeting.pk)
    assert meeting.private_family_time_held is True
    assert meeting.private_family_time_minutes == 45
    present = [p.member_id for p in meeting.participants.all() if p.in_private_family_time]
    assert present == [practice.mother.pk]


def test_a_professional_cannot_be_recorded_as_present(world, fgc):  # type: ignore[no-untyped-def]
    partner_row = fgc.meeting.participants.get(staff=world.partner)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.meeting_record(
            actor=world.allocated,
            meeting=fgc.meeting,
            held_on=TODAY,
            sections={},
            participants={},
            private_family_time=services.PrivateFamilyTime(held=True, present=(partner_row.uuid,)),
        )
    assert "professionals leave" in str(refused.value)


def test_the_meeting_page_shows_the_facts_and_not_the_earlier_words(client, world, fgc):  # type: ignore[no-untyped-def]
    client.force_login(world.allocated)
    body = client.get(reverse("practice:meeting_detail", args=[fgc.meeting.uuid])).content.decode()
    assert "The family had private time (45 minutes)" in body
    assert "Who was there: Grace Okafor" in body
    assert SAID_IN_PRIVATE not in body


def test_only_the_coordinator_sees_the_earlier_words(client, world, fgc):  # type: ignore[no-untyped-def]
    client.force_login(fgc.coordinator)
    body = client.get(reverse("practice:meeting_detail", args=[fgc.meeting.uuid])).content.decode()
    assert SAID_IN_PRIVATE in body
    assert "Only you, as the coordinator, can see this" in body
    for other in (world.manager, world.head, world.director):
        client.force_login(other)
        page = client.get(reverse("practice:meeting_detail", args=[fgc.meeting.uuid]))
        assert SAID_IN_PRIVATE not in page.content.decode()


def test_documents_hold_nothing_said_in_private_family_time(  # type: ignore[no-untyped-def]
    client, world, fgc, monkeypatch
):
    """The meeting record and the plan for the family, on screen and as PDFs, printed even by
    the coordinator, who alone may see the earlier words on the meeting page."""
    rendered: list[str] = []
    real_render = documents.render_pdf

    def render(engine: Any, html: str) -> bytes:
        rendered.append(html)
        if engine is None:
            return b"%PDF-1.7 no engine here"
        return real_render(engine, html)

    monkeypatch.setattr(documents, "render_pdf", render)
    documents_for = {
        fgc.coordinator: (("meeting_document", fgc.meeting),),
        world.allocated: (("meeting_document", fgc.meeting), ("plan_document", fgc.plan)),
    }
    for person, pairs in documents_for.items():
        client.force_login(person)
        for name, record in pairs:
            page = client.get(reverse(f"practice:{name}", args=[record.uuid]))
            assert page.status_code == 200, (name, person)
            assert SAID_IN_PRIVATE not in page.content.decode()
            pdf = client.get(reverse(f"practice:{name}_pdf", args=[record.uuid]))
            assert pdf.status_code in (200, 503)
            if pdf.status_code == 200:
                text = _pdf_text(pdf.content)
                if text is not None:
                    assert "Nana" not in text and "forgive" not in text
    assert rendered, "no PDF was rendered"
    assert all(SAID_IN_PRIVATE not in html for html in rendered)
    meeting_record = client.get(
        reverse("practice:meeting_document", args=[fgc.meeting.uuid])
    ).content.decode()
    assert "The family had private time (45 minutes)" in meeting_record


def test_the_api_gives_the_facts_only(world, fgc):  # type: ignore[no-untyped-def]
    api = APIClient()
    for person in (fgc.coordinator, world.allocated):
        api.force_login(person)
        response = api.get(f"/api/practice/meetings/{fgc.meeting.uuid}/")
        assert response.status_code == 200
        body = response.json()
        assert SAID_IN_PRIVATE not in response.content.decode()
        assert "private_family_time" not in body
        assert body["private_family_time_held"] is True
        assert body["private_family_time_minutes"] == 45
        assert len(body["private_family_time_present"]) == 1


def test_the_api_refuses_words_about_private_family_time(world, fgc):  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_login(world.allocated)
    response = api.post(
        f"/api/practice/meetings/{fgc.meeting.uuid}/record/",
        {"held_on": TODAY.isoformat(), "private_family_time": "What Nana said"},
        format="json",
    )
    assert response.status_code == 400
    assert "private_family_time" in response.json()
    response = api.post(
        f"/api/practice/meetings/{fgc.meeting.uuid}/record/",
        {
            "held_on": TODAY.isoformat(),
            "private_family_time_held": True,
            "private_family_time_minutes": 90,
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["private_family_time_minutes"] == 90
