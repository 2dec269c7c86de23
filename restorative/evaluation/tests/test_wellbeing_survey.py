"""Answering the staff survey: once per round, bad input refused, and no answer can be joined
to the person who gave it."""

from __future__ import annotations

import datetime
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from restorative.evaluation.models import (
    WellbeingLink,
    WellbeingParticipation,
    WellbeingResponse,
    WellbeingRound,
)
from restorative.evaluation.wellbeing import services
from restorative.people.models import Staff

from .wellbeing_helpers import TODAY, answer_as, answers, form_data, make_round, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Any:
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        yield


def test_a_round_that_closes_before_it_opens_is_refused_and_nothing_saved(world: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        make_round(
            world, opens_on=datetime.date(2026, 12, 1), closes_on=datetime.date(2026, 11, 20)
        )
    assert raised.value.message_dict["closes_on"] == [
        "The round must close on or after the day it opens"
    ]
    assert not WellbeingRound.objects.exists()


def test_the_round_form_shows_the_message_and_saves_nothing(world: Any) -> None:
    response = signed_in(world.workforce).post(
        reverse("evaluation:wellbeing_round_new"),
        {
            "title": "Winter",
            "opens_on_day": "1",
            "opens_on_month": "12",
            "opens_on_year": "2026",
            "closes_on_day": "20",
            "closes_on_month": "11",
            "closes_on_year": "2026",
        },  # fmt: skip
    )
    assert response.status_code == 200
    assert "The round must close on or after the day it opens" in response.content.decode()
    assert not WellbeingRound.objects.exists()


@pytest.mark.parametrize("role", ["workforce", "quality"])
def test_the_workforce_team_and_quality_assurance_open_rounds(world: Any, role: str) -> None:
    response = signed_in(getattr(world, role)).post(
        reverse("evaluation:wellbeing_round_new"),
        {
            "title": "Winter",
            "opens_on_day": "10",
            "opens_on_month": "11",
            "opens_on_year": "2026",
            "closes_on_day": "30",
            "closes_on_month": "11",
            "closes_on_year": "2026",
        },  # fmt: skip
    )
    assert response.status_code == 302
    round_ = WellbeingRound.objects.get()
    assert round_.eligible["organisation"] == Staff.objects.exclude(role="partner").count()
    assert round_.eligible[f"team:{world.team_a1.pk}"] == 5


@pytest.mark.parametrize("role", ["director", "manager", "allocated", "head", "admin", "partner"])
def test_nobody_else_opens_rounds(world: Any, role: str) -> None:
    client = signed_in(getattr(world, role))
    assert client.get(reverse("evaluation:wellbeing_round_new")).status_code == 404


def test_overlapping_rounds_are_refused(world: Any) -> None:
    make_round(world)
    with pytest.raises(ValidationError) as raised:
        make_round(world, title="Again", opens_on=datetime.date(2026, 11, 20))
    assert "overlap" in raised.value.message_dict["opens_on"][0]
    assert WellbeingRound.objects.count() == 1


def test_an_answer_of_11_is_refused_with_a_clear_message_and_nothing_saved(world: Any) -> None:
    round_ = make_round(world)
    with pytest.raises(ValidationError) as raised:
        services.wellbeing_response_submit(
            person=world.allocated, round_=round_, answers=answers(7, worthwhile=11), today=TODAY
        )
    assert raised.value.message_dict["worthwhile"] == [
        "Choose a number from 0 to 10 (11 is not on the scale)"
    ]
    assert not WellbeingResponse.objects.exists()
    assert not WellbeingParticipation.objects.exists()


def test_the_answer_page_refuses_11_and_saves_nothing(world: Any) -> None:
    round_ = make_round(world)
    response = signed_in(world.allocated).post(
        reverse("evaluation:wellbeing_answer", args=[round_.uuid]), form_data(7, worthwhile="11")
    )
    assert response.status_code == 200
    assert "Choose a number from 0 to 10" in response.content.decode()
    assert not WellbeingResponse.objects.exists()
    assert not WellbeingParticipation.objects.exists()


def test_each_person_answers_once_per_round(world: Any) -> None:
    round_ = make_round(world)
    client = signed_in(world.allocated)
    url = reverse("evaluation:wellbeing_answer", args=[round_.uuid])
    assert client.post(url, form_data(6, comment="More time to think")).status_code == 302
    again = client.post(url, form_data(6))
    assert "You have already answered" in again.content.decode()
    assert WellbeingResponse.objects.count() == 1
    assert WellbeingParticipation.objects.count() == 1
    with pytest.raises(ValidationError):
        answer_as(world.allocated, round_)
    assert WellbeingResponse.objects.count() == 1


def test_the_staff_survey_link_opens_the_questions_until_you_answer(world: Any) -> None:
    round_ = make_round(world)
    client = signed_in(world.allocated)
    home = client.get(reverse("core:home")).content.decode()
    assert reverse("evaluation:wellbeing_take") in home
    take = client.get(reverse("evaluation:wellbeing_take"))
    assert take["Location"] == reverse("evaluation:wellbeing_answer", args=[round_.uuid])
    start = client.get(reverse("evaluation:wellbeing_home")).content.decode()
    assert "Answer the survey" in start
    answer_as(world.allocated, round_)
    take = client.get(reverse("evaluation:wellbeing_take"))
    assert take["Location"] == reverse("evaluation:wellbeing_home")
    assert "Answer the survey" not in client.get(take["Location"]).content.decode()


def test_partners_are_not_asked(world: Any) -> None:
    round_ = make_round(world)
    client = signed_in(world.partner)
    assert (
        reverse("evaluation:wellbeing_take")
        not in client.get(reverse("core:home")).content.decode()
    )
    assert client.get(reverse("evaluation:wellbeing_answer", args=[round_.uuid])).status_code == 404


def test_a_closed_round_takes_no_answers(world: Any) -> None:
    round_ = make_round(world)
    with pytest.raises(ValidationError):
        services.wellbeing_response_submit(
            person=world.allocated,
            round_=round_,
            answers=answers(),
            today=datetime.date(2026, 12, 1),
        )
    assert not WellbeingResponse.objects.exists()


def test_no_response_row_can_be_joined_to_a_staff_member(world: Any) -> None:
    round_ = make_round(world)
    for person in (world.allocated, world.same_team, world.asye_same_team, world.manager):
        answer_as(person, round_, comment="A comment")
    # What a response row holds: answers and the team and service grouping, nothing else.
    fields = {f.name for f in WellbeingResponse._meta.get_fields()}
    assert not fields & {
        "person",
        "staff",
        "created_at",
        "updated_at",
        "uuid",
        "ip",
        "submitted_at",
    }
    assert all(
        not f.is_relation or f.related_model.__name__ in {"WellbeingRound", "Team", "Service"}
        for f in WellbeingResponse._meta.get_fields()
    )
    for field in WellbeingResponse._meta.get_fields():
        assert field.get_internal_type() not in {
            "DateTimeField",
            "DateField",
            "GenericIPAddressField",
        }
    # Participation holds who, and nothing of when or what.
    assert {f.name for f in WellbeingParticipation._meta.get_fields()} == {"id", "round", "person"}
    # Keys are random: neither table's keys nor its stored order follow the order of answers.
    table = WellbeingResponse._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT id FROM "{table}"')  # noqa: S608 - a fixed table name
        ids = [row[0] for row in cursor.fetchall()]
    assert all(i > 2**40 for i in ids)
    participation_ids = list(WellbeingParticipation.objects.values_list("id", flat=True))
    assert set(ids).isdisjoint(participation_ids)
    # On SQLite the key is the row id itself, so the file keeps no order of insertion.
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT rowid, id FROM "{table}"')  # noqa: S608
            assert all(rowid == key for rowid, key in cursor.fetchall())


def test_answering_returns_nothing_that_could_join_the_two(world: Any) -> None:
    round_ = make_round(world)
    assert (
        services.wellbeing_response_submit(
            person=world.allocated, round_=round_, answers=answers(), today=TODAY
        )
        is None
    )


def test_a_one_time_link_answers_once_without_signing_in(world: Any, client: Any) -> None:
    round_ = make_round(world)
    page = signed_in(world.allocated).post(
        reverse("evaluation:wellbeing_link_issue", args=[round_.uuid])
    )
    body = page.content.decode()
    token = body.split("/evaluation/wellbeing/answer/")[1].split("/")[0]
    assert len(token) >= 43  # 256 bits, URL-safe
    assert not WellbeingLink.objects.filter(token_hash=token).exists()  # only its hash is kept
    url = reverse("evaluation:wellbeing_link_answer", args=[token])
    assert client.get(url).status_code == 200
    assert client.post(url, form_data(8)).status_code == 200
    assert WellbeingResponse.objects.count() == 1
    assert WellbeingParticipation.objects.filter(person=world.allocated).exists()
    used = client.get(url)
    assert used.status_code == 200
    assert "This link cannot be used" in used.content.decode()
    assert not WellbeingLink.objects.exists()
    client.post(url, form_data(8))
    assert WellbeingResponse.objects.count() == 1


def test_an_unknown_link_gets_a_kind_page(client: Any, db: Any) -> None:
    response = client.get(reverse("evaluation:wellbeing_link_answer", args=["not-a-token"]))
    assert response.status_code == 200
    assert "This link cannot be used" in response.content.decode()


def test_two_hundred_rapid_tries_at_one_time_links_from_one_address_are_slowed(
    world: Any,
) -> None:
    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    try:
        round_ = make_round(world)
        client = Client(REMOTE_ADDR="203.0.113.21")

        def url(token: str) -> str:
            return reverse("evaluation:wellbeing_link_answer", args=[token])

        statuses = [client.get(url(f"guess-{n}")).status_code for n in range(200)]
        assert statuses[0] == 200  # the kind "cannot be used" page
        assert statuses.count(429) >= 150
        slowed = client.post(url("guess"), form_data(8))
        assert slowed.status_code == 429
        assert slowed["Retry-After"] == "60"
        assert "Please wait a minute" in slowed.content.decode()
        assert not WellbeingResponse.objects.exists()
        # Another address is not slowed by the first one's tries, and a real link still works
        # from it.
        page = signed_in(world.allocated).post(
            reverse("evaluation:wellbeing_link_issue", args=[round_.uuid])
        )
        token = page.content.decode().split("/evaluation/wellbeing/answer/")[1].split("/")[0]
        other = Client(REMOTE_ADDR="203.0.113.22")
        assert other.get(url(token)).status_code == 200
        assert other.post(url(token), form_data(8)).status_code == 200
        assert WellbeingResponse.objects.count() == 1
    finally:
        cache.clear()
