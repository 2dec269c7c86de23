"""Feedback links without accounts: one response each, kind pages for closed, used and unknown
links, CSRF, the rate limit, and pages that work with plain HTML forms (no JavaScript)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from restorative.evaluation.models import SurveyAnswer, SurveyInvitation, SurveyResponse
from restorative.evaluation.surveys import services
from restorative.evaluation.surveys.tokens import token_hash

from . import survey_fixtures
from .survey_fixtures import answers_for, invite

voices = survey_fixtures.voices  # the fixture, shared by the survey tests

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_throttle() -> None:
    cache.clear()


def url(token: str) -> str:
    return reverse("evaluation:feedback", kwargs={"token": token})


def form_fields(html: str) -> dict[str, list[str]]:
    """The names and values of the inputs a browser without JavaScript would post."""
    fields: dict[str, list[str]] = {}
    for tag in re.findall(r"<(?:input|textarea|select)[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            fields.setdefault(name.group(1), []).append(value.group(1) if value else "")
    return fields


def test_token_is_long_random_and_stored_only_as_a_hash(voices: Any) -> None:
    link = invite(voices)
    assert len(link.token) >= 43  # 32 random bytes, URL-safe base64: 256 bits
    invitation = SurveyInvitation.objects.get()
    assert invitation.token_hash == token_hash(link.token)
    assert link.token not in str(SurveyInvitation.objects.values().get())
    address = url(link.token)
    for personal in ("Amara", "Okafor", str(voices.family.uuid), str(invitation.uuid)):
        assert personal not in address


def test_the_child_answers_without_an_account_with_plain_html(voices: Any) -> None:
    link = invite(voices)
    client = Client(enforce_csrf_checks=True)
    page = client.get(url(link.token))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Who will read your answers" in html
    assert "North Safeguarding" in html  # the team manager of the family's team
    assert "Very happy" in html and "app-face" in html
    fields = form_fields(html)
    # A browser without JavaScript posts the form as it is: the CSRF token and the radios.
    data = {"csrfmiddlewaretoken": fields["csrfmiddlewaretoken"][0]}
    for name, values in fields.items():
        if name.startswith("q") and "5" in values:
            data[name] = "5"
    data["share"] = "no"
    response = client.post(url(link.token), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation:feedback_thanks")
    assert "Thank you" in client.get(response["Location"]).content.decode()
    saved = SurveyResponse.objects.get()
    assert saved.answers.filter(number=5).count() == 5
    assert not saved.shared_with_practitioner


def test_post_without_csrf_token_is_refused_and_saves_nothing(voices: Any) -> None:
    link = invite(voices)
    client = Client(enforce_csrf_checks=True)
    response = client.post(url(link.token), answers_for(link))
    assert response.status_code == 403
    assert not SurveyResponse.objects.exists()


def test_a_token_used_twice_saves_one_response(voices: Any) -> None:
    link = invite(voices)
    client = Client()
    first = client.post(url(link.token), answers_for(link, "5"))
    second = client.post(url(link.token), answers_for(link, "1"))
    assert first.status_code == 302
    assert second.status_code == 200
    assert "This link has already been used" in second.content.decode()
    assert SurveyResponse.objects.count() == 1
    assert not SurveyAnswer.objects.filter(number=1).exists()
    opened_again = client.get(url(link.token))
    assert "This link has already been used" in opened_again.content.decode()


def test_the_service_refuses_a_second_response_too(voices: Any) -> None:
    link = invite(voices)
    services.survey_response_submit(invitation=link.invitation, answers=answers_for(link))
    with pytest.raises(services.ValidationError):
        services.survey_response_submit(invitation=link.invitation, answers=answers_for(link))
    assert SurveyResponse.objects.count() == 1


def test_an_expired_link_answers_a_kind_page(voices: Any) -> None:
    link = invite(voices)
    SurveyInvitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    page = Client().get(url(link.token))
    assert page.status_code == 410
    assert "This link has closed" in page.content.decode()
    post = Client().post(url(link.token), answers_for(link))
    assert "This link has closed" in post.content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_link_is_open_for_28_days_by_default(voices: Any) -> None:
    now = timezone.now()
    link = invite(voices, now=now)
    assert link.invitation.expires_at == now + datetime.timedelta(days=28)


def test_an_unknown_link_answers_a_kind_page(voices: Any) -> None:
    for token in ("not-a-real-token", "x" * 43, "a" * 500):
        page = Client().get(url(token))
        assert page.status_code == 404
        assert "We cannot find this link" in page.content.decode()


def test_two_hundred_rapid_tries_from_one_address_are_slowed(voices: Any) -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [client.get(url(f"guess-{n}")).status_code for n in range(200)]
    assert statuses[0] == 404
    assert statuses.count(429) >= 150
    slowed = client.get(url("guess"))
    assert slowed.status_code == 429
    assert slowed["Retry-After"] == "60"
    assert "Please wait a minute" in slowed.content.decode()
    # Another address is not slowed by the first one's tries.
    assert Client(REMOTE_ADDR="203.0.113.10").get(url("guess")).status_code == 404


def test_an_answer_of_11_gets_a_clear_message_and_saves_nothing(voices: Any) -> None:
    link = invite(voices, code="parent-carer", person="mother")
    data = answers_for(link, "7")
    scale = link.invitation.version.questions.filter(kind="scale_0_10").first()
    data[f"q{scale.pk}"] = "11"
    response = Client().post(url(link.token), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Choose a number from 0 to 10" in html
    assert not SurveyResponse.objects.exists()
    assert not SurveyAnswer.objects.exists()


def test_free_text_is_kept_exactly_as_written(voices: Any) -> None:
    link = invite(voices, code="parent-carer", person="mother")
    data = answers_for(link)
    words = "The social worker was non-compliant with what we agreed, frankly."
    free = link.invitation.version.questions.get(kind="free_text")
    data[f"q{free.pk}"] = words
    Client().post(url(link.token), data)
    assert SurveyAnswer.objects.get(question=free).text == words


def test_the_practitioner_invites_from_the_meeting_page(voices: Any, client: Client) -> None:
    client.force_login(voices.world.allocated)
    page = client.get(
        reverse("evaluation:feedback_meeting_invite", kwargs={"meeting_uuid": voices.meeting.uuid})
    )
    assert page.status_code == 200
    pid = voices.meeting.participants.get(member=voices.child).pk
    response = client.post(
        page.request["PATH_INFO"],
        {f"invite_{pid}": "on", f"survey_{pid}": "child-under-8", "channel": "print"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "QR code for the link" in html
    invitation = SurveyInvitation.objects.get()
    token = re.search(r"/evaluation/feedback/f/([^/\"]+)/", html).group(1)
    assert token_hash(token) == invitation.token_hash
    assert invitation.member == voices.child and invitation.channel == "print"


def test_nobody_chosen_gets_a_message_and_saves_nothing(voices: Any, client: Client) -> None:
    client.force_login(voices.world.allocated)
    address = reverse(
        "evaluation:feedback_meeting_invite", kwargs={"meeting_uuid": voices.meeting.uuid}
    )
    response = client.post(address, {"channel": "screen"})
    assert response.status_code == 400
    assert services.NOBODY_CHOSEN in response.content.decode()
    assert not SurveyInvitation.objects.exists()


@pytest.mark.parametrize(
    "who", ["other_team", "other_service", "director", "quality", "partner", "workforce"]
)
def test_only_those_who_arrange_the_familys_meetings_may_invite(
    voices: Any, client: Client, who: str
) -> None:
    client.force_login(getattr(voices.world, who))
    address = reverse(
        "evaluation:feedback_meeting_invite", kwargs={"meeting_uuid": voices.meeting.uuid}
    )
    assert client.get(address).status_code == 404


def test_business_support_may_invite(voices: Any, client: Client) -> None:
    client.force_login(voices.world.support_same_team)
    address = reverse(
        "evaluation:feedback_meeting_invite", kwargs={"meeting_uuid": voices.meeting.uuid}
    )
    assert client.get(address).status_code == 200


def test_the_family_is_invited_after_a_plan_review_and_a_conversation(
    voices: Any, client: Client
) -> None:
    from restorative.practice.models import (
        ConversationParticipant,
        Plan,
        PlanReview,
        RestorativeConversation,
    )

    today = timezone.localdate()
    plan = Plan.objects.create(
        family=voices.family,
        title="Keeping Amara safe",
        started_on=today,
        created_by=voices.world.allocated,
    )
    review = PlanReview.objects.create(
        plan=plan,
        reviewed_on=today,
        family_scaling=6,
        professional_scaling=5,
        holding="partly",
        created_by=voices.world.allocated,
    )
    review.members.add(voices.mother)
    conversation = RestorativeConversation.objects.create(
        family=voices.family,
        held_on=today,
        setting="home_visit",
        practitioner=voices.world.allocated,
        created_by=voices.world.allocated,
    )
    ConversationParticipant.objects.create(conversation=conversation, member=voices.mother)
    client.force_login(voices.world.allocated)
    family_page = client.get(
        reverse("evaluation:feedback_family", kwargs={"family_uuid": voices.family.uuid})
    ).content.decode()
    assert "Plan reviews" in family_page and "Restorative conversations" in family_page
    for name, kwargs, about in (
        (
            "evaluation:feedback_review_invite",
            {"review_uuid": review.uuid},
            "the review of your plan",
        ),
        (
            "evaluation:feedback_conversation_invite",
            {"conversation_uuid": conversation.uuid},
            "your conversation with your worker",
        ),
    ):
        address = reverse(name, kwargs=kwargs)
        page = client.get(address)
        assert page.status_code == 200 and "Invite Grace Okafor" in page.content.decode()
        key = re.search(r'name="invite_(\d+)"', page.content.decode()).group(1)
        made = client.post(
            address, {f"invite_{key}": "on", f"survey_{key}": "parent-carer", "channel": "print"}
        )
        assert about in made.content.decode()
    assert SurveyInvitation.objects.filter(plan_review=review, member=voices.mother).exists()
    assert SurveyInvitation.objects.filter(conversation=conversation, member=voices.mother).exists()
    client.force_login(voices.world.other_team)
    assert (
        client.get(
            reverse("evaluation:feedback_review_invite", kwargs={"review_uuid": review.uuid})
        ).status_code
        == 404
    )
