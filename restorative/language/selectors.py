"""Every read in the language app, scoped to the person asking.

`language_findings` is the selector other apps call: it checks a text against the
organisation's lexicon, leaving out the words the record's child prefers.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.http import Http404

from restorative.people import selectors as people_selectors
from restorative.people.models import Family, FamilyMember, Team

from . import permissions
from .checking import current_checker, current_lexicon, entry_to_engine, lexicon_seed_if_empty
from .engine import Checker, Finding
from .evaluation import engine_predictor, evaluate, load_examples
from .lexicon import COLUMNS, LexiconError
from .models import (
    Category,
    ChildLanguagePreference,
    LanguageLead,
    LanguageReport,
    LanguageUsage,
    LexiconEntry,
)
from .replacements import Suggestion, suggestions_for


def _search(queryset: QuerySet[LexiconEntry], query: str) -> QuerySet[LexiconEntry]:
    query = " ".join(query.replace("\x00", "").split())[:100]
    if not query:
        return queryset
    return queryset.filter(
        Q(term__icontains=query)
        | Q(variants__icontains=query)
        | Q(alternatives__icontains=query)
        | Q(reason__icontains=query)
    )


def glossary_entries(user: Any, *, query: str = "", category: str = "") -> list[LexiconEntry]:
    """The shared restorative language: enabled entries, searchable, in the lexicon's order."""
    if not permissions.can_view_glossary(user):
        raise Http404
    lexicon_seed_if_empty()
    entries = _search(LexiconEntry.objects.filter(enabled=True), query)
    if category in Category.values:
        entries = entries.filter(category=category)
    return list(entries.order_by("term"))


def lexicon_entries(user: Any, *, query: str = "", status: str = "") -> QuerySet[LexiconEntry]:
    """Every entry, enabled or not, for the people who look after the lexicon."""
    if not permissions.can_manage_lexicon(user):
        raise Http404
    lexicon_seed_if_empty()
    entries = _search(LexiconEntry.objects.select_related("changed_by"), query)
    if status == "enabled":
        entries = entries.filter(enabled=True)
    elif status == "disabled":
        entries = entries.filter(enabled=False)
    return entries.order_by("term")


def lexicon_entry_get(user: Any, entry_uuid: uuid.UUID | str) -> LexiconEntry:
    if not permissions.can_manage_lexicon(user):
        raise Http404
    try:
        return LexiconEntry.objects.select_related("changed_by").get(uuid=entry_uuid)
    except (LexiconEntry.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such entry") from exc


def language_leads(user: Any) -> QuerySet[LanguageLead]:
    if not permissions.can_manage_language_leads(user):
        raise Http404
    return LanguageLead.objects.select_related("staff", "appointed_by")


def member_for_checking(user: Any, member_uuid: uuid.UUID | str) -> FamilyMember:
    """A family member whose record this person may see; 404 otherwise (no access looks
    the same as no such person)."""
    member = (
        FamilyMember.objects.select_related("family", "family__team")
        .filter(uuid=member_uuid)
        .first()
        if _is_uuid(member_uuid)
        else None
    )
    if member is None or not permissions.can_view_child_preferences(user, member.family):
        raise Http404("No such person")
    return member


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def family_with_preferences(user: Any, family_uuid: uuid.UUID | str) -> Family:
    """A family the person may see, its members and their preferred words prefetched."""
    family = people_selectors.family_get(user, family_uuid)
    members = list(family.members.all().prefetch_related("language_preferences__created_by"))
    family._language_members = members  # type: ignore[attr-defined]
    return family


def preferred_terms(member: FamilyMember | None) -> list[str]:
    """The words a person prefers (to pass to the checker as `suppress`)."""
    if member is None:
        return []
    return list(
        ChildLanguagePreference.objects.filter(member=member).values_list("term", flat=True)
    )


def language_findings(
    user: Any,
    text: str,
    *,
    member: FamilyMember | None = None,
    keep: Iterable[str] = (),
) -> list[Finding]:
    """Suggestions for `text` with the organisation's lexicon.

    `member` is the person the record is about: their preferred words are not flagged (the
    caller has already checked the user may see that record; `member_for_checking` does).
    `keep` holds terms the writer chose to keep in this text.
    """
    if not permissions.can_use_checker(user):
        return []
    suppress = [*preferred_terms(member), *keep]
    return current_checker().check(text, suppress=suppress)


def finding_suggestions(text: str, findings: Iterable[Finding]) -> list[list[Suggestion]]:
    """For each finding, its alternatives as shown: replacements in the form of the words
    written (to insert with one click) and advice (text only)."""
    lexicon = current_checker().lexicon
    return [
        suggestions_for(lexicon.get(f.term), f.text, text[max(0, f.start - 40) : f.start])
        for f in findings
    ]


def suggestion_groups(text: str, findings: list[Finding]) -> list[dict[str, Any]]:
    """The findings of one field grouped, for the live suggestions: one group per term as
    written with the same replacements, in order of first appearance, with every place it
    stands (issue 16 point 4: a 2,000-word note full of flagged words answers in a few KB).

    Each group has an ``id`` that changes whenever anything in it changes (its places
    included), so the script can say which groups it already shows and get only the others.
    """
    lexicon = current_checker().lexicon
    # The advice each term gives whatever the words (sent once per page): only for the terms
    # found here, not the whole lexicon on every pause in typing.
    default_advice = {
        term: _default_advice(entry)
        for term in {finding.term for finding in findings}
        if (entry := lexicon.get(term)) is not None
    }
    groups: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], dict[str, Any]] = {}
    for finding, suggestions in zip(findings, finding_suggestions(text, findings), strict=True):
        use = tuple(s.insert for s in suggestions if s.insert)
        advice = tuple(s.text for s in suggestions if not s.insert)
        key = (finding.term, finding.text.casefold(), use, advice)
        group = groups.get(key)
        if group is None:
            group = groups[key] = {"term": finding.term, "text": finding.text, "at": []}
            group["use"] = list(use)
            if advice != default_advice.get(finding.term, ()):
                group["advice"] = list(advice)  # else the term's advice, sent once per page
        group["at"].append([finding.start, finding.end])
    result = list(groups.values())
    for group in result:
        digest = hashlib.blake2s(json.dumps(group, sort_keys=True).encode(), digest_size=6)
        group["id"] = digest.hexdigest()
    return result


def _default_advice(entry: Any) -> tuple[str, ...]:
    """The advice an entry gives whatever the words written: its alternatives marked advice."""
    return tuple(alternative for alternative in entry.alternatives if alternative in entry.advice)


def suggestion_terms() -> dict[str, Any]:
    """What every suggestion of the current lexicon says that does not depend on the text:
    each term's category and reason. Fetched once per page by the script, so the answers
    while people type carry only the words and places."""
    checker = current_checker()
    labels = dict(Category.choices)
    return {
        "version": checker.lexicon.fingerprint,
        "terms": {
            entry.term: [
                labels.get(entry.category, entry.category),
                entry.reason,
                list(_default_advice(entry)),
            ]
            for entry in checker.lexicon
        },
    }


def language_reports(user: Any, *, terms: int = 20, shapes: int = 5) -> list[dict[str, Any]]:
    """The entries most often reported as wrong where they appeared, most reported first, each
    with its most reported contexts and sentence shapes (for the language lead)."""
    if not permissions.can_manage_lexicon(user):
        raise Http404
    totals = list(
        LanguageReport.objects.values("term", "category")
        .annotate(reports=Sum("count"))
        .order_by("-reports", "term")[:terms]
    )
    detail = LanguageReport.objects.filter(term__in=[t["term"] for t in totals]).order_by(
        "-count", "shape"
    )
    by_term: dict[str, list[LanguageReport]] = {}
    for report in detail:
        by_term.setdefault(report.term, []).append(report)
    entries = {e.term: e for e in LexiconEntry.objects.filter(term__in=[t["term"] for t in totals])}
    labels = dict(Category.choices)
    result = []
    for total in totals:
        rows = by_term.get(total["term"], [])
        contexts: dict[str, int] = {}
        for row in rows:
            contexts[row.context] = contexts.get(row.context, 0) + row.count
        result.append(
            {
                **total,
                "category_label": labels.get(total["category"], ""),
                "entry": entries.get(total["term"]),
                "shapes": rows[:shapes],
                "contexts": sorted(contexts.items(), key=lambda item: (-item[1], item[0])),
            }
        )
    return result


def lexicon_change_preview(
    user: Any, entry: LexiconEntry | None, data: dict[str, Any]
) -> dict[str, Any] | None:
    """How the development evaluation set's figures would move if this entry were saved as
    `data` (nothing is saved): precision, recall and F1 before and after, and the sentences
    whose findings change. None when the change could not be compiled (saving will say why).

    Only the development set (evaluation/sentences.txt) is used, so the held-out set stays an
    honest measure of rules that were not tuned on it.
    """
    if not permissions.can_manage_lexicon(user):
        raise Http404
    before = current_lexicon()
    edited = entry_to_engine(LexiconEntry(**{name: str(data.get(name) or "") for name in COLUMNS}))
    if edited.problems():
        return None
    old_key = entry_to_engine(entry).key if entry is not None else edited.key
    try:
        after = before.without([old_key]).with_entries([edited])
    except LexiconError:
        return None
    examples = load_examples()
    before_checker, after_checker = current_checker(), Checker(after)
    before_score, _ = evaluate(engine_predictor(before_checker), examples)
    after_score, _ = evaluate(engine_predictor(after_checker), examples)
    changed = []
    for example in examples:
        was = [(f.start, f.end, f.text) for f in before_checker.check(example.text)]
        now = [(f.start, f.end, f.text) for f in after_checker.check(example.text)]
        if was != now:
            changed.append(
                {
                    "text": example.text,
                    "gained": [t for s, e, t in now if (s, e, t) not in was],
                    "lost": [t for s, e, t in was if (s, e, t) not in now],
                }
            )
    return {
        "before": before_score,
        "after": after_score,
        "changed": changed[:20],
        "changed_count": len(changed),
        "sentences": len(examples),
    }


# --- Analytics ---------------------------------------------------------------------------


def usage_months(today: datetime.date, months: int = 12) -> list[datetime.date]:
    first = today.replace(day=1)
    result = []
    year, month = first.year, first.month
    for _ in range(months):
        result.append(datetime.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(result))


def language_usage_trend(
    user: Any, *, since: datetime.date, team_id: int | None = None
) -> dict[str, Any]:
    """Counts by month and category, and the most-suggested terms, for the teams in scope."""
    scope = permissions.analytics_teams_q(user, team="team")
    if scope is None:
        raise Http404
    usage = LanguageUsage.objects.filter(scope, month__gte=since)
    if team_id is not None:
        usage = usage.filter(team_id=team_id)
    by_month = (
        usage.values("month", "category")
        .annotate(shown=Sum("shown"), accepted=Sum("accepted"), kept=Sum("kept"))
        .order_by("month", "category")
    )
    top_terms = (
        usage.values("term", "category")
        .annotate(shown=Sum("shown"), accepted=Sum("accepted"), kept=Sum("kept"))
        .order_by("-shown", "term")[:15]
    )
    totals = usage.aggregate(
        shown=Sum("shown"),
        accepted=Sum("accepted"),
        kept=Sum("kept"),
        kept_own_words=Sum("kept_own_words"),
        kept_quotation=Sum("kept_quotation"),
        kept_accurate=Sum("kept_accurate"),
        kept_other=Sum("kept_other"),
    )
    return {
        "by_month": list(by_month),
        "top_terms": list(top_terms),
        "totals": {key: value or 0 for key, value in totals.items()},
    }


def analytics_teams(user: Any) -> list[Team]:
    """Teams this person may pick on the analytics page (the same rule as the figures)."""
    scope = permissions.analytics_teams_q(user)
    if scope is None:
        raise Http404
    return list(Team.objects.filter(scope).order_by("name"))
