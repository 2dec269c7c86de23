"""Pages of the language app, under /language/. UUIDs in every URL; the lexicon's and a
family's pages are listed once under their URL."""

from django.urls import include, path

from . import views

app_name = "language"

lexicon_urls = [
    path("", views.lexicon_list, name="lexicon_list"),
    path("add/", views.lexicon_add, name="lexicon_add"),
    path("export.csv", views.lexicon_export, name="lexicon_export"),
    path("import/", views.lexicon_import, name="lexicon_import"),
    path("<uuid:entry_uuid>/", views.lexicon_edit, name="lexicon_edit"),
    path("<uuid:entry_uuid>/enabled/", views.lexicon_toggle, name="lexicon_toggle"),
]

family_urls = [
    path("preferences/", views.family_preferences, name="family_preferences"),
    path(
        "members/<uuid:member_uuid>/preferences/add/", views.preference_add, name="preference_add"
    ),
    path(
        "preferences/<uuid:preference_uuid>/remove/",
        views.preference_remove,
        name="preference_remove",
    ),
]

urlpatterns = [
    path("glossary/", views.glossary, name="glossary"),
    path("lexicon/", include(lexicon_urls)),
    path("leads/", views.leads, name="leads"),
    path("leads/<uuid:lead_uuid>/remove/", views.lead_remove, name="lead_remove"),
    path("families/<uuid:family_uuid>/", include(family_urls)),
    path("try/", views.try_checker, name="try"),
    path("suggest/", views.suggest, name="suggest"),
    path("suggest/terms/", views.suggest_terms, name="suggest_terms"),
    path("feedback/", views.feedback, name="feedback"),
    path("report/", views.report, name="report"),
    path("lexicon/reports/", views.reports, name="reports"),
    path("analytics/", views.analytics, name="analytics"),
]
