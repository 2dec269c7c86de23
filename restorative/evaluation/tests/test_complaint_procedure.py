"""The procedure through the pages and the API: due dates stored across Christmas, stage 2
refused without its investigating officer and independent person, an extension refused
without a reason (a clear message, nothing saved), and the procedure's other steps."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from restorative.core.models import AccessEvent
from restorative.evaluation.complaints import services
from restorative.evaluation.models import (
    Complaint,
    ComplaintElement,
    ComplaintStage,
    StageExtension,
)

from .complaint_fixtures import cworld_fixture, make_complaint  # noqa: F401

D = datetime.date


def _client(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _api(person: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(person)
    return client


def _date(prefix: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def _answered_stage1(world: SimpleNamespace) -> Complaint:
    complaint = make_complaint(world)
    stage = complaint.stages.get(number=1)
    services.stage_record(actor=world.complaints_manager, stage=stage, responded_on=D(2026, 1, 7))
    return complaint


def test_recording_a_complaint_starts_stage_1_with_its_due_date_across_christmas(
    cworld: SimpleNamespace,
) -> None:
    response = _client(cworld.complaints_manager).post(
        reverse("evaluation:complaint_create"),
        {
            "procedure": "statutory",
            **_date("received_on", D(2025, 12, 19)),
            "complainant_kind": "child",
            "complainant_name": "Sam Child",
            "advocate_offer": "accepted",
            "team": cworld.team.pk,
            "summary": "Nobody listened to me",
            "family_reference": "NMB-000123",
            "element_1_category": "communication",
            "element_1_description": "My social worker did not call back",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    complaint = Complaint.objects.get()
    assert response["Location"] == reverse("evaluation:complaint_detail", args=[complaint.uuid])
    stage = complaint.stages.get()
    assert (stage.number, stage.due_on, stage.base_due_on) == (1, D(2026, 1, 7), D(2026, 1, 7))
    assert complaint.family == cworld.family
    # It names a family: recording it is in the family's access trail.
    assert AccessEvent.objects.filter(subject_uuid=complaint.uuid, action="create").exists()
    page = _client(cworld.complaints_manager).get(response["Location"]).content.decode()
    assert "7 January 2026" in page and "Offered and accepted" in page


def test_a_child_complainant_needs_the_advocate_offer_recorded(cworld: SimpleNamespace) -> None:
    response = _client(cworld.complaints_manager).post(
        reverse("evaluation:complaint_create"),
        {
            "procedure": "statutory",
            **_date("received_on", D(2025, 12, 19)),
            "complainant_kind": "child",
            "complainant_name": "Sam Child",
            "advocate_offer": "not_applicable",
            "team": cworld.team.pk,
            "summary": "Nobody listened to me",
            "element_1_category": "communication",
            "element_1_description": "No call back",
        },
    )
    assert response.status_code == 200
    assert "Say whether the child was offered an advocate" in response.content.decode()
    assert not Complaint.objects.exists()


def test_stage_2_without_an_investigating_officer_is_refused_and_nothing_saved(
    cworld: SimpleNamespace,
) -> None:
    complaint = _answered_stage1(cworld)
    response = _client(cworld.complaints_manager).post(
        reverse("evaluation:complaint_stage_start", args=[complaint.uuid]),
        {
            "number": "2",
            **_date("started_on", D(2026, 1, 12)),
            "investigating_officer": "",
            "independent_person": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the investigating officer: stage 2 cannot start without one" in page
    assert "Enter the independent person" in page
    assert not ComplaintStage.objects.filter(number=2).exists()


def test_stage_2_without_an_independent_person_is_refused_by_the_api(
    cworld: SimpleNamespace,
) -> None:
    complaint = _answered_stage1(cworld)
    response = _api(cworld.complaints_manager).post(
        f"/api/evaluation/complaints/{complaint.uuid}/stages/",
        {"number": 2, "started_on": "2026-01-12", "investigating_officer": "A. Officer"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["independent_person"] == [services.STAGE2_INDEPENDENT_MESSAGE]
    assert not ComplaintStage.objects.filter(number=2).exists()


def test_stage_2_with_both_starts_and_is_due_in_25_working_days(cworld: SimpleNamespace) -> None:
    complaint = _answered_stage1(cworld)
    response = _api(cworld.complaints_manager).post(
        f"/api/evaluation/complaints/{complaint.uuid}/stages/",
        {
            "number": 2,
            "started_on": "2026-03-20",
            "investigating_officer": "A. Officer, Investigations Ltd",
            "independent_person": "B. Independent",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    # 25 working days after Friday 20 March 2026, across Good Friday and Easter Monday.
    assert response.json()["due_on"] == "2026-04-28"


def test_an_extension_without_a_reason_is_refused_and_nothing_saved(
    cworld: SimpleNamespace,
) -> None:
    complaint = make_complaint(cworld)
    response = _client(cworld.complaints_manager).post(
        reverse("evaluation:complaint_stage_extend", args=[complaint.uuid, 1]),
        {"working_days": "20", "reason": "", **_date("complainant_told_on", D(2026, 1, 5))},
    )
    assert response.status_code == 200
    assert "Enter the reason for the extension" in response.content.decode()
    assert not StageExtension.objects.exists()
    assert complaint.stages.get().due_on == D(2026, 1, 7)


def test_an_extension_without_a_reason_is_refused_by_the_api(cworld: SimpleNamespace) -> None:
    complaint = make_complaint(cworld)
    response = _api(cworld.complaints_manager).post(
        f"/api/evaluation/complaints/{complaint.uuid}/stages/1/extensions/",
        {"working_days": 20, "reason": "  ", "complainant_told_on": "2026-01-05"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["reason"] == ["Enter the reason for the extension"]
    assert not StageExtension.objects.exists()


def test_an_extension_moves_the_due_date_across_the_new_year(cworld: SimpleNamespace) -> None:
    complaint = make_complaint(cworld)
    response = _client(cworld.complaints_manager).post(
        reverse("evaluation:complaint_stage_extend", args=[complaint.uuid, 1]),
        {
            "working_days": "20",
            "reason": "Complex: three agencies to hear from",
            **_date("complainant_told_on", D(2026, 1, 5)),
        },
    )
    assert response.status_code == 302
    stage = complaint.stages.get()
    # 20 working days after Friday 19 December 2025: 21 January 2026.
    assert (stage.working_days, stage.due_on, stage.base_due_on) == (
        20,
        D(2026, 1, 21),
        D(2026, 1, 7),
    )
    extension = StageExtension.objects.get()
    assert extension.complainant_told_on == D(2026, 1, 5)


def test_an_extension_beyond_20_working_days_at_stage_1_is_refused(cworld: SimpleNamespace) -> None:
    complaint = make_complaint(cworld)
    with pytest.raises(ValidationError) as error:
        services.stage_extend(
            actor=cworld.complaints_manager,
            stage=complaint.stages.get(),
            reason="Complex",
            complainant_told_on=D(2026, 1, 5),
            working_days=21,
        )
    assert error.value.message_dict["working_days"] == [
        "Stage 1 can be extended to 20 working days at most"
    ]
    assert not StageExtension.objects.exists()


def test_stage_3_dates_are_stored_step_by_step(cworld: SimpleNamespace) -> None:
    complaint = _answered_stage1(cworld)
    manager = cworld.complaints_manager
    stage2 = services.stage_start(
        actor=manager,
        complaint=complaint,
        number=2,
        started_on=D(2026, 1, 12),
        investigating_officer="A. Officer",
        independent_person="B. Independent",
    )
    services.stage_record(actor=manager, stage=stage2, responded_on=D(2026, 2, 13))
    stage3 = services.stage_start(
        actor=manager, complaint=complaint, number=3, started_on=D(2026, 3, 2)
    )
    # 30 working days after Monday 2 March 2026, across Easter (3 and 6 April).
    assert stage3.due_on == D(2026, 4, 15)
    services.stage_record(actor=manager, stage=stage3, panel_held_on=D(2026, 4, 14))
    stage3.refresh_from_db()
    assert stage3.report_due_on == D(2026, 4, 21)
    services.stage_record(actor=manager, stage=stage3, report_sent_on=D(2026, 4, 20))
    stage3.refresh_from_db()
    assert stage3.response_due_on == D(2026, 5, 12)  # 15 working days, across May Day


def test_the_corporate_procedure_has_no_stage_3(cworld: SimpleNamespace) -> None:
    complaint = make_complaint(cworld, procedure=Complaint.Procedure.CORPORATE)
    manager = cworld.complaints_manager
    services.stage_record(actor=manager, stage=complaint.stages.get(), responded_on=D(2026, 1, 7))
    stage2 = services.stage_start(
        actor=manager,
        complaint=complaint,
        number=2,
        started_on=D(2026, 1, 12),
        investigating_officer="A",
        independent_person="B",
    )
    services.stage_record(actor=manager, stage=stage2, responded_on=D(2026, 2, 13))
    with pytest.raises(ValidationError) as error:
        services.stage_start(actor=manager, complaint=complaint, number=3, started_on=D(2026, 3, 2))
    assert error.value.message_dict["number"] == [
        "The corporate procedure has no stage 3 review panel"
    ]


def test_outcomes_restorative_meeting_ombudsman_and_closing(cworld: SimpleNamespace) -> None:
    complaint = make_complaint(
        cworld, elements=[("communication", "Not told"), ("delay", "Late assessment")]
    )
    manager = cworld.complaints_manager
    with pytest.raises(ValidationError) as error:
        services.complaint_close(actor=manager, complaint=complaint, closed_on=D(2026, 1, 8))
    assert "Record an outcome for every element before closing" in error.value.messages
    client = _client(manager)
    for element, outcome in zip(complaint.elements.all(), ("upheld", "not_upheld"), strict=True):
        response = client.post(
            reverse("evaluation:complaint_element_outcome", args=[complaint.uuid, element.uuid]),
            {"outcome": outcome, **_date("decided_on", D(2026, 1, 6))},
        )
        assert response.status_code == 302
    response = client.post(
        reverse("evaluation:complaint_restorative", args=[complaint.uuid]),
        {
            **_date("offered_on", D(2025, 12, 22)),
            "accepted": "yes",
            **_date("held_on", D(2026, 1, 5)),
            "outcome": "The family and the worker agreed how to keep in touch",
        },
    )
    assert response.status_code == 302
    services.stage_record(actor=manager, stage=complaint.stages.get(), responded_on=D(2026, 1, 7))
    response = client.post(
        reverse("evaluation:complaint_ombudsman", args=[complaint.uuid]),
        {**_date("referred_on", D(2026, 2, 1)), "decision": "pending"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("evaluation:complaint_close", args=[complaint.uuid]),
        _date("closed_on", D(2026, 1, 8)),
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "closed" and complaint.restorative_held_on == D(2026, 1, 5)
    assert sorted(complaint.elements.values_list("outcome", flat=True)) == ["not_upheld", "upheld"]
    page = client.get(
        reverse("evaluation:complaint_detail", args=[complaint.uuid])
    ).content.decode()
    assert "The family and the worker agreed how to keep in touch" in page
    assert "Referred on 1 February 2026" in page


def test_a_meeting_cannot_be_held_if_the_offer_was_not_accepted(cworld: SimpleNamespace) -> None:
    complaint = make_complaint(cworld)
    with pytest.raises(ValidationError) as error:
        services.complaint_restorative_record(
            actor=cworld.complaints_manager,
            complaint=complaint,
            offered_on=D(2025, 12, 22),
            accepted=False,
            held_on=D(2026, 1, 5),
        )
    assert "held_on" in error.value.message_dict
    complaint.refresh_from_db()
    assert complaint.restorative_offered_on is None


def test_only_the_complaints_manager_records_complaints(cworld: SimpleNamespace) -> None:
    assert _client(cworld.quality).get(reverse("evaluation:complaint_create")).status_code == 404
    response = _api(cworld.quality).post("/api/evaluation/complaints/", {}, format="json")
    assert response.status_code == 403
    complaint = make_complaint(cworld)
    url = reverse("evaluation:complaint_stage_extend", args=[complaint.uuid, 1])
    assert _client(cworld.quality).get(url).status_code == 404


def test_a_stage_or_element_that_does_not_exist_is_404_before_any_form(
    cworld: SimpleNamespace,
) -> None:
    """Asking for the form of stage 7, or of an element of another complaint, answers 404
    straight away (it used to show the form and refuse only on sending it)."""
    complaint = make_complaint(cworld)
    manager = _client(cworld.complaints_manager)
    stage_one = reverse("evaluation:complaint_stage_extend", args=[complaint.uuid, 1])
    assert manager.get(stage_one).status_code == 200
    missing_stage = reverse("evaluation:complaint_stage_extend", args=[complaint.uuid, 7])
    assert manager.get(missing_stage).status_code == 404
    element = complaint.elements.first()
    assert element is not None
    outcome = "evaluation:complaint_element_outcome"
    assert manager.get(reverse(outcome, args=[complaint.uuid, element.uuid])).status_code == 200
    other = make_complaint(cworld)
    assert manager.get(reverse(outcome, args=[other.uuid, element.uuid])).status_code == 404


def test_the_api_records_a_complaint(cworld: SimpleNamespace) -> None:
    response = _api(cworld.complaints_manager).post(
        "/api/evaluation/complaints/",
        {
            "procedure": "corporate",
            "received_on": "2026-03-27",
            "complainant_kind": "parent",
            "complainant_name": "Joan Parent",
            "team": str(cworld.team.uuid),
            "summary": "Late",
            "elements": [{"category": "delay", "description": "The assessment was late"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["due_on"] == "2026-04-14"  # 10 working days across Easter 2026
    assert body["complainant_name"] == "Joan Parent"
    assert ComplaintElement.objects.get().category == "delay"
