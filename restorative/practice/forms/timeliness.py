"""The period of the timeliness figures: a GET form (from, to), checked here."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from restorative.core.forms import date_field

MAX_PERIOD_YEARS = 10


class TimelinessPeriodForm(forms.Form):
    start = date_field("From", name="start date", example="1/4/2026")
    end = date_field("To", name="end date", example="30/6/2026")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date):
            if end < start:
                self.add_error("end", "The end date must be the same as or after the start date")
            elif (end - start).days > 366 * MAX_PERIOD_YEARS:
                self.add_error("end", f"Choose a period of {MAX_PERIOD_YEARS} years or less")
        return data
