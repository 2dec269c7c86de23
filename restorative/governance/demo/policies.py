"""Demo policy register (§10): the implementation policy near its two-year review with a
trigger that brings it forward, a procedure whose words the language check flags, and a
supervision policy whose review is overdue; with acknowledgements from most staff."""

from __future__ import annotations

import datetime
import random

from dateutil.relativedelta import relativedelta
from django.db import transaction

from restorative.people.demo_data import DEMO_EMAIL_DOMAIN
from restorative.people.models import Staff

from ..models import Acknowledgement, Policy, PolicyVersion, ReviewTrigger
from ..review import default_review_due

SEED = 1310

FGC_PROCEDURE = """Family group conference procedure

1. Purpose
A family group conference brings the family network together to make a plan for the child.

2. Referral
The social worker refers when parents are non-compliant with the child protection plan or
when a mother is failing to engage with services.

3. Preparation
The coordinator visits each family member and explains private family time.

4. Private family time
The family meets without professionals and makes its plan.

5. Agreeing the plan
The plan is agreed with the family and reviewed within three months."""

POLICY_TEXT = """Restorative Practice Implementation Policy

We work with families, not to them or for them. Every practitioner uses restorative
conversations, records the views of children in their own words and co-designs plans with
families."""

SUPERVISION_TEXT = """Supervision policy

Supervision is reflective, relational and supportive. Every practitioner is supervised at
least monthly; newly qualified practitioners weekly for their first six weeks."""


def seed(*, scale: str, today: datetime.date) -> dict[str, int]:
    director = Staff.objects.filter(email=f"director@{DEMO_EMAIL_DOMAIN}").first()
    if director is None:
        return {"policies": 0}
    rng = random.Random(SEED)
    with transaction.atomic():
        implementation = Policy.objects.create(
            title="Restorative Practice Implementation Policy",
            kind=Policy.Kind.POLICY,
            summary="How we put restorative practice into daily work, and prove it.",
        )
        approved = today - relativedelta(months=22)
        current = PolicyVersion.objects.create(
            policy=implementation,
            number="1.0",
            approved_by="Children's Services Leadership Team",
            approved_on=approved,
            review_due_on=default_review_due(approved),
            text=POLICY_TEXT,
            added_by=director,
        )
        ReviewTrigger.objects.create(
            policy=implementation,
            kind=ReviewTrigger.Kind.FEEDBACK,
            evidence="Barriers register: preparation time for family group conferences",
            review_by=today + relativedelta(months=1),
            recorded_by=director,
        )
        ReviewTrigger.objects.create(
            policy=implementation,
            kind=ReviewTrigger.Kind.LEGISLATION,
            evidence="Working Together to Safeguard Children: updated statutory guidance",
            recorded_by=director,
        )
        fgc = Policy.objects.create(
            title="Family group conference procedure", kind=Policy.Kind.PROCEDURE
        )
        fgc_approved = today - relativedelta(months=8)
        PolicyVersion.objects.create(
            policy=fgc,
            number="3.1",
            approved_by="Head of Service, Safeguarding",
            approved_on=fgc_approved,
            review_due_on=default_review_due(fgc_approved),
            text=FGC_PROCEDURE,
            source_name="fgc-procedure-v3-1.docx",
            added_by=director,
        )
        supervision = Policy.objects.create(title="Supervision policy", kind=Policy.Kind.POLICY)
        old = today - relativedelta(months=26)
        PolicyVersion.objects.create(
            policy=supervision,
            number="2.0",
            approved_by="Principal Social Worker",
            approved_on=old,
            review_due_on=default_review_due(old),
            text=SUPERVISION_TEXT,
            added_by=director,
        )
        readers = list(
            Staff.objects.filter(is_active=True, team__isnull=False)
            .exclude(role=Staff.Role.PARTNER)
            .values_list("pk", flat=True)
            .order_by("pk")
        )
        acknowledged = [pk for pk in readers if rng.random() < 0.7]
        Acknowledgement.objects.bulk_create(
            [Acknowledgement(version=current, staff_id=pk) for pk in acknowledged],
            batch_size=5000,
        )
    return {"policies": 3, "policy acknowledgements": len(acknowledged)}


def reset() -> None:
    Acknowledgement.objects.all().delete()
    ReviewTrigger.objects.all().delete()
    PolicyVersion.objects.all().delete()
    Policy.objects.all().delete()
