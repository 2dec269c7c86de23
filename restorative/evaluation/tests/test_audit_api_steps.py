"""Every step of an audit through the API (issue 12 point 10), by the same services as the
pages: grading (a grade outside the scale refused), sharing, the practitioner's reflection,
finishing (refused before the reflection), moderation, a safeguarding alert and its
acknowledgement, closing the programme (refused while the alert is open). Each step allowed
for the person whose step it is, refused for others: 404 for an audit they may not see, 403
for one they may see but not act on; nothing changes on a refusal."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from rest_framework.test import APIClient

from restorative.evaluation.audits import selectors
from restorative.evaluation.models import AuditAnswer, AuditProgramme, CaseAudit, SafeguardingAlert

from .audit_world import build_world, draw

pytestmark = pytest.mark.django_db
BASE = "/api/evaluation/audits/"


@pytest.fixture
def w() -> Any:
    return build_world()


@pytest.fixture
def audit(w: Any) -> CaseAudit:
    """Priya's family (team A), audited by Maya (team B); the quality lead moderates."""
    programme = draw(w, size=10, auditors=[w.mb, w.mc], moderation_percent=0)
    found: CaseAudit = programme.audits.get(family=w.fa[0])
    found.auditor = w.mb
    found.save()
    return found


def api(person: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(person)
    return client


def grading(grade: str = "good", overall: str | None = None) -> dict[str, Any]:
    answers = [
        {
            "question": str(q.uuid),
            "answer": "yes" if q.kind == "compliance" else grade,
            "note": "",
        }
        for section in selectors.tool_sections()
        for q in section.questions.all()
    ]
    return {
        "answers": answers,
        "grade": overall or grade,
        "rationale": "The child's words are in every record.",
        "strengths": "Grandmother's support is named.",
    }


def test_the_whole_audit_through_the_api(w: Any, audit: CaseAudit) -> None:
    url = f"{BASE}{audit.uuid}/"
    response = api(w.mb).put(f"{url}grading/", grading("inadequate"), format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["grade"] == "inadequate" and response.json()["status"] == "in_progress"
    assert AuditAnswer.objects.filter(audit=audit).count() == len(grading()["answers"])
    # Finishing before the practitioner has reflected is refused with the reason.
    response = api(w.mb).post(f"{url}finish/")
    assert response.status_code == 400
    assert "not added their reflection" in str(response.json())
    assert api(w.mb).post(f"{url}share/").json()["status"] == "shared"
    response = api(w.pa).post(f"{url}reflection/", {"reflection": "Fair; I will ask Sam more."})
    assert response.status_code == 200 and response.json()["status"] == "reflected"
    response = api(w.mb).post(f"{url}finish/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "finished" and body["for_moderation"]  # inadequate: always
    response = api(w.quality).post(
        f"{url}moderation/",
        {"grade": "requires_improvement", "reason": "Strengths were missed."},
    )
    assert response.status_code == 200
    assert response.json()["final_grade"] == "requires_improvement"
    assert response.json()["moderated_grade"] == "requires_improvement"


def test_grading_bad_input_gets_messages_and_saves_nothing(w: Any, audit: CaseAudit) -> None:
    url = f"{BASE}{audit.uuid}/grading/"
    response = api(w.mb).put(url, grading("good", overall="superb"), format="json")
    assert response.status_code == 400
    assert "Choose a grade on the scale" in response.json()["grade"][0]
    body = grading("good")
    first = body["answers"][0]
    body["answers"][0] = {**first, "answer": "maybe"}
    response = api(w.mb).put(url, body, format="json")
    assert response.status_code == 400
    assert f"answers.{first['question']}" in response.json()
    body = grading("good")
    body["answers"] = body["answers"][1:]
    response = api(w.mb).put(url, body, format="json")
    assert response.status_code == 400
    response = api(w.mb).put(url, {**grading(), "rationale": ""}, format="json")
    assert response.status_code == 400 and "rationale" in response.json()
    audit.refresh_from_db()
    assert audit.grade == "" and audit.status == "assigned"
    assert not AuditAnswer.objects.filter(audit=audit).exists()


def test_only_the_auditor_grades_shares_and_finishes(w: Any, audit: CaseAudit) -> None:
    url = f"{BASE}{audit.uuid}/"
    # Quality assurance sees every audit but does not do this one: 403. Another team's
    # practitioner does not see it: 404. The practitioner does not see it before it is shared.
    assert api(w.quality).put(f"{url}grading/", grading(), format="json").status_code == 403
    assert api(w.pc).put(f"{url}grading/", grading(), format="json").status_code == 404
    assert api(w.pa).put(f"{url}grading/", grading(), format="json").status_code == 404
    assert api(w.mb).put(f"{url}grading/", grading(), format="json").status_code == 200
    assert api(w.quality).post(f"{url}share/").status_code == 403
    assert api(w.pc).post(f"{url}share/").status_code == 404
    audit.refresh_from_db()
    assert audit.status == "in_progress"
    api(w.mb).post(f"{url}share/")
    # Only the practitioner reflects; the auditor and quality assurance may not.
    for person in (w.mb, w.quality):
        response = api(person).post(f"{url}reflection/", {"reflection": "x"})
        assert response.status_code == 403, person.role
    assert api(w.pc).post(f"{url}reflection/", {"reflection": "x"}).status_code == 404
    response = api(w.pa).post(f"{url}reflection/", {"reflection": "  "})
    assert response.status_code == 400 and "reflection" in response.json()
    api(w.pa).post(f"{url}reflection/", {"reflection": "Fair"})
    assert api(w.pa).post(f"{url}finish/").status_code == 403
    audit.refresh_from_db()
    assert audit.status == "reflected"


def test_moderation_allowed_for_a_moderator_refused_for_the_auditor(
    w: Any, audit: CaseAudit
) -> None:
    url = f"{BASE}{audit.uuid}/"
    api(w.mb).put(f"{url}grading/", grading("inadequate"), format="json")
    api(w.mb).post(f"{url}share/")
    api(w.pa).post(f"{url}reflection/", {"reflection": "Fair"})
    api(w.mb).post(f"{url}finish/")
    audit.programme.moderators.add(w.mb)
    body = {"grade": "good", "reason": "Fine"}
    assert api(w.mb).post(f"{url}moderation/", body).status_code == 403
    assert api(w.pc).post(f"{url}moderation/", body).status_code == 404
    response = api(w.quality).post(f"{url}moderation/", {"grade": "superb", "reason": "x"})
    assert response.status_code == 400 and "Choose a grade on the scale" in str(response.json())
    response = api(w.quality).post(f"{url}moderation/", {"grade": "good", "reason": ""})
    assert response.status_code == 400 and "reason" in response.json()
    audit.refresh_from_db()
    assert audit.moderated_at is None and audit.final_grade == "inadequate"


def test_safeguarding_alert_raised_acknowledged_and_blocking_closure(
    w: Any, audit: CaseAudit
) -> None:
    url = f"{BASE}{audit.uuid}/alerts/"
    # Nobody but the auditor raises one.
    assert api(w.quality).post(url, {"concern": "x"}).status_code == 403
    assert api(w.pc).post(url, {"concern": "x"}).status_code == 404
    response = api(w.mb).post(url, {"concern": ""})
    assert response.status_code == 400 and "concern" in response.json()
    assert not SafeguardingAlert.objects.exists()
    token = str(uuid.uuid4())
    response = api(w.mb).post(
        url, {"concern": "Bruising seen in the notes", "submission_token": token}
    )
    assert response.status_code == 201
    alert_uuid = response.json()["uuid"]
    again = api(w.mb).post(
        url, {"concern": "Bruising seen in the notes", "submission_token": token}
    )
    assert again.status_code == 200 and SafeguardingAlert.objects.count() == 1
    # It is on the team manager's and head of service's lists at once; not another team's.
    assert alert_uuid in str(api(w.ma).get(f"{BASE}alerts/").json())
    assert alert_uuid in str(api(w.h1).get(f"{BASE}alerts/").json())
    assert alert_uuid not in str(api(w.mc).get(f"{BASE}alerts/").json())
    # Quality assurance sees every alert, not only those they raised (decision 0015).
    assert alert_uuid in str(api(w.quality).get(f"{BASE}alerts/").json())
    assert api(w.quality).get(f"{BASE}alerts/{alert_uuid}/").status_code == 200
    assert api(w.mc).get(f"{BASE}alerts/{alert_uuid}/").status_code == 404
    # The programme cannot close while it is open.
    close = f"{BASE}programmes/{audit.programme.uuid}/close/"
    response = api(w.quality).post(close)
    assert response.status_code == 400 and "safeguarding alert is open" in str(response.json())
    assert AuditProgramme.objects.get(pk=audit.programme_id).status == "open"
    # Acknowledging: the team manager or head of service only, saying what they did.
    ack = f"{BASE}alerts/{alert_uuid}/acknowledgement/"
    assert api(w.quality).post(ack, {"action_taken": "x"}).status_code == 403
    assert api(w.mc).post(ack, {"action_taken": "x"}).status_code == 404
    response = api(w.ma).post(ack, {"action_taken": ""})
    assert response.status_code == 400 and "action_taken" in response.json()
    response = api(w.ma).post(ack, {"action_taken": "Strategy discussion held today."})
    assert response.status_code == 200 and response.json()["acknowledged_at"]
    # Only quality assurance closes it, now that no alert is open.
    assert api(w.mb).post(close).status_code in (403, 404)
    response = api(w.quality).post(close)
    assert response.status_code == 200 and response.json()["status"] == "closed"


def test_anonymous_callers_get_nothing(audit: CaseAudit) -> None:
    client = APIClient()
    assert client.put(f"{BASE}{audit.uuid}/grading/", {}, format="json").status_code in (401, 403)
    assert client.get(f"{BASE}alerts/").status_code in (401, 403)
