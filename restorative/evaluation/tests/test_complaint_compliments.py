"""Compliments: recorded, themed, and the member of staff and their manager are told on their
compliments list (the product sends staff no e-mail)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from restorative.evaluation.models import Compliment, ComplimentNotice

from .complaint_fixtures import cworld_fixture  # noqa: F401


def _client(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_a_compliment_tells_the_person_and_their_managers(cworld: SimpleNamespace) -> None:
    response = _client(cworld.complaints_manager).post(
        reverse("evaluation:compliment_create"),
        {
            "received_on_day": "1",
            "received_on_month": "12",
            "received_on_year": "2026",
            "from_kind": "parent",
            "from_name": "Mrs Okafor",
            "staff": cworld.practitioner.email,
            "theme": "listening",
            "words": "She really listened to our family",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    compliment = Compliment.objects.get()
    told = {(n.recipient, n.reason) for n in ComplimentNotice.objects.all()}
    assert told == {
        (cworld.practitioner, "about_you"),
        (cworld.manager, "your_team"),
        (cworld.manager_two, "your_team"),
    }
    assert compliment.team == cworld.team
    page = _client(cworld.practitioner).get(reverse("evaluation:compliment_list")).content.decode()
    assert "New" in page and "Listened and understood" in page
    detail = _client(cworld.practitioner).get(
        reverse("evaluation:compliment_detail", args=[compliment.uuid])
    )
    assert "She really listened to our family" in detail.content.decode()
    # Marking them read.
    _client(cworld.practitioner).post(reverse("evaluation:compliment_notices_read"))
    assert not ComplimentNotice.objects.filter(
        recipient=cworld.practitioner, read_at__isnull=True
    ).exists()
    assert ComplimentNotice.objects.filter(recipient=cworld.manager, read_at__isnull=True).exists()
    # Someone elsewhere does not see it; the API list leaves out the sender's name.
    assert (
        _client(cworld.other_manager)
        .get(reverse("evaluation:compliment_detail", args=[compliment.uuid]))
        .status_code
        == 404
    )
    api = APIClient()
    api.force_authenticate(cworld.quality)
    row = api.get("/api/evaluation/compliments/").json()["results"][0]
    assert "from_name" not in row and row["theme"] == "listening"


def test_a_compliment_about_no_one_is_refused_and_nothing_saved(cworld: SimpleNamespace) -> None:
    response = _client(cworld.complaints_manager).post(
        reverse("evaluation:compliment_create"),
        {
            "received_on_day": "1",
            "received_on_month": "12",
            "received_on_year": "2026",
            "from_kind": "parent",
            "theme": "listening",
            "words": "Thanks",
        },
    )
    assert response.status_code == 200
    assert "Choose the team or the members of staff it is about" in response.content.decode()
    assert not Compliment.objects.exists() and not ComplimentNotice.objects.exists()


def test_an_unknown_email_is_refused(cworld: SimpleNamespace) -> None:
    response = _client(cworld.complaints_manager).post(
        reverse("evaluation:compliment_create"),
        {
            "received_on_day": "1",
            "received_on_month": "12",
            "received_on_year": "2026",
            "from_kind": "parent",
            "theme": "listening",
            "words": "Thanks",
            "staff": "nobody@example.org",
        },
    )
    assert (
        "No member of staff has the e-mail address nobody@example.org" in response.content.decode()
    )
    assert not Compliment.objects.exists()
    assert datetime.date.today()


def test_compliment_list_filter_and_object_check_agree(cworld: SimpleNamespace) -> None:
    from restorative.evaluation.complaints import permissions, services

    about_person = services.compliment_create(
        actor=cworld.complaints_manager,
        received_on=datetime.date(2026, 11, 2),
        from_kind="child",
        team=None,
        staff=[cworld.practitioner],
        theme="listening",
        words="Thanks",
    )
    elsewhere = services.compliment_create(
        actor=cworld.complaints_manager,
        received_on=datetime.date(2026, 11, 2),
        from_kind="child",
        team=cworld.other_team,
        theme="support",
        words="Thanks",
    )
    for person in vars(cworld).values():
        if not hasattr(person, "role"):
            continue
        listed = set(Compliment.objects.filter(permissions.compliments_visible_q(person)))
        for compliment in (about_person, elsewhere):
            assert (compliment in listed) == permissions.can_view_compliment(person, compliment)
    assert permissions.can_view_compliment(cworld.quality, elsewhere)
    assert not permissions.can_view_compliment(cworld.practitioner, elsewhere)
