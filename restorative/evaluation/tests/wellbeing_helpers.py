"""Shared set-up for the staff survey tests: rounds, answers, a client signed in as someone."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client

from restorative.evaluation.models import WellbeingRound
from restorative.evaluation.wellbeing import services
from restorative.evaluation.wellbeing.items import ITEMS
from restorative.people.models import Staff
from restorative.people.tests.factories import StaffFactory

TODAY = datetime.date(2026, 11, 10)


def make_round(world: Any, **extra: Any) -> WellbeingRound:
    values: dict[str, Any] = {
        "actor": world.workforce,
        "title": "Autumn 2026",
        "opens_on": datetime.date(2026, 11, 1),
        "closes_on": datetime.date(2026, 11, 30),
        "today": TODAY,
    }
    values.update(extra)
    return services.wellbeing_round_create(**values)


def answers(value: int = 7, **changes: object) -> dict[str, object]:
    result: dict[str, object] = {item.key: value for item in ITEMS}
    result.update(changes)
    return result


def answer_as(person: Staff, round_: WellbeingRound, value: int = 7, comment: str = "") -> None:
    services.wellbeing_response_submit(
        person=person, round_=round_, answers=answers(value), comment=comment, today=TODAY
    )


def people_in(team: Any, count: int, world: Any, **extra: Any) -> list[Staff]:
    return [
        StaffFactory(team=team, organisation=world.org, role=Staff.Role.PRACTITIONER, **extra)
        for _ in range(count)
    ]


def signed_in(person: Staff) -> Client:
    client = Client()
    client.force_login(person)
    return client


def form_data(value: int = 7, **changes: str) -> dict[str, str]:
    data = {item.key: str(value) for item in ITEMS}
    data["comment"] = ""
    data.update(changes)
    return data
