"""Due dates from timescale rules: working days (with bank holidays) and calendar months."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta

from restorative.core.working_days import add_working_days

from .models import TimescaleRule


def due_date_for(rule: TimescaleRule, start: datetime.date) -> datetime.date:
    """The date a meeting is due by, `rule.amount` units after `start`.

    Calendar months end on the same day of the month, or the month's last day when it is
    shorter (30 November plus 3 months is 28 or 29 February), which is how "within 3 months"
    is read in practice. A rule marked `before` counts back from `start` instead (a final youth
    justice panel some working days before the referral order ends).
    """
    amount = -rule.amount if rule.before else rule.amount
    if rule.unit == TimescaleRule.Unit.WORKING_DAYS:
        return add_working_days(start, amount, rule.nation)
    if rule.unit == TimescaleRule.Unit.CALENDAR_MONTHS:
        return start + relativedelta(months=amount)
    return start + datetime.timedelta(days=amount)


def rule_for(trigger: str, meeting_type: str) -> TimescaleRule | None:
    """The active rule for a meeting type after a trigger, if the organisation has one."""
    return TimescaleRule.objects.filter(
        trigger=trigger, meeting_type=meeting_type, is_active=True
    ).first()


def rules_after(trigger: str) -> list[TimescaleRule]:
    """The meetings that become due when a meeting of this type is held."""
    return list(TimescaleRule.objects.filter(trigger=trigger, is_active=True))
