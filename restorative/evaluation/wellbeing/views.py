"""Pages of the staff wellbeing survey: answering it, opening rounds, the licence, results.

Every page reads input, calls one service or selector, and renders. Answering says nothing
back but "thank you": no page, message or log line holds both who answered and what.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from restorative.core.charts import Bar, horizontal_bars
from restorative.core.views import form_page
from restorative.people.types import AuthenticatedHttpRequest

from ..link_throttle import slowed_down
from . import exports, permissions, selectors, services
from .forms import AnswerForm, LicenceForm, RoundForm
from .items import ITEMS, THEMES
from .scoring import POPULATION_MEAN


def _today() -> datetime.date:
    return timezone.localdate()


def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The survey's start: the open round (and whether you have answered), every round's
    results, and for those who run it, opening a round and the licence."""
    if not permissions.can_view_wellbeing_results(request.user) and not (
        permissions.can_manage_swemwbs_licence(request.user)
    ):
        raise Http404
    today = _today()
    current = selectors.open_round(today=today)
    return render(
        request,
        "evaluation/wellbeing/home.html",
        {
            "rounds": selectors.rounds_list(),
            "current": current,
            "to_answer": selectors.round_to_answer(request.user, today=today),
            "can_run": permissions.can_run_wellbeing_rounds(request.user),
            "can_licence": permissions.can_manage_swemwbs_licence(request.user),
            "can_read": permissions.can_view_wellbeing_results(request.user),
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
def round_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Open a round for the whole organisation (workforce development, quality assurance)."""
    if not permissions.can_run_wellbeing_rounds(request.user):
        raise Http404
    form = RoundForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        round_ = services.wellbeing_round_create(actor=request.user, **data)
        messages.success(request, f"{round_.title} will be open from {round_.opens_on:%-d %B %Y}")
        return redirect("evaluation:wellbeing_home")

    return form_page(request, form, save, "evaluation/wellbeing/round_form.html")


def take(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The "Staff survey" link: the open round you have not answered, or the start page."""
    round_ = selectors.round_to_answer(request.user, today=_today())
    if round_ is None:
        return redirect("evaluation:wellbeing_home")
    return redirect("evaluation:wellbeing_answer", round_uuid=round_.uuid)


ANSWER_TEMPLATE = "evaluation/wellbeing/answer.html"


@require_http_methods(["GET", "POST"])
def answer(request: AuthenticatedHttpRequest, round_uuid: UUID) -> HttpResponse:
    """Answer a round, once, in the product."""
    if not permissions.can_answer_wellbeing_survey(request.user):
        raise Http404
    round_ = selectors.round_get(round_uuid)
    today = _today()
    if services.has_answered(request.user, round_):
        return render(request, "evaluation/wellbeing/answered.html", {"round": round_})
    if not services.is_open(round_, today=today):
        return render(request, "evaluation/wellbeing/closed.html", {"round": round_})
    form = AnswerForm(request.POST or None, round_=round_)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.wellbeing_response_submit(
            person=request.user,
            round_=round_,
            answers=form.answers(),
            swemwbs=form.swemwbs(),
            comment=data["comment"],
            today=today,
        )
        return redirect("evaluation:wellbeing_thanks")

    context = {
        "round": round_,
        "by_link": False,
        "group_label": selectors.my_group_label(request.user),
    }
    return form_page(request, form, save, ANSWER_TEMPLATE, context)


def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "evaluation/wellbeing/thanks.html")


@require_POST
def link_issue(request: AuthenticatedHttpRequest, round_uuid: UUID) -> HttpResponse:
    """Make a one-time link to answer on another device without signing in (shown once)."""
    if not permissions.can_answer_wellbeing_survey(request.user):
        raise Http404
    round_ = selectors.round_get(round_uuid)
    try:
        token = services.wellbeing_link_issue(person=request.user, round_=round_, today=_today())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("evaluation:wellbeing_home")
    url = request.build_absolute_uri(reverse("evaluation:wellbeing_link_answer", args=[token]))
    response = render(request, "evaluation/wellbeing/link.html", {"round": round_, "url": url})
    response["Cache-Control"] = "no-store"
    return response


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def answer_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """Answer through a one-time link, without signing in. A used or unknown link gets a
    kind page, never an error; many tries from one address are slowed (429)."""
    slowed = slowed_down(
        request, "staff-survey-link", limit=settings.STAFF_SURVEY_LINK_TRIES_PER_MINUTE
    )
    if slowed is not None:
        return slowed
    round_ = services.wellbeing_link_round(token)
    today = _today()
    if round_ is None:
        return render(request, "evaluation/wellbeing/link_used.html")
    if not services.is_open(round_, today=today):
        return render(request, "evaluation/wellbeing/closed.html", {"round": round_})
    form = AnswerForm(request.POST or None, round_=round_)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.wellbeing_response_submit_by_link(
            token=token,
            answers=form.answers(),
            swemwbs=form.swemwbs(),
            comment=data["comment"],
            today=today,
        )
        return render(request, "evaluation/wellbeing/thanks.html", {"by_link": True})

    context = {"round": round_, "by_link": True, "group_label": "your team"}
    return form_page(request, form, save, ANSWER_TEMPLATE, context)


@require_http_methods(["GET", "POST"])
def licence(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Load the organisation's licensed SWEMWBS items (quality assurance, administrators)."""
    if not permissions.can_manage_swemwbs_licence(request.user):
        raise Http404
    current = selectors.swemwbs_licence()
    initial: dict[str, Any] = {}
    if current is not None:
        initial = {
            "licence_holder": current.licence_holder,
            "licence_reference": current.licence_reference,
            "enabled": current.enabled,
            **{f"item_{n + 1}": text for n, text in enumerate(current.items)},
        }
    form = LicenceForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.swemwbs_licence_save(
            actor=request.user,
            licence_holder=data["licence_holder"],
            licence_reference=data["licence_reference"],
            items=form.items(),
            confirmed=data["confirmed"],
            enabled=data["enabled"],
        )
        messages.success(request, "SWEMWBS licence saved")
        return redirect("evaluation:wellbeing_home")

    context = {"current": current}
    return form_page(request, form, save, "evaluation/wellbeing/licence.html", context)


def _results(
    request: AuthenticatedHttpRequest, round_uuid: UUID, *, every_group_means: bool = True
) -> selectors.Results:
    round_ = selectors.round_get(round_uuid)
    return selectors.wellbeing_results(
        request.user,
        round_,
        group=request.GET.get("group", ""),
        every_group_means=every_group_means,
    )


def _hidden_or_shown(
    title: str, values: Sequence[tuple[str, float | None]], *, scale_max: float, unit: str = ""
) -> SafeString:
    """Bars of each (label, value); a group too small to show (None) draws no bar and says
    "hidden"."""
    bars = [
        Bar(label, value, "hidden" if value is None else f"{value:g}{unit}")
        for label, value in values
    ]
    return horizontal_bars(title, bars, scale_max=scale_max)


def results(request: AuthenticatedHttpRequest, round_uuid: UUID) -> HttpResponse:
    """A round's results: groups, the chosen group's themes and trend, its comments."""
    # The page shows the means of the chosen group only; downloads have every group's.
    data = _results(request, round_uuid, every_group_means=False)
    chosen = data.chosen
    theme_chart = _hidden_or_shown(
        "Mean score by theme, out of 10",
        [(label, chosen.theme_means.get(key)) for key, label in THEMES.items()],
        scale_max=10,
    )
    trend_chart = _hidden_or_shown(
        "Response rate by round",
        [(r.title, g.response_rate if g is not None and g.shown else None) for r, g in data.trend],
        scale_max=100,
        unit="%",
    )
    return render(
        request,
        "evaluation/wellbeing/results.html",
        {
            "data": data,
            "chosen": chosen,
            "themes": THEMES,
            "items": ITEMS,
            "theme_chart": theme_chart,
            "trend_chart": trend_chart,
            "population_mean": POPULATION_MEAN,
            "group_param": request.GET.get("group", ""),
        },
    )


def results_csv(request: AuthenticatedHttpRequest, round_uuid: UUID) -> HttpResponse:
    return exports.results_csv(_results(request, round_uuid))


def results_xlsx(request: AuthenticatedHttpRequest, round_uuid: UUID) -> HttpResponse:
    return exports.results_xlsx(_results(request, round_uuid))
