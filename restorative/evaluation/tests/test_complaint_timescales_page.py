"""The organisation's complaint timescales page (decision 0013: "store these as data"): the
complaints manager sets shorter working days and whose bank holidays count; new stages use
them, stored due dates are not recounted; nobody else may open the page; bad input (longer
than the regulations, an extension shorter than the stage, not a number, no nation) gets a
message beside the field and saves nothing."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from restorative.evaluation.complaints import services
from restorative.evaluation.models import ComplaintTimescales

from .complaint_fixtures import cworld_fixture, make_complaint  # noqa: F401

URL = "/evaluation/complaints/timescales/"
REGULATIONS = {
    "stage1_days": "10",
    "stage1_max_days": "20",
    "stage2_days": "25",
    "stage2_max_days": "65",
    "stage3_panel_days": "30",
    "stage3_report_days": "5",
    "stage3_response_days": "15",
    "nation": "ENG",
}


def _client(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_the_route_is_named() -> None:
    assert reverse("evaluation:complaint_timescales") == URL


def test_the_manager_sets_shorter_timescales_used_by_new_stages_only(
    cworld: SimpleNamespace,
) -> None:
    before = make_complaint(cworld, received_on=datetime.date(2026, 3, 2))
    stage_before = before.stages.get()
    client = _client(cworld.complaints_manager)
    page = client.get(URL).content.decode()
    assert "The regulations&#x27; timescales" in page or "The regulations' timescales" in page
    assert 'value="10"' in page and 'value="65"' in page
    response = client.post(URL, REGULATIONS | {"stage1_days": "5", "stage1_max_days": "15"})
    assert response.status_code == 302
    row = ComplaintTimescales.objects.get()
    assert (row.stage1_days, row.stage1_max_days, row.changed_by) == (
        5,
        15,
        cworld.complaints_manager,
    )
    # Monday 2 March 2026 + 5 working days = Monday 9 March.
    after = make_complaint(cworld, received_on=datetime.date(2026, 3, 2))
    assert after.stages.get().due_on == datetime.date(2026, 3, 9)
    stage_before.refresh_from_db()
    assert stage_before.due_on == datetime.date(2026, 3, 16)  # 10 working days, unchanged
    # The page now shows the organisation's numbers.
    assert 'value="5"' in client.get(URL).content.decode()


def test_the_nation_chooses_whose_bank_holidays_count(cworld: SimpleNamespace) -> None:
    _client(cworld.complaints_manager).post(URL, REGULATIONS | {"nation": "SCT"})
    # Friday 2 January 2026 is a bank holiday in Scotland only: received Wednesday 31
    # December 2025, 10 working days end on Thursday 15 January in England, Friday 16 in
    # Scotland.
    complaint = make_complaint(cworld, received_on=datetime.date(2025, 12, 31))
    scotland = complaint.stages.get().due_on
    _client(cworld.complaints_manager).post(URL, REGULATIONS)
    england = make_complaint(cworld, received_on=datetime.date(2025, 12, 31)).stages.get().due_on
    assert (england, scotland) == (datetime.date(2026, 1, 15), datetime.date(2026, 1, 16))


@pytest.mark.parametrize("role", ["quality", "director", "head", "manager", "practitioner"])
def test_nobody_but_the_complaints_manager_may_open_or_change_it(
    cworld: SimpleNamespace, role: str
) -> None:
    client = _client(getattr(cworld, role))
    assert client.get(URL).status_code == 404
    assert client.post(URL, REGULATIONS | {"stage1_days": "3"}).status_code == 404
    assert not ComplaintTimescales.objects.exists()
    with pytest.raises(ValidationError):
        services.complaint_timescales_set(
            actor=getattr(cworld, role),
            nation="ENG",
            **{k: int(v) for k, v in REGULATIONS.items() if k != "nation"},
        )


def test_the_list_links_to_it_for_the_manager_only(cworld: SimpleNamespace) -> None:
    listing = reverse("evaluation:complaint_list")
    assert URL in _client(cworld.complaints_manager).get(listing).content.decode()
    assert URL not in _client(cworld.quality).get(listing).content.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"stage1_days": "12"},
            "Stage 1 response must be 10 working days or fewer: the regulations allow no longer",
        ),
        (
            {"stage2_max_days": "70"},
            "Stage 2 with an extension must be 65 working days or fewer",
        ),
        (
            {"stage2_days": "20", "stage2_max_days": "15"},
            "Stage 2 with an extension must be at least the stage 2 investigation&#x27;s 20",
        ),
        ({"stage3_panel_days": "0"}, "must be 1 working day or more"),
        ({"stage3_report_days": "five"}, "must be a whole number, like 5"),
        ({"stage1_days": ""}, "Enter"),
        ({"nation": "XX"}, "Choose whose bank holidays count"),
    ],
)
def test_bad_input_gets_a_message_and_saves_nothing(
    cworld: SimpleNamespace, change: dict[str, str], message: str
) -> None:
    response = _client(cworld.complaints_manager).post(URL, REGULATIONS | change)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body, body[body.find("govuk-error-summary") :][:1500]
    assert "There is a problem" in body
    assert not ComplaintTimescales.objects.exists()
