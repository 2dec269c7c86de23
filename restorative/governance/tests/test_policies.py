"""The policy register: the review cycle, triggers, uploads and the language check,
acknowledgements and their coverage by team."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from restorative.governance import review
from restorative.governance.docx import NotADocx, docx_text
from restorative.governance.models import Acknowledgement, Policy, PolicyVersion
from restorative.governance.services.policies import (
    policy_create,
    policy_version_add,
)

TODAY = datetime.date.today()
PROCEDURE = "Staff must challenge the mother who is manipulative.\nRecord views in full."


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _docx(paragraphs: list[str]) -> bytes:
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>' for p in paragraphs)
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return out.getvalue()


def _date(prefix: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


# --- The review cycle, pure ------------------------------------------------------------


def test_review_falls_due_two_years_after_approval() -> None:
    assert review.default_review_due(datetime.date(2025, 3, 4)) == datetime.date(2027, 3, 4)
    assert review.default_review_due(datetime.date(2024, 2, 29)) == datetime.date(2026, 2, 28)


def test_a_trigger_brings_the_review_forward_never_back() -> None:
    due = datetime.date(2027, 3, 4)
    assert review.next_review(due, []) == due
    assert review.next_review(due, [datetime.date(2026, 6, 1)]) == datetime.date(2026, 6, 1)
    assert review.next_review(due, [datetime.date(2028, 1, 1), None]) == due
    assert review.next_review(None, []) is None


def test_overdue_from_the_day_after() -> None:
    due = datetime.date(2027, 3, 4)
    assert not review.is_review_overdue(due, today=due)
    assert review.is_review_overdue(due, today=due + datetime.timedelta(days=1))
    assert not review.is_review_overdue(None, today=due)


# --- Word documents --------------------------------------------------------------------


def test_docx_text_reads_paragraphs() -> None:
    assert docx_text(_docx(["First line", "Second line"])) == "First line\nSecond line"


@pytest.mark.parametrize(
    "data",
    [
        b"not a zip at all",
        _docx(["x"]).replace(b"word/document.xml", b"word/other000.xml"),
    ],
)
def test_not_a_docx_is_refused(data: bytes) -> None:
    with pytest.raises(NotADocx):
        docx_text(data)


def test_a_docx_with_a_dtd_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
        )
    with pytest.raises(NotADocx):
        docx_text(out.getvalue())


# --- Pages -----------------------------------------------------------------------------


@pytest.fixture
def policy(world: Any) -> Policy:
    return policy_create(actor=world.director, title="Restorative practice policy", kind="policy")


def test_director_records_a_version_from_a_docx_and_sees_the_language_check(
    world: Any, policy: Policy
) -> None:
    client = _client(world.director)
    approved = TODAY - datetime.timedelta(days=10)
    response = client.post(
        reverse("governance:version_add", args=[policy.uuid]),
        {
            "number": "2.0",
            "approved_by": "Children's Services Leadership Team",
            **_date("approved_on", approved),
            "upload": SimpleUploadedFile("procedure.docx", _docx(PROCEDURE.split("\n"))),
        },
    )
    assert response.status_code == 302
    version = PolicyVersion.objects.get()
    assert version.review_due_on == review.default_review_due(approved)
    assert version.text == PROCEDURE
    body = client.get(response["Location"]).content.decode()
    assert "manipulative" in body and 'id="findings"' in body


def test_a_file_that_is_not_a_docx_is_refused_and_nothing_saved(world: Any, policy: Policy) -> None:
    response = _client(world.director).post(
        reverse("governance:version_add", args=[policy.uuid]),
        {
            "number": "2.0",
            "approved_by": "Leadership team",
            **_date("approved_on", TODAY),
            "upload": SimpleUploadedFile("procedure.docx", b"PK this is not really a zip"),
        },
    )
    assert response.status_code == 200
    assert (
        "The file must be a Word document (.docx) or plain text (.txt)" in response.content.decode()
    )
    assert not PolicyVersion.objects.exists()


def test_a_pdf_is_refused(world: Any, policy: Policy) -> None:
    response = _client(world.director).post(
        reverse("governance:version_add", args=[policy.uuid]),
        {
            "number": "1",
            "approved_by": "Leadership team",
            **_date("approved_on", TODAY),
            "upload": SimpleUploadedFile("procedure.pdf", b"%PDF-1.4"),
        },
    )
    assert "must be a Word document" in response.content.decode()
    assert not PolicyVersion.objects.exists()


def test_approval_in_the_future_is_refused(world: Any, policy: Policy) -> None:
    response = _client(world.director).post(
        reverse("governance:version_add", args=[policy.uuid]),
        {
            "number": "1",
            "approved_by": "LT",
            **_date("approved_on", TODAY + datetime.timedelta(days=1)),
        },
    )
    assert "Date approved must be today or in the past" in response.content.decode()
    assert not PolicyVersion.objects.exists()


def test_a_trigger_brings_the_review_forward_and_overdue_shows_to_the_director(
    world: Any, policy: Policy
) -> None:
    approved = TODAY - datetime.timedelta(days=100)
    policy_version_add(
        actor=world.director,
        policy=policy,
        number="1",
        approved_by="LT",
        approved_on=approved,
        text=PROCEDURE,
    )
    client = _client(world.director)
    detail = reverse("governance:policy_detail", args=[policy.uuid])
    due = review.default_review_due(approved)
    assert due.strftime("%-d %B %Y") in client.get(detail).content.decode()

    soon = TODAY + datetime.timedelta(days=14)
    response = client.post(
        reverse("governance:trigger_add", args=[policy.uuid]),
        {
            "kind": "legislation",
            "evidence": "Working Together 2026 published",
            **_date("review_by", soon),
        },
    )
    assert response.status_code == 302
    body = client.get(detail).content.decode()
    assert soon.strftime("%-d %B %Y") in body and "brought the review forward" in body

    # A trigger recorded earlier with a date now passed: the review is overdue.
    trigger = policy.triggers.get()
    policy.triggers.filter(pk=trigger.pk).update(review_by=TODAY - datetime.timedelta(days=1))
    picture = client.get(reverse("governance:picture")).content.decode()
    assert 'id="reviews-overdue"' in picture and "Restorative practice policy" in picture


def test_a_trigger_date_in_the_past_is_refused(world: Any, policy: Policy) -> None:
    response = _client(world.director).post(
        reverse("governance:trigger_add", args=[policy.uuid]),
        {
            "kind": "feedback",
            "evidence": "Barrier about rooms",
            **_date("review_by", TODAY - datetime.timedelta(days=1)),
        },
    )
    assert "Review by must be today or in the future" in response.content.decode()
    assert not policy.triggers.exists()


def test_only_the_keepers_change_the_register(world: Any, policy: Policy) -> None:
    for who in (world.head, world.manager, world.allocated):
        client = _client(who)
        assert client.get(reverse("governance:policy_add")).status_code == 404
        assert client.get(reverse("governance:version_add", args=[policy.uuid])).status_code == 404
        assert client.get(reverse("governance:trigger_add", args=[policy.uuid])).status_code == 404
        assert (
            client.get(reverse("governance:policy_detail", args=[policy.uuid])).status_code == 200
        )
    assert _client(world.partner).get(reverse("governance:policies")).status_code == 404


def test_staff_acknowledge_and_coverage_by_team_follows_the_picture_rule(
    world: Any, policy: Policy
) -> None:
    version = policy_version_add(
        actor=world.director, policy=policy, number="1", approved_by="LT", approved_on=TODAY
    )
    url = reverse("governance:version_detail", args=[version.uuid])
    for who in (world.allocated, world.same_team, world.other_service):
        assert _client(who).post(url).status_code == 302
    _client(world.allocated).post(url)  # twice: still once
    assert Acknowledgement.objects.count() == 3

    head = _client(world.head).get(url).content.decode()
    coverage = head.split('id="coverage"')[1].split("</table>")[0]
    assert "North Safeguarding" in coverage and "Children in Care East" not in coverage
    # North Safeguarding: 5 active staff (allocated, colleague, ASYE, manager, support), 2
    # acknowledged.
    assert "2 of 5" in coverage
    practitioner = _client(world.allocated).get(url).content.decode()
    assert 'id="coverage"' not in practitioner and "You have acknowledged" in practitioner


def test_a_trigger_links_to_its_evidence_in_the_product(world: Any, policy: Policy) -> None:
    from restorative.governance.services.barriers import barrier_raise

    barrier, _ = barrier_raise(
        actor=world.allocated, theme="time", description="No rooms for circles", team=None
    )
    link = reverse("governance:barrier_detail", args=[barrier.uuid])
    client = _client(world.director)
    response = client.post(
        reverse("governance:trigger_add", args=[policy.uuid]),
        {"kind": "feedback", "evidence": "Barrier about rooms", "evidence_link": link},
    )
    assert response.status_code == 302
    body = client.get(reverse("governance:policy_detail", args=[policy.uuid])).content.decode()
    assert f'href="{link}">Open the evidence' in body
    assert client.get(link).status_code == 200  # the director opens the barrier


@pytest.mark.parametrize(
    "link",
    [
        "https://example.org/evidence",
        "//example.org/evidence",
        "javascript:alert(1)",
        "/no/such/page/here/",
        "/governance/ barriers/",
    ],
)
def test_a_link_outside_the_product_is_refused_and_nothing_saved(
    world: Any, policy: Policy, link: str
) -> None:
    response = _client(world.director).post(
        reverse("governance:trigger_add", args=[policy.uuid]),
        {"kind": "feedback", "evidence": "Barrier about rooms", "evidence_link": link},
    )
    assert "Enter an address in this service starting with /" in response.content.decode()
    assert not policy.triggers.exists()
