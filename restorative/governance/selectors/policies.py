"""Reading the policy register: versions, the next review, acknowledgement coverage by team,
and where a procedure's own words shame or label (the language checker)."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from restorative.people.models import Staff, Team

from .. import permissions
from ..models import Acknowledgement, Policy, PolicyVersion, ReviewTrigger
from ..review import is_review_overdue, next_review


@dataclass(frozen=True)
class PolicyRow:
    policy: Policy
    current: PolicyVersion | None
    review_due: datetime.date | None
    overdue: bool
    brought_forward: bool


def _current_versions() -> Prefetch:  # type: ignore[type-arg]
    return Prefetch(
        "versions",
        queryset=PolicyVersion.objects.order_by("-approved_on", "-id"),
        to_attr="ordered",
    )


def _row(policy: Any, today: datetime.date) -> PolicyRow:
    current = policy.ordered[0] if policy.ordered else None
    since = current.approved_on if current else None
    forward = [
        t.review_by
        for t in policy.triggers.all()
        if t.review_by is not None and (since is None or t.created_at.date() >= since)
    ]
    due = next_review(current.review_due_on if current else None, forward)
    return PolicyRow(
        policy=policy,
        current=current,
        review_due=due,
        overdue=is_review_overdue(due, today=today),
        brought_forward=bool(current and due is not None and due < current.review_due_on),
    )


def policy_rows(user: Any, *, today: datetime.date) -> list[PolicyRow]:
    """Every policy with its current version and next review (earliest first)."""
    if not permissions.can_view_policies(user):
        return []
    return policy_rows_all(today=today)


def policy_rows_all(*, today: datetime.date) -> list[PolicyRow]:
    policies = Policy.objects.prefetch_related(_current_versions(), "triggers")
    rows = [_row(p, today) for p in policies]
    rows.sort(key=lambda r: (r.review_due is None, r.review_due or today, r.policy.title))
    return rows


def reviews_overdue(*, today: datetime.date) -> list[PolicyRow]:
    """Policies whose review is overdue, for the director's picture (§10)."""
    return [row for row in policy_rows_all(today=today) if row.overdue]


def policy_get(user: Any, policy_uuid: uuid.UUID | str, *, today: datetime.date) -> PolicyRow:
    """A policy with its review state, or 404."""
    if not permissions.can_view_policies(user):
        raise Http404
    try:
        policy = Policy.objects.prefetch_related(_current_versions(), "triggers").get(
            uuid=policy_uuid
        )
    except (Policy.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such policy") from exc
    return _row(policy, today)


def version_get(user: Any, version_uuid: uuid.UUID | str) -> PolicyVersion:
    if not permissions.can_view_policies(user):
        raise Http404
    try:
        return PolicyVersion.objects.select_related("policy").get(uuid=version_uuid)
    except (PolicyVersion.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such version") from exc


def triggers_of(policy: Policy) -> QuerySet[ReviewTrigger]:
    return policy.triggers.select_related("recorded_by").order_by("-created_at")


def has_acknowledged(user: Any, version: PolicyVersion) -> bool:
    return Acknowledgement.objects.filter(version=version, staff_id=user.pk).exists()


@dataclass(frozen=True)
class CoverageRow:
    team: Team
    staff: int
    acknowledged: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.acknowledged / self.staff) if self.staff else None


def coverage(user: Any, version: PolicyVersion) -> list[CoverageRow]:
    """For each team `user` oversees (the picture's rule), how many of its active staff have
    acknowledged this version. Two queries, whatever the number of teams."""
    if not permissions.can_view_policy_coverage(user):
        return []
    teams = (
        Team.objects.filter(permissions.picture_teams_q(user))
        .select_related("service")
        .annotate(
            n_staff=Count("members", filter=Q(members__is_active=True), distinct=True),
        )
        .order_by("service__name", "name")
    )
    acknowledged = dict(
        Staff.objects.filter(
            is_active=True,
            team__in=teams.values("pk"),
            pk__in=Acknowledgement.objects.filter(version=version).values("staff_id"),
        )
        .values("team_id")
        .annotate(n=Count("id"))
        .values_list("team_id", "n")
        .order_by()
    )
    return [CoverageRow(t, t.n_staff, acknowledged.get(t.pk, 0)) for t in teams]


@dataclass(frozen=True)
class LanguageFinding:
    line: int
    excerpt: str
    term: str
    category: str
    suggestions: tuple[str, ...]
    reason: str


def language_findings(version: PolicyVersion, *, limit: int = 200) -> list[LanguageFinding]:
    """Where the procedure's own words shame or label, by the organisation's language checker
    (the same lexicon practitioners are checked against; §6.5 policies aligned with values)."""
    from restorative.language.checking import current_checker

    text = version.text
    if not text:
        return []
    findings = current_checker().check(text)[:limit]
    out = []
    for finding in findings:
        line = text.count("\n", 0, finding.start) + 1
        left = max(text.rfind("\n", 0, finding.start) + 1, finding.start - 60)
        right = text.find("\n", finding.end)
        right = min(right if right != -1 else len(text), finding.end + 60)
        out.append(
            LanguageFinding(
                line=line,
                excerpt=text[left:right].strip(),
                term=finding.text,
                category=finding.category,
                suggestions=finding.suggestions,
                reason=finding.reason,
            )
        )
    return out
