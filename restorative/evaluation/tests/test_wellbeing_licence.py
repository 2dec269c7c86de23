"""The SWEMWBS licence page, and rounds that ask the licensed items: scored and averaged as
metric scores, shown under the same rule as every other figure."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from restorative.evaluation.models import SwemwbsLicence, WellbeingResponse
from restorative.evaluation.wellbeing import services

from .wellbeing_helpers import TODAY, answers, form_data, make_round, people_in, signed_in

pytestmark = pytest.mark.django_db

ITEMS = [f"Licensed item wording {n}" for n in range(1, 8)]


@pytest.fixture(autouse=True)
def _today() -> Any:
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        yield


def _licence_form(**changes: str) -> dict[str, str]:
    data = {
        "licence_holder": "Test Borough Council",
        "licence_reference": "W-123",
        "enabled": "on",
        "confirmed": "on",
        **{f"item_{n}": text for n, text in enumerate(ITEMS, start=1)},
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("role", ["quality", "admin"])
def test_quality_assurance_and_administrators_load_the_items(world: Any, role: str) -> None:
    response = signed_in(getattr(world, role)).post(
        reverse("evaluation:wellbeing_licence"), _licence_form()
    )
    assert response.status_code == 302
    licence = SwemwbsLicence.objects.get()
    assert licence.enabled and licence.items == ITEMS


@pytest.mark.parametrize("role", ["director", "workforce", "manager", "allocated", "partner"])
def test_nobody_else_sees_the_licence_page(world: Any, role: str) -> None:
    assert (
        signed_in(getattr(world, role)).get(reverse("evaluation:wellbeing_licence")).status_code
        == 404
    )


def test_enabling_needs_the_licence_confirmed_and_all_seven_items(world: Any) -> None:
    client = signed_in(world.quality)
    data = _licence_form(item_7="")
    data.pop("confirmed")
    response = client.post(reverse("evaluation:wellbeing_licence"), data)
    body = response.content.decode()
    assert "Confirm that your organisation holds a licence" in body
    assert "Enter item 7 as it is in your licence" in body
    assert not SwemwbsLicence.objects.exists()


def test_a_round_opened_with_the_licence_asks_and_scores_the_items(world: Any) -> None:
    services.swemwbs_licence_save(
        actor=world.quality,
        licence_holder="Test Borough Council",
        licence_reference="",
        items=ITEMS,
        confirmed=True,
        enabled=True,
    )
    round_ = make_round(world)
    assert round_.swemwbs_items == ITEMS
    client = signed_in(world.allocated)
    url = reverse("evaluation:wellbeing_answer", args=[round_.uuid])
    assert ITEMS[0] in client.get(url).content.decode()
    missing = client.post(url, form_data(5))
    assert "Choose how often" in missing.content.decode()
    assert not WellbeingResponse.objects.exists()
    data = form_data(5, **{f"swemwbs_{n}": "4" for n in range(1, 8)})
    assert client.post(url, data).status_code == 302
    assert WellbeingResponse.objects.get().swemwbs_raw == 28
    with pytest.raises(ValidationError):
        services.wellbeing_response_submit(
            person=world.same_team, round_=round_, answers=answers(), swemwbs=[6] * 7, today=TODAY
        )
    # The mean is of metric scores: raw 28 is 25.03, raw 7 is 7.00.
    people = people_in(world.team_b1, 4, world)
    for person in people:
        services.wellbeing_response_submit(
            person=person, round_=round_, answers=answers(), swemwbs=[1] * 7, today=TODAY
        )
    api = signed_in(world.director).get(
        reverse("api-evaluation-wellbeing-round-results", kwargs={"round_uuid": round_.uuid})
    )
    organisation = api.json()["groups"][0]
    assert organisation["swemwbs_mean"] == round((25.03 + 4 * 7.00) / 5, 2)
