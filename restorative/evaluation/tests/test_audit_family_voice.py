"""Audit with, not to (issue 12 point 3): once the draft is shared, whoever may invite the
family's feedback (the practitioner whose work is audited) is offered the feedback links
from the audit's page; the auditor from another team, who may not invite for the family,
is not."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from restorative.evaluation.audits import selectors, services
from restorative.evaluation.models import CaseAudit

from .audit_world import build_world, draw

pytestmark = pytest.mark.django_db


def test_the_practitioner_is_offered_the_familys_feedback_links(client: Client) -> None:
    w: Any = build_world()
    programme = draw(w, size=10, auditors=[w.mb, w.mc], moderation_percent=0)
    audit: CaseAudit = programme.audits.get(family=w.fa[0])
    audit.auditor = w.mb
    audit.save()
    answers = {
        str(q.uuid): "yes" if q.kind == "compliance" else "good"
        for section in selectors.tool_sections()
        for q in section.questions.all()
    }
    services.audit_save(actor=w.mb, audit=audit, answers=answers, grade="good", rationale="x")
    services.audit_share(actor=w.mb, audit=CaseAudit.objects.get(pk=audit.pk))
    page = reverse("evaluation:audit_detail", args=[audit.uuid])
    invite = reverse("evaluation:feedback_family", args=[audit.family.uuid])
    client.force_login(w.pa)
    body = client.get(page).content.decode()
    assert invite in body and "how the work felt to them" in body
    assert client.get(invite).status_code == 200
    client.force_login(w.mb)
    assert invite not in client.get(page).content.decode()
