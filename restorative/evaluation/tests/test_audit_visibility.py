"""Who sees which audits, reports and downloads, on the pages and through the API: the
allowed and the refused case for each role; reports are figures in a constant number of
queries; lists in the API carry no case text."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from restorative.evaluation.audits import services
from restorative.evaluation.models import CaseAudit

from .audit_world import build_world, draw
from .test_audit_flow import answers_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> Any:
    return build_world()


def _finish(w: Any, audit: CaseAudit, grade: str, reflector: Any) -> CaseAudit:
    audit = services.audit_save(
        actor=audit.auditor,
        audit=audit,
        answers=answers_for(grade),
        grade=grade,
        rationale="SECRET-RATIONALE words about the family",
        strengths="SECRET-STRENGTHS",
    )
    services.audit_share(actor=audit.auditor, audit=audit)
    services.audit_reflect(
        actor=reflector, audit=CaseAudit.objects.get(pk=audit.pk), reflection="SECRET-REFLECTION"
    )
    return services.audit_finish(actor=audit.auditor, audit=CaseAudit.objects.get(pk=audit.pk))


@pytest.fixture
def finished(w: Any) -> dict[str, CaseAudit]:
    programme = draw(w, size=10, auditors=[w.mb, w.mc, w.ma], moderation_percent=0)
    a = programme.audits.get(family=w.fa[0])
    c = programme.audits.get(family=w.fc[0])
    return {
        "a": _finish(w, a, "good", w.pa),
        "c": _finish(w, c, "inadequate", w.pc),
    }


def test_audit_page_allowed_and_refused(
    w: Any, finished: dict[str, CaseAudit], client: Any
) -> None:
    audit = finished["a"]
    url = reverse("evaluation:audit_detail", args=[audit.uuid])
    for person in (w.quality, w.director, audit.auditor, w.pa, w.ma, w.h1):
        client.force_login(person)
        assert client.get(url).status_code == 200, person.role
    for person in (w.pa2, w.pb, w.mc, w.h2, w.workforce, w.admin):
        client.force_login(person)
        assert client.get(url).status_code == 404, person.role


def test_reports_figures_by_team_and_theme(
    w: Any, finished: dict[str, CaseAudit], client: Any
) -> None:
    client.force_login(w.quality)
    response = client.get(reverse("evaluation:audit_reports"), {"by": "team"})
    body = response.content.decode()
    assert response.status_code == 200 and "<svg" in body
    assert "North Safeguarding" in body and "Children in Care East" in body
    assert "SECRET" not in body and w.fa[0].name not in body
    # A team manager sees their own team's figures only.
    client.force_login(w.ma)
    body = client.get(reverse("evaluation:audit_reports"), {"by": "team"}).content.decode()
    assert "North Safeguarding" in body and "Children in Care East" not in body
    # A practitioner and the workforce team do not see the reports.
    for person in (w.pa, w.workforce):
        client.force_login(person)
        assert client.get(reverse("evaluation:audit_reports")).status_code == 404
        assert client.get(reverse("evaluation:audit_reports_csv")).status_code == 404
        assert client.get(reverse("evaluation:audit_reports_xlsx")).status_code == 404


def test_report_downloads(w: Any, finished: dict[str, CaseAudit], client: Any) -> None:
    client.force_login(w.h1)
    response = client.get(reverse("evaluation:audit_reports_csv"), {"by": "service"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Service" and rows[0][1] == "Outstanding"
    assert rows[1][0] == "Safeguarding" and rows[1][2] == "1"  # one good
    assert all(row[0] != "Children in Care" for row in rows if row)
    response = client.get(reverse("evaluation:audit_reports_xlsx"), {"by": "theme"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Theme" and values[1][0].startswith("The child")


def test_reports_constant_queries(w: Any, finished: dict[str, CaseAudit], client: Any) -> None:
    client.force_login(w.quality)
    url = reverse("evaluation:audit_reports")
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"by": "team"})
    more = draw(
        w,
        size=5,
        auditors=[w.mb, w.mc, w.ma],
        moderation_percent=0,
        seed=3,
        today=timezone.localdate() + datetime.timedelta(days=400),
    )
    for audit in more.audits.select_related("practitioner"):
        _finish(w, audit, "requires_improvement", audit.practitioner)
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"by": "team"})
    assert len(many) == len(few)


def test_api_lists_without_case_text_and_refuses_others(
    w: Any, finished: dict[str, CaseAudit], client: Any
) -> None:
    audit = finished["a"]
    client.force_login(w.quality)
    listed = client.get("/api/evaluation/audits/")
    assert listed.status_code == 200
    assert listed.json()["count"] == 10
    assert "SECRET" not in listed.content.decode()
    detail = client.get(f"/api/evaluation/audits/{audit.uuid}/")
    assert detail.status_code == 200 and detail.json()["rationale"].startswith("SECRET-RATIONALE")
    programme = audit.programme
    body = client.get(f"/api/evaluation/audits/programmes/{programme.uuid}/").json()
    assert body["sample_checks"] is True and body["seed"] == programme.seed
    audits = client.get(f"/api/evaluation/audits/programmes/{programme.uuid}/audits/")
    assert audits.status_code == 200 and "SECRET" not in audits.content.decode()
    # The practitioner sees their own audit, not another team's.
    client.force_login(w.pa)
    assert client.get(f"/api/evaluation/audits/{audit.uuid}/").status_code == 200
    assert client.get(f"/api/evaluation/audits/{finished['c'].uuid}/").status_code == 404
    assert client.get(f"/api/evaluation/audits/programmes/{programme.uuid}/").status_code == 404
    assert {a["uuid"] for a in client.get("/api/evaluation/audits/").json()["results"]} == {
        str(audit.uuid)
    }
    client.force_login(w.workforce)
    assert client.get(f"/api/evaluation/audits/{audit.uuid}/").status_code == 404
    assert client.get("/api/evaluation/audits/").json()["count"] == 0
    client.logout()
    assert client.get("/api/evaluation/audits/").status_code == 401


def test_programme_page_shows_kappa_after_moderation(w: Any, client: Any) -> None:
    programme = draw(w, size=10, auditors=[w.mb, w.mc, w.ma], moderation_percent=100)
    for audit in programme.audits.select_related("practitioner", "auditor"):
        _finish(w, audit, "good", audit.practitioner)
    for index, audit in enumerate(programme.audits.all()):
        services.audit_moderate(
            actor=w.quality,
            audit=audit,
            grade="good" if index % 2 else "outstanding",
            reason="Checked",
        )
    client.force_login(w.quality)
    body = client.get(reverse("evaluation:audit_programme", args=[programme.uuid])).content.decode()
    assert "5 of 10 (50%)" in body
    assert 'id="kappa">0.00' in body  # the auditor graded all "good": kappa 0


def test_navigation_and_home(w: Any, client: Any) -> None:
    for person in (w.pa, w.ma, w.quality):
        client.force_login(person)
        assert client.get(reverse("evaluation:audits_home")).status_code == 200
    for person in (w.workforce, w.admin):
        client.force_login(person)
        assert client.get(reverse("evaluation:audits_home")).status_code == 404


def test_reading_findings_writes_the_access_trail(
    w: Any, finished: dict[str, CaseAudit], client: Any
) -> None:
    from restorative.core.audit import trail_links
    from restorative.core.models import AccessEvent

    audit = finished["a"]
    client.force_login(w.ma)
    client.get(reverse("evaluation:audit_detail", args=[audit.uuid]))
    event = AccessEvent.objects.get(actor_id=w.ma.pk, subject_type="caseaudit")
    assert event.family_uuid == audit.family.uuid
    assert event.reason == "audit findings for their team or service"
    assert audit.programme.theme in event.description
    client.force_login(w.pa)
    client.get(f"/api/evaluation/audits/{audit.uuid}/")
    event = AccessEvent.objects.get(actor_id=w.pa.pk)
    assert event.channel == "api" and event.reason == "practitioner whose work is audited"
    # The trail links back to the audit for a reader who may open it, not for others.
    assert trail_links(w.quality, [event]) == {
        event.pk: reverse("evaluation:audit_detail", args=[audit.uuid])
    }
    assert trail_links(w.pc, [event]) == {}
    # A refused read writes nothing.
    client.force_login(w.pb)
    assert client.get(reverse("evaluation:audit_detail", args=[audit.uuid])).status_code == 404
    assert not AccessEvent.objects.filter(actor_id=w.pb.pk).exists()


def test_api_draws_a_programme_and_refuses_bad_input(w: Any, client: Any) -> None:
    import uuid as uuid_module

    from restorative.evaluation.models import AuditProgramme

    body = {
        "theme": "Plans made with families",
        "period_start": "2026-06-01",
        "period_end": "2026-11-30",
        "method": "random",
        "requested_size": 11,
        "auditors": [str(w.mb.uuid), str(w.mc.uuid)],
        "submission_token": str(uuid_module.uuid4()),
    }
    client.force_login(w.ma)
    assert (
        client.post("/api/evaluation/audits/programmes/", body, "application/json").status_code
        == 403
    )
    client.force_login(w.quality)
    refused = client.post("/api/evaluation/audits/programmes/", body, "application/json")
    assert refused.status_code == 400
    assert "larger than the 10 families" in refused.json()["requested_size"][0]
    assert not AuditProgramme.objects.exists()
    body["requested_size"] = 4
    made = client.post("/api/evaluation/audits/programmes/", body, "application/json")
    assert made.status_code == 201 and made.json()["sample_checks"] is True
    again = client.post("/api/evaluation/audits/programmes/", body, "application/json")
    assert again.status_code == 200 and AuditProgramme.objects.count() == 1


def test_list_filter_and_object_check_agree(w: Any, finished: dict[str, CaseAudit]) -> None:
    from restorative.evaluation.audits import permissions
    from restorative.evaluation.models import AuditProgramme, SafeguardingAlert

    open_audit = CaseAudit.objects.filter(status="assigned").select_related("auditor").first()
    assert open_audit is not None
    services.alert_raise(actor=open_audit.auditor, audit=open_audit, concern="Worry")
    people = [
        w.quality,
        w.director,
        w.workforce,
        w.admin,
        w.pa,
        w.pa2,
        w.pb,
        w.pc,
        w.ma,
        w.mb,
        w.mc,
        w.h1,
        w.h2,
    ]
    audits = list(CaseAudit.objects.select_related("programme", "team"))
    programmes = list(AuditProgramme.objects.all())
    alerts = list(SafeguardingAlert.objects.select_related("audit__team"))
    for person in people:
        listed = set(
            CaseAudit.objects.filter(permissions.audits_visible_q(person)).values_list(
                "pk", flat=True
            )
        )
        assert listed == {a.pk for a in audits if permissions.can_view_audit(person, a)}, (
            person.role
        )
        listed = set(
            AuditProgramme.objects.filter(permissions.programmes_visible_q(person)).values_list(
                "pk", flat=True
            )
        )
        assert listed == {p.pk for p in programmes if permissions.can_view_programme(person, p)}
        visible_alerts = set(
            SafeguardingAlert.objects.filter(permissions.alerts_visible_q(person)).values_list(
                "pk", flat=True
            )
        )
        for alert in alerts:
            if permissions.can_acknowledge_alert(person, alert):
                assert alert.pk in visible_alerts
