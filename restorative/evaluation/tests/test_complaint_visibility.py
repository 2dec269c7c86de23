"""Who sees a complaint. A complaint about a member of staff is never shown to that person —
page, export, list, list export and API all answer as if it did not exist — even when their
role would otherwise reach it (a team manager of the team complained about)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from restorative.evaluation.complaints import permissions
from restorative.evaluation.models import Complaint

from .complaint_fixtures import cworld_fixture, make_complaint  # noqa: F401


def _client(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _api(person: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(person)
    return client


@pytest.fixture
def about_manager(cworld: SimpleNamespace) -> Complaint:
    return make_complaint(cworld, staff=[cworld.manager])


def _urls(complaint: Complaint) -> dict[str, str]:
    return {
        "page": reverse("evaluation:complaint_detail", args=[complaint.uuid]),
        "export": reverse("evaluation:complaint_csv", args=[complaint.uuid]),
        "api": f"/api/evaluation/complaints/{complaint.uuid}/",
    }


def test_the_member_of_staff_complained_about_gets_404_everywhere(
    cworld: SimpleNamespace, about_manager: Complaint
) -> None:
    urls = _urls(about_manager)
    client = _client(cworld.manager)
    assert client.get(urls["page"]).status_code == 404
    assert client.get(urls["export"]).status_code == 404
    assert _api(cworld.manager).get(urls["api"]).status_code == 404
    # Nor is it in their lists, on the page, in the list's export or in the API.
    listing = client.get(reverse("evaluation:complaint_list") + "?status=all").content.decode()
    assert about_manager.reference not in listing
    export = client.get(reverse("evaluation:complaint_list_csv")).content.decode()
    assert about_manager.reference not in export
    body = _api(cworld.manager).get("/api/evaluation/complaints/").json()
    assert about_manager.reference not in [row["reference"] for row in body["results"]]
    # Nor through the learning raised from it.
    finding = reverse("evaluation:learning_finding", args=["complaint", about_manager.uuid])
    assert client.get(finding).status_code == 404


def test_the_rule_hides_it_from_them_even_as_the_teams_manager(
    cworld: SimpleNamespace, about_manager: Complaint
) -> None:
    """Without the staff link the same manager would see it: the exclusion is what refuses."""
    other = make_complaint(cworld)
    assert permissions.can_view_complaint(cworld.manager, other)
    assert not permissions.can_view_complaint(cworld.manager, about_manager)
    visible = Complaint.objects.filter(permissions.complaints_visible_q(cworld.manager))
    assert set(visible) == {other}


@pytest.mark.parametrize(
    "who", ["complaints_manager", "quality", "director", "head", "manager_two"]
)
def test_those_allowed_see_it_on_page_export_and_api(
    cworld: SimpleNamespace, about_manager: Complaint, who: str
) -> None:
    person = getattr(cworld, who)
    urls = _urls(about_manager)
    page = _client(person).get(urls["page"])
    assert page.status_code == 200
    assert "Joan Complainant" in page.content.decode()
    export = _client(person).get(urls["export"])
    assert export.status_code == 200 and about_manager.reference in export.content.decode()
    assert _api(person).get(urls["api"]).json()["reference"] == about_manager.reference


@pytest.mark.parametrize("who", ["practitioner", "other_manager", "workforce"])
def test_those_outside_the_rule_get_404(
    cworld: SimpleNamespace, about_manager: Complaint, who: str
) -> None:
    person = getattr(cworld, who)
    urls = _urls(about_manager)
    assert _client(person).get(urls["page"]).status_code == 404
    assert _client(person).get(urls["export"]).status_code == 404
    assert _api(person).get(urls["api"]).status_code == 404


def test_lists_leave_out_the_complainants_details(
    cworld: SimpleNamespace, about_manager: Complaint
) -> None:
    body = _api(cworld.quality).get("/api/evaluation/complaints/").json()
    row = body["results"][0]
    assert "complainant_name" not in row and "complainant_contact" not in row
    assert row["complainant_kind"] == "parent"
    export = _client(cworld.quality).get(reverse("evaluation:complaint_list_csv")).content.decode()
    assert "Joan Complainant" not in export and "12 Any Street" not in export
    page = _client(cworld.quality).get(reverse("evaluation:complaint_list")).content.decode()
    assert "Joan Complainant" not in page


def test_object_check_and_list_filter_agree(
    cworld: SimpleNamespace, about_manager: Complaint
) -> None:
    other_team = make_complaint(cworld, team=cworld.other_team)
    whole_service = make_complaint(cworld, team=None, service=cworld.service)
    for person in vars(cworld).values():
        if not hasattr(person, "role"):
            continue
        listed = set(Complaint.objects.filter(permissions.complaints_visible_q(person)))
        for complaint in (about_manager, other_team, whole_service):
            assert (complaint in listed) == permissions.can_view_complaint(person, complaint), (
                person.role,
                complaint.reference,
            )
