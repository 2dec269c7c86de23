"""The staff wellbeing survey's pages, under /evaluation/wellbeing/ (names `wellbeing_*`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import training_views, views

ROUND = "wellbeing/rounds/<uuid:round_uuid>/"

urlpatterns: list[URLPattern] = [
    path("wellbeing/", views.home, name="wellbeing_home"),
    path("wellbeing/take/", views.take, name="wellbeing_take"),
    path("wellbeing/thank-you/", views.thanks, name="wellbeing_thanks"),
    path("wellbeing/licence/", views.licence, name="wellbeing_licence"),
    path("wellbeing/rounds/new/", views.round_new, name="wellbeing_round_new"),
    path(f"{ROUND}answer/", views.answer, name="wellbeing_answer"),
    path(f"{ROUND}one-time-link/", views.link_issue, name="wellbeing_link_issue"),
    path(f"{ROUND}results/", views.results, name="wellbeing_results"),
    path(f"{ROUND}results.csv", views.results_csv, name="wellbeing_results_csv"),
    path(f"{ROUND}results.xlsx", views.results_xlsx, name="wellbeing_results_xlsx"),
    path("wellbeing/answer/<str:token>/", views.answer_by_link, name="wellbeing_link_answer"),
    path(
        "training/sessions/<uuid:session_uuid>/evaluate/",
        training_views.evaluate,
        name="training_evaluate",
    ),
    path("training/evaluations/", training_views.results, name="training_evaluations"),
    path(
        "training/evaluations/mine/",
        training_views.my_facilitation,
        name="training_evaluations_mine",
    ),
]
