"""Every write in the language app: lexicon entries, imports, preferences, leads, usage counts.

Lexicon changes are checked against the whole enabled lexicon (two entries may not claim the
same word), so the checker can always be compiled. Changes to a child's preferred words are
part of the family's record and are written to the access trail in the same transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, IntegerField, Max
from django.db.models.expressions import RawSQL
from django.http import HttpRequest
from django.utils import timezone

from restorative.core.audit import access_event_record
from restorative.core.models import AccessEvent
from restorative.people.models import FamilyMember, Staff
from restorative.people.permissions import family_view_basis

from . import permissions
from .checking import entry_to_engine, lexicon_seed_if_empty
from .engine import Finding
from .lexicon import COLUMNS, RULE_FIELDS, EngineEntry, Lexicon, LexiconError
from .models import (
    ChildLanguagePreference,
    KeptReason,
    LanguageLead,
    LanguageReport,
    LanguageUsage,
    LexiconEntry,
)

ENTRY_FIELDS = COLUMNS


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _lexicon_problems(entries: list[LexiconEntry]) -> list[str]:
    """What would stop these entries compiling together (empty when they can)."""
    try:
        Lexicon([entry_to_engine(entry) for entry in entries])
    except LexiconError as error:
        return error.errors
    return []


def _enabled_except(pk: int | None) -> list[LexiconEntry]:
    entries = LexiconEntry.objects.filter(enabled=True).order_by("position")
    return list(entries.exclude(pk=pk) if pk is not None else entries)


_PROBLEM_FIELDS = (
    ("Enter the term", "term"),
    ("Category", "category"),
    ("Give between", "alternatives"),
    ("Enter a one-sentence reason", "reason"),
    ("Advice must be among", "advice"),
    ("Inflection", "inflection"),
    *((f"{name}: ", name) for name in RULE_FIELDS),
)


def _by_field(problems: list[str]) -> dict[str, list[str]]:
    """The engine's problems, each placed beside the field it is about."""
    placed: dict[str, list[str]] = {}
    for problem in problems:
        field = next((f for prefix, f in _PROBLEM_FIELDS if problem.startswith(prefix)), "term")
        if field in RULE_FIELDS:
            problem = problem.split(": ", 1)[1]
        placed.setdefault(field, []).append(problem)
    return placed


def _check_entry(entry: LexiconEntry) -> None:
    """Validate one entry on its own and alongside the rest of the enabled lexicon."""
    own = entry_to_engine(entry).problems()
    if own:
        raise ValidationError(_by_field(own))
    entry.full_clean(exclude=["position"], validate_unique=False, validate_constraints=False)
    if LexiconEntry.objects.exclude(pk=entry.pk).filter(term__iexact=entry.term.strip()).exists():
        raise ValidationError({"term": f"“{entry.term}” is already in the lexicon"})
    if entry.enabled:
        problems = _lexicon_problems([*_enabled_except(entry.pk), entry])
        mine = f"Entry “{entry.term}”: "
        clash = [p.removeprefix(mine) for p in problems if p.startswith(mine)] or problems
        if clash:
            raise ValidationError({"term": clash})


def _normalise(data: dict[str, Any]) -> dict[str, str]:
    """Form input in the CSV cell format, read exactly as the engine reads a CSV row."""
    row: dict[str, str | None] = {name: str(data.get(name) or "") for name in ENTRY_FIELDS}
    return EngineEntry.from_row(row).as_row()


@transaction.atomic
def lexicon_entry_create(*, actor: Staff, data: dict[str, Any]) -> LexiconEntry:
    """Add an entry to the organisation's lexicon (system administrator or language lead)."""
    _require(permissions.can_manage_lexicon(actor))
    lexicon_seed_if_empty()
    last = LexiconEntry.objects.aggregate(last=Max("position"))["last"] or 0
    entry = LexiconEntry(**_normalise(data), position=last + 1, changed_by=actor)
    _check_entry(entry)
    entry.save()
    return entry


@transaction.atomic
def lexicon_entry_update(
    *, actor: Staff, entry: LexiconEntry, data: dict[str, Any]
) -> LexiconEntry:
    """Change an entry's wording, advice or rules."""
    _require(permissions.can_manage_lexicon(actor))
    entry = LexiconEntry.objects.select_for_update().get(pk=entry.pk)
    for name, value in _normalise(data).items():
        setattr(entry, name, value)
    entry.changed_by = actor
    _check_entry(entry)
    entry.save()
    return entry


@transaction.atomic
def lexicon_entry_set_enabled(*, actor: Staff, entry: LexiconEntry, enabled: bool) -> LexiconEntry:
    """Turn an entry off (it stops flagging at once) or back on. Entries are never deleted."""
    _require(permissions.can_manage_lexicon(actor))
    entry = LexiconEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.enabled == enabled:
        return entry
    entry.enabled = enabled
    entry.changed_by = actor
    if enabled:
        _check_entry(entry)
    entry.save(update_fields=["enabled", "changed_by", "updated_at"])
    return entry


def lexicon_export_csv(*, actor: Staff) -> str:
    """The enabled entries in the shared CSV format (the command line's --lexicon), with
    formula-like cells neutralised for spreadsheets (the import takes that off again)."""
    _require(permissions.can_manage_lexicon(actor))
    lexicon_seed_if_empty()
    entries = LexiconEntry.objects.filter(enabled=True).order_by("position", "id")
    return Lexicon([entry_to_engine(entry) for entry in entries]).to_csv(spreadsheet_safe=True)


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int


@transaction.atomic
def lexicon_import_csv(*, actor: Staff, text: str) -> ImportResult:
    """Add or update entries from a CSV in the export format. All or nothing.

    Entries are matched by term (ignoring case). An entry in the file is enabled; entries not
    in the file are left as they are, so a partner's short list adds to ours. Raises
    LexiconError with every problem, line-numbered, and changes nothing.
    """
    _require(permissions.can_manage_lexicon(actor))
    lexicon_seed_if_empty()
    imported = Lexicon.from_csv_text(text)
    existing = {e.term.casefold(): e for e in LexiconEntry.objects.select_for_update()}
    incoming = {entry.key for entry in imported}
    kept = [entry_to_engine(e) for key, e in existing.items() if e.enabled and key not in incoming]
    try:
        Lexicon([*kept, *imported])
    except LexiconError as error:
        raise LexiconError(
            [
                "The file clashes with entries already in the lexicon: " + message
                for message in error.errors
            ]
        ) from error
    last = max((e.position for e in existing.values()), default=0)
    added = updated = unchanged = 0
    now = timezone.now()
    to_create, to_update = [], []
    for engine_entry in imported:
        row = engine_entry.as_row()
        current = existing.get(engine_entry.key)
        if current is None:
            last += 1
            to_create.append(LexiconEntry(**row, position=last, changed_by=actor))
            added += 1
            continue
        if current.enabled and all(getattr(current, k) == v for k, v in row.items()):
            unchanged += 1
            continue
        for name, value in row.items():
            setattr(current, name, value)
        current.enabled = True
        current.changed_by = actor
        current.updated_at = now
        to_update.append(current)
        updated += 1
    LexiconEntry.objects.bulk_create(to_create)
    if to_update:
        LexiconEntry.objects.bulk_update(
            to_update, [*ENTRY_FIELDS, "enabled", "changed_by", "updated_at"]
        )
    return ImportResult(added=added, updated=updated, unchanged=unchanged)


# --- Language leads ------------------------------------------------------------------------


@transaction.atomic
def language_lead_appoint(*, actor: Staff, staff: Staff) -> LanguageLead:
    """Make a member of our staff a language lead (system administrator only)."""
    _require(permissions.can_manage_language_leads(actor))
    if staff.role == Staff.Role.PARTNER or not staff.is_active:
        raise ValidationError({"staff": "Choose an active member of the organisation's staff"})
    lead, _ = LanguageLead.objects.get_or_create(staff=staff, defaults={"appointed_by": actor})
    staff.__dict__.pop("_is_language_lead", None)  # the per-request answer is out of date
    return lead


@transaction.atomic
def language_lead_remove(*, actor: Staff, lead: LanguageLead) -> None:
    _require(permissions.can_manage_language_leads(actor))
    LanguageLead.objects.filter(pk=lead.pk).delete()
    lead.staff.__dict__.pop("_is_language_lead", None)


# --- A child's preferred words --------------------------------------------------------------


def _audit_change(*, actor: Staff, member: FamilyMember, request: HttpRequest | None) -> None:
    access_event_record(
        actor=actor,
        action=AccessEvent.Action.CHANGE,
        subject_type="languagepreference",
        subject_uuid=member.uuid,
        family_uuid=member.family.uuid,
        reason=family_view_basis(actor, member.family) or "",
        request=request,
        subject=member,
    )


@transaction.atomic
def child_preference_add(
    *,
    actor: Staff,
    member: FamilyMember,
    term: str,
    note: str = "",
    request: HttpRequest | None = None,
) -> ChildLanguagePreference:
    """Record a word this person prefers, so the checker does not flag it on their records."""
    _require(permissions.can_edit_child_preferences(actor, member.family))
    term = " ".join(term.split())
    if not term:
        raise ValidationError({"term": "Enter the word or phrase they prefer"})
    if ChildLanguagePreference.objects.filter(member=member, term__iexact=term).exists():
        raise ValidationError({"term": f"“{term}” is already recorded for {member.display_name}"})
    preference = ChildLanguagePreference(
        member=member, term=term, note=note.strip(), created_by=actor
    )
    preference.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            preference.save()
    except IntegrityError as error:  # the same word added twice at once
        raise ValidationError(
            {"term": f"“{term}” is already recorded for {member.display_name}"}
        ) from error
    _audit_change(actor=actor, member=member, request=request)
    return preference


@transaction.atomic
def child_preference_remove(
    *, actor: Staff, preference: ChildLanguagePreference, request: HttpRequest | None = None
) -> None:
    member = preference.member
    _require(permissions.can_edit_child_preferences(actor, member.family))
    ChildLanguagePreference.objects.filter(pk=preference.pk).delete()
    _audit_change(actor=actor, member=member, request=request)


# --- Usage counts (no text) -----------------------------------------------------------------

OUTCOMES = ("shown", "accepted", "kept")
KEPT_REASON_FIELDS = {
    KeptReason.OWN_WORDS: "kept_own_words",
    KeptReason.QUOTATION: "kept_quotation",
    KeptReason.ACCURATE: "kept_accurate",
    KeptReason.OTHER: "kept_other",
}


def _month(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return today.replace(day=1)


def language_usage_count(
    *,
    actor: Staff,
    term: str,
    category: str,
    outcome: str,
    reason: str = "",
    times: int = 1,
    on: datetime.date | None = None,
) -> None:
    """Add to the counts for the writer's team, this month, this term. Stores no text.

    `term` must be a lexicon term (the callers look it up), never what someone wrote.
    """
    if outcome not in OUTCOMES or times <= 0:
        raise ValueError(f"Unknown outcome {outcome!r}")
    changes: dict[str, Any] = {outcome: F(outcome) + times}
    reason_field = KEPT_REASON_FIELDS.get(reason) if outcome == "kept" else None  # type: ignore[call-overload]
    if reason_field:
        changes[reason_field] = F(reason_field) + times
    key = {"team_id": actor.team_id, "month": _month(on), "category": category, "term": term}
    for _attempt in range(2):
        with transaction.atomic():
            if LanguageUsage.objects.filter(**key).update(**changes):
                return
            try:
                with transaction.atomic():
                    LanguageUsage.objects.create(
                        **key, **{outcome: times}, **({reason_field: times} if reason_field else {})
                    )
                return
            except IntegrityError:  # someone else created the row: add to it instead
                continue


def language_usage_shown(*, actor: Staff, findings: Iterable[Finding]) -> None:
    """Count suggestions shown to this writer, one per finding, grouped by term (no text)."""
    seen: dict[str, tuple[str, int]] = {}
    for finding in findings:
        category, times = seen.get(finding.term, (finding.category, 0))
        seen[finding.term] = (category, times + 1)
    if not seen:
        return
    # Three statements whatever the number of terms: a long note shows a hundred terms, and a
    # row each made the live suggestions wait on the database (issue 16 point 4). The rows
    # that do not exist yet are made empty (a row made meanwhile by someone else is kept),
    # then the counts are added by one UPDATE that picks each row's number with a CASE (an
    # UPDATE per category and number of times was 21 statements, half of the answer's time).
    month = _month(None)
    # The writer's team, or none (a director): `team=None` reads as "team IS NULL".
    writer: dict[str, Any] = {"team_id": actor.team_id, "month": month}
    rows = LanguageUsage.objects.filter(**writer, term__in=list(seen))
    with transaction.atomic():
        present = set(rows.values_list("term", "category"))
        LanguageUsage.objects.bulk_create(
            [
                LanguageUsage(team_id=actor.team_id, month=month, category=category, term=term)
                for term, (category, _times) in seen.items()
                if (term, category) not in present
            ],
            ignore_conflicts=True,
        )
        # Written as one SQL CASE: as Django When() objects, resolving a hundred of them cost
        # more than the statement (the columns are those of the one table being updated).
        branches = " ".join("WHEN term = %s AND category = %s THEN %s" for _ in seen)
        params = [value for term, (category, n) in seen.items() for value in (term, category, n)]
        # Every value is a parameter; the SQL text holds only fixed words.
        added = RawSQL(f"CASE {branches} ELSE 0 END", params, output_field=IntegerField())  # noqa: S611
        rows.update(shown=F("shown") + added)


# --- "This isn't right here" (no text) ------------------------------------------------------


def language_report_record(
    *, actor: Staff, term: str, category: str, context: str, shape: str, reason: str = ""
) -> None:
    """Count one report that a suggestion was wrong where it appeared. Stores no text.

    `term` must be a lexicon term, `context` the page and field (never a record), and `shape`
    the masked words around the term from `shapes.sentence_shape`, never the sentence.
    """
    _require(permissions.can_use_checker(actor))
    key = {"term": term, "context": context[:150], "shape": shape[:300], "reason": reason}
    for _attempt in range(2):
        with transaction.atomic():
            if LanguageReport.objects.filter(**key).update(count=F("count") + 1):
                return
            try:
                with transaction.atomic():
                    LanguageReport.objects.create(**key, category=category, count=1)
                return
            except IntegrityError:  # someone else created the row: add to it instead
                continue
