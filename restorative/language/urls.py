"""Pages of the language app, under /language/. UUIDs in every URL."""

from django.urls import path

from . import views

app_name = "language"

urlpatterns = [
    path("glossary/", views.glossary, name="glossary"),
    path("lexicon/", views.lexicon_list, name="lexicon_list"),
    path("lexicon/add/", views.lexicon_add, name="lexicon_add"),
    path("lexicon/export.csv", views.lexicon_export, name="lexicon_export"),
    path("lexicon/import/", views.lexicon_import, name="lexicon_import"),
    path("lexicon/<uuid:entry_uuid>/", views.lexicon_edit, name="lexicon_edit"),
    path("lexicon/<uuid:entry_uuid>/enabled/", views.lexicon_toggle, name="lexicon_toggle"),
    path("leads/", views.leads, name="leads"),
    path("leads/<uuid:lead_uuid>/remove/", views.lead_remove, name="lead_remove"),
    path(
        "families/<uuid:family_uuid>/preferences/",
        views.family_preferences,
        name="family_preferences",
    ),
    path(
        "families/<uuid:family_uuid>/members/<uuid:member_uuid>/preferences/add/",
        views.preference_add,
        name="preference_add",
    ),
    path(
        "families/<uuid:family_uuid>/preferences/<uuid:preference_uuid>/remove/",
        views.preference_remove,
        name="preference_remove",
    ),
    path("try/", views.try_checker, name="try"),
    path("suggest/", views.suggest, name="suggest"),
    path("feedback/", views.feedback, name="feedback"),
    path("analytics/", views.analytics, name="analytics"),
]
