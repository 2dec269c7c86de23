"""The measures, each once: what it counts, from where, who answers for it, its caveats.

The words of each measure are data, in `measures.toml` beside this module; what a measure is
and how its value is read are here."""

from __future__ import annotations

import datetime
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.http import Http404

from . import sources

PERCENT = "percent"
COUNT = "count"

# Fewer than this many in the denominator: shown, but flagged as too few to read.
SMALL_NUMBER = 10


@dataclass(frozen=True)
class Measure:
    """One measure of the implementation picture.

    `kind` PERCENT: numerator of denominator, shown as a percentage (range 0 to 100); COUNT:
    how many in the month (the denominator is 1; range 0 upwards). `higher_is_better` says
    which side of the target is good.
    """

    key: str
    name: str
    definition: str
    source: str
    accountable: str
    caveats: str
    kind: str
    compute: Callable[[list[int], datetime.date, datetime.date], dict[int, tuple[int, int]]]
    higher_is_better: bool = True
    policy: str = ""

    @property
    def range(self) -> tuple[Decimal, Decimal | None]:
        """The values a target may take."""
        return (Decimal(0), Decimal(100)) if self.kind == PERCENT else (Decimal(0), None)

    @property
    def range_label(self) -> str:
        return "0 to 100 (per cent)" if self.kind == PERCENT else "0 or more (a number a month)"

    def value(self, numerator: Decimal | int, denominator: Decimal | int) -> Decimal | None:
        """The figure shown: a percentage to one decimal place, or the count itself."""
        if self.kind == COUNT:
            return Decimal(numerator)
        if not denominator:
            return None
        return (Decimal(100) * Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.1"))

    def small(self, denominator: Decimal | int) -> bool:
        """Too few to read (a percentage over fewer than SMALL_NUMBER)."""
        return self.kind == PERCENT and 0 < denominator < SMALL_NUMBER


def _load(path: Path) -> tuple[Measure, ...]:
    """The measures as written in `measures.toml` (their words are data: definitions, sources,
    caveats), each computed by the function of its key in `sources`."""
    with path.open("rb") as file:
        data = tomllib.load(file)
    accountable: dict[str, str] = data["accountable"]
    return tuple(
        Measure(
            **{**entry, "accountable": accountable[entry["accountable"]]},
            compute=getattr(sources, entry["key"]),
        )
        for entry in data["measure"]
    )


MEASURES: tuple[Measure, ...] = _load(Path(__file__).with_name("measures.toml"))

_BY_KEY = {measure.key: measure for measure in MEASURES}


def measure_get(key: str) -> Measure:
    """The measure with this key, or 404."""
    try:
        return _BY_KEY[key]
    except KeyError as exc:
        raise Http404("No such measure") from exc
