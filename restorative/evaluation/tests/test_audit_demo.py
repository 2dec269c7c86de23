"""The demo case-file audits tell a coherent story: every sample re-draws from its recorded
population and seed, nobody audits their own team, no family is audited twice within 12
months, and the demo sign-ins each find their task waiting."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.db import transaction

from restorative.evaluation.audits import selectors
from restorative.evaluation.models import AuditProgramme, CaseAudit
from restorative.people.demo_data import DEMO_EMAIL_DOMAIN
from restorative.people.models import Staff


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--scale", "small", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def _demo(key: str) -> Staff:
    return Staff.objects.get(email=f"{key}@{DEMO_EMAIL_DOMAIN}")


@pytest.mark.django_db
def test_demo_audits_are_coherent(demo: None) -> None:
    programmes = list(AuditProgramme.objects.all())
    assert len(programmes) == 5
    for programme in programmes:
        assert selectors.sample_check(programme), programme.theme
    audits = list(CaseAudit.objects.select_related("auditor", "family", "programme"))
    assert audits
    for audit in audits:
        assert audit.auditor.team_id != audit.family.team_id
        if audit.status == CaseAudit.Status.FINISHED:
            assert audit.reflection and audit.final_grade
    by_family: dict[int, list[Any]] = {}
    for audit in audits:
        by_family.setdefault(audit.family_id, []).append(audit.drawn_on)
    for dates in by_family.values():
        dates.sort()
        for earlier, later in zip(dates, dates[1:], strict=False):
            assert later > earlier + relativedelta(months=12)
    moderated = [a for a in audits if a.moderated_at]
    assert moderated and all(a.final_grade == a.moderated_grade for a in moderated)


@pytest.mark.django_db
def test_demo_people_find_their_tasks(demo: None) -> None:
    assert selectors.audit_tasks(_demo("practitioner")).to_reflect
    assert selectors.audit_tasks(_demo("manager")).alerts
    assert selectors.audit_tasks(_demo("head")).alerts
    assert selectors.audit_tasks(_demo("quality")).to_moderate
