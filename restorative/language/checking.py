"""The organisation's checker: the current lexicon, compiled once per process.

Compiling a lexicon takes about half a second; checking a paragraph takes microseconds. So
each process keeps the compiled Checker and rebuilds it only when the enabled entries change.
Each request costs one small query (count and latest change of the entries); when that
changes, the rows are read and fingerprinted by content, and a Checker is compiled only if
that content has not been compiled before (a handful are kept, most recent first).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q

from .engine import Checker
from .lexicon import COLUMNS, EngineEntry, Lexicon, default_lexicon
from .models import LexiconEntry

_KEEP = 4
_lock = threading.Lock()
_by_state: OrderedDict[tuple[Any, ...], str] = OrderedDict()
_by_fingerprint: OrderedDict[str, Checker] = OrderedDict()


def entry_to_engine(entry: LexiconEntry) -> EngineEntry:
    """A stored entry as the engine's (validated, immutable) entry."""
    return EngineEntry.from_row({name: getattr(entry, name) for name in COLUMNS})


def lexicon_seed_if_empty() -> int:
    """Load the shipped lexicon (data/lexicon.csv) the first time the table is empty.

    Returns how many entries were added. An organisation that has disabled every entry still
    has rows, so this never brings back what someone turned off.
    """
    if LexiconEntry.objects.exists():
        return 0
    rows = [
        LexiconEntry(position=index, **entry.as_row())
        for index, entry in enumerate(default_lexicon(), start=1)
    ]
    try:
        with transaction.atomic():
            LexiconEntry.objects.bulk_create(rows)
    except IntegrityError:  # another process seeded it at the same moment
        return 0
    return len(rows)


def current_lexicon() -> Lexicon:
    """The enabled entries as a Lexicon (seeding the shipped one on first use)."""
    lexicon_seed_if_empty()
    entries = LexiconEntry.objects.filter(enabled=True).order_by("position", "id")
    return Lexicon([entry_to_engine(entry) for entry in entries], version="organisation")


def _state() -> tuple[Any, ...]:
    figures = LexiconEntry.objects.aggregate(
        total=Count("id"), enabled=Count("id", filter=Q(enabled=True)), latest=Max("updated_at")
    )
    return (figures["total"], figures["enabled"], figures["latest"])


def current_checker() -> Checker:
    """The compiled checker for the organisation's lexicon as it is now."""
    state = _state()
    if state[0] == 0:
        lexicon_seed_if_empty()
        state = _state()
    with _lock:
        fingerprint = _by_state.get(state)
        if fingerprint is not None and fingerprint in _by_fingerprint:
            _by_fingerprint.move_to_end(fingerprint)
            return _by_fingerprint[fingerprint]
    lexicon = current_lexicon()
    fingerprint = lexicon.fingerprint
    with _lock:
        checker = _by_fingerprint.get(fingerprint)
        if checker is None:
            checker = Checker(lexicon)
            _by_fingerprint[fingerprint] = checker
        _by_fingerprint.move_to_end(fingerprint)
        _by_state[state] = fingerprint
        while len(_by_fingerprint) > _KEEP:
            _by_fingerprint.popitem(last=False)
        while len(_by_state) > _KEEP * 4:
            _by_state.popitem(last=False)
    return checker
