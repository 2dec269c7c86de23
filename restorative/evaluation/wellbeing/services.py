"""Every write to the staff wellbeing survey: rounds, answers, one-time links, the licence.

Answering writes two rows in one transaction, the participation (who) and the response
(what), and returns nothing: no caller ever holds both, so no log line, message or redirect
can join them. Each is refused with a clear message and nothing saved for bad input (an
answer of 11, a round that closes before it opens, a second answer to the same round).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections import Counter
from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from restorative.people.models import Staff
from restorative.people.permissions import OUR_STAFF

from ..models import (
    SwemwbsLicence,
    WellbeingLink,
    WellbeingParticipation,
    WellbeingResponse,
    WellbeingRound,
)
from . import permissions
from .items import ITEMS, SCALE_MAX, SCALE_MIN, SWEMWBS_ITEM_COUNT, SWEMWBS_KEYS
from .scoring import swemwbs_raw

ALREADY_ANSWERED = "You have already answered this round. Thank you for taking part."
NOT_OPEN = "This round is not open for answers"
ORGANISATION = "organisation"


def team_key(team_id: int) -> str:
    return f"team:{team_id}"


def service_key(service_id: int) -> str:
    return f"service:{service_id}"


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def eligible_counts() -> dict[str, int]:
    """How many of our active staff could answer, per group key (organisation, each service,
    each team). One query; kept on the round when it is opened."""
    counts: Counter[str] = Counter()
    rows = (
        Staff.objects.filter(is_active=True, role__in=OUR_STAFF)
        .values_list("team_id", "team__service_id", "service_id")
        .order_by()
    )
    for team_id, team_service_id, led_service_id in rows:
        counts[ORGANISATION] += 1
        if team_id is not None:
            counts[team_key(team_id)] += 1
            counts[service_key(team_service_id)] += 1
        elif led_service_id is not None:
            counts[service_key(led_service_id)] += 1
    return dict(counts)


@transaction.atomic
def wellbeing_round_create(
    *,
    actor: Staff,
    title: str,
    opens_on: datetime.date | None,
    closes_on: datetime.date | None,
    today: datetime.date | None = None,
) -> WellbeingRound:
    """Open a round for the whole organisation. It may not close before it opens, end in
    the past, or overlap another round (each person answers one round at a time)."""
    if not permissions.can_run_wellbeing_rounds(actor):
        raise PermissionDenied
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = "Enter a name for the round"
    if opens_on is None:
        errors["opens_on"] = "Enter the date the round opens"
    if closes_on is None:
        errors["closes_on"] = "Enter the date the round closes"
    elif opens_on is not None and closes_on < opens_on:
        errors["closes_on"] = "The round must close on or after the day it opens"
    elif closes_on < _today(today):
        errors["closes_on"] = "The round must close today or in the future"
    if not errors and opens_on is not None and closes_on is not None:
        overlapping = WellbeingRound.objects.filter(
            opens_on__lte=closes_on, closes_on__gte=opens_on
        ).first()
        if overlapping is not None:
            errors["opens_on"] = (
                f"These dates overlap '{overlapping.title}' "
                f"({overlapping.opens_on:%d %B %Y} to {overlapping.closes_on:%d %B %Y})"
            )
    if errors:
        raise ValidationError(errors)
    assert opens_on is not None and closes_on is not None  # checked above
    licence = SwemwbsLicence.objects.filter(enabled=True).order_by("pk").first()
    round_ = WellbeingRound(
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        swemwbs_items=list(licence.items) if licence is not None else [],
        eligible=eligible_counts(),
        created_by=actor,
    )
    round_.full_clean()
    round_.save()
    return round_


def is_open(round_: WellbeingRound, *, today: datetime.date) -> bool:
    return round_.opens_on <= today <= round_.closes_on


def _answer_errors(
    round_: WellbeingRound, answers: Mapping[str, object], swemwbs: Sequence[object] | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    for item in ITEMS:
        value = answers.get(item.key)
        if value is None or value == "":
            errors[item.key] = "Choose a number from 0 to 10"
        elif isinstance(value, bool) or not isinstance(value, int):
            errors[item.key] = "Choose a whole number from 0 to 10"
        elif not SCALE_MIN <= value <= SCALE_MAX:
            errors[item.key] = f"Choose a number from 0 to 10 ({value} is not on the scale)"
    if round_.asks_swemwbs:
        values = list(swemwbs or [])
        for index, key in enumerate(SWEMWBS_KEYS):
            value = values[index] if index < len(values) else None
            if (
                value is None
                or isinstance(value, bool)
                or not isinstance(value, int)
                or not 1 <= value <= 5
            ):
                errors[key] = "Choose how often, from none of the time to all of the time"
    return errors


def _save_answer(
    *,
    person: Staff,
    round_: WellbeingRound,
    answers: Mapping[str, object],
    swemwbs: Sequence[int] | None,
    comment: str,
    today: datetime.date,
) -> None:
    if not permissions.can_answer_wellbeing_survey(person):
        raise PermissionDenied
    if not is_open(round_, today=today):
        raise ValidationError(NOT_OPEN)
    errors = _answer_errors(round_, answers, swemwbs)
    comment = (comment or "").strip()
    if len(comment) > 2000:
        errors["comment"] = "Your comment must be 2,000 characters or fewer"
    if errors:
        raise ValidationError(errors)
    response = WellbeingResponse(
        round=round_,
        team_id=person.team_id,
        service_id=person.team.service_id if person.team is not None else person.service_id,
        comment=comment,
        **{item.key: answers[item.key] for item in ITEMS},
    )
    if round_.asks_swemwbs and swemwbs is not None:
        values = [int(v) for v in swemwbs[:SWEMWBS_ITEM_COUNT]]
        for key, value in zip(SWEMWBS_KEYS, values, strict=True):
            setattr(response, key, value)
        response.swemwbs_raw = swemwbs_raw(values)
    response.full_clean(exclude=["round", "team", "service"])
    try:
        with transaction.atomic():
            WellbeingParticipation.objects.create(round=round_, person=person)
    except IntegrityError:
        raise ValidationError(ALREADY_ANSWERED) from None
    response.save(force_insert=True)


@transaction.atomic
def wellbeing_response_submit(
    *,
    person: Staff,
    round_: WellbeingRound,
    answers: Mapping[str, object],
    swemwbs: Sequence[int] | None = None,
    comment: str = "",
    today: datetime.date | None = None,
) -> None:
    """Record that `person` took part and, apart, what they answered. Returns nothing on
    purpose (see the module's docstring). A second answer to a round is refused."""
    _save_answer(
        person=person,
        round_=round_,
        answers=answers,
        swemwbs=swemwbs,
        comment=comment,
        today=_today(today),
    )


def has_answered(person: Staff, round_: WellbeingRound) -> bool:
    return WellbeingParticipation.objects.filter(round=round_, person=person).exists()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def wellbeing_link_issue(
    *, person: Staff, round_: WellbeingRound, today: datetime.date | None = None
) -> str:
    """A one-time link's token (256 bits from `secrets`) for `person` to answer `round_`
    without signing in. Asking again replaces the earlier link; only its hash is kept."""
    if not permissions.can_answer_wellbeing_survey(person):
        raise PermissionDenied
    if not is_open(round_, today=_today(today)):
        raise ValidationError(NOT_OPEN)
    if has_answered(person, round_):
        raise ValidationError(ALREADY_ANSWERED)
    token = secrets.token_urlsafe(32)
    WellbeingLink.objects.filter(round=round_, person=person).delete()
    WellbeingLink.objects.create(round=round_, person=person, token_hash=_hash(token))
    return token


def wellbeing_link_round(token: str) -> WellbeingRound | None:
    """The round a one-time link answers, or None for an unknown or used link."""
    link = (
        WellbeingLink.objects.filter(token_hash=_hash(token or "")).select_related("round").first()
    )
    return link.round if link is not None else None


@transaction.atomic
def wellbeing_response_submit_by_link(
    *,
    token: str,
    answers: Mapping[str, object],
    swemwbs: Sequence[int] | None = None,
    comment: str = "",
    today: datetime.date | None = None,
) -> None:
    """Answer through a one-time link: the same checks, then the link is deleted."""
    link = (
        WellbeingLink.objects.select_for_update(of=("self",))
        .filter(token_hash=_hash(token or ""))
        .select_related("round", "person", "person__team")
        .first()
    )
    if link is None:
        raise ValidationError("This link has been used or is not valid")
    _save_answer(
        person=link.person,
        round_=link.round,
        answers=answers,
        swemwbs=swemwbs,
        comment=comment,
        today=_today(today),
    )
    link.delete()


@transaction.atomic
def swemwbs_licence_save(
    *,
    actor: Staff,
    licence_holder: str,
    licence_reference: str,
    items: Sequence[str],
    confirmed: bool,
    enabled: bool,
) -> SwemwbsLicence:
    """Load (or change) the organisation's licensed SWEMWBS items. Enabling them needs the
    licence confirmed and all seven items; rounds opened afterwards ask them."""
    if not permissions.can_manage_swemwbs_licence(actor):
        raise PermissionDenied
    errors: dict[str, str] = {}
    cleaned = [(text or "").strip() for text in items]
    if not (licence_holder or "").strip():
        errors["licence_holder"] = "Enter the organisation named on the licence"
    if not confirmed:
        errors["confirmed"] = (
            "Confirm that your organisation holds a licence from the University of Warwick"
        )
    if enabled:
        for index in range(SWEMWBS_ITEM_COUNT):
            if index >= len(cleaned) or not cleaned[index]:
                errors[f"item_{index + 1}"] = f"Enter item {index + 1} as it is in your licence"
    if errors:
        raise ValidationError(errors)
    licence = SwemwbsLicence.objects.select_for_update().order_by("pk").first()
    if licence is None:
        licence = SwemwbsLicence(confirmed_by=actor)
    licence.licence_holder = licence_holder.strip()
    licence.licence_reference = (licence_reference or "").strip()
    licence.items = cleaned[:SWEMWBS_ITEM_COUNT]
    licence.enabled = enabled
    licence.confirmed_by = actor
    licence.full_clean()
    licence.save()
    return licence
