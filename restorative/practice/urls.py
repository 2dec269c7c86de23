"""Pages of the practice app, under /practice/. A record's own pages are listed once under its
URL (meetings/<uuid>/…, plans/<uuid>/…), so each list reads as what can be done with it."""

from django.urls import include, path

from . import (
    arrange_views,
    case_event_views,
    documents,
    harmed_views,
    plan_views,
    team_views,
    timeliness_views,
    views,
)

app_name = "practice"

family_urls = [
    path("", views.family_practice, name="family_practice"),
    path("conversations/new/", views.conversation_new, name="conversation_new"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("plans/new/", plan_views.plan_new, name="plan_new"),
]

conversation_urls = [
    path("", views.conversation_detail, name="conversation_detail"),
    path("answers/", views.conversation_answers, name="conversation_answers"),
]

meeting_urls = [
    path("", views.meeting_detail, name="meeting_detail"),
    path("record/", views.meeting_record, name="meeting_record"),
    path("decisions/new/", views.decision_new, name="decision_new"),
    path("arrange/", arrange_views.meeting_arrange, name="meeting_arrange"),
    path("cancel/", arrange_views.meeting_cancel, name="meeting_cancel"),
    path("participants/", views.meeting_participants, name="meeting_participants"),
    path(
        "participants/<uuid:participant_uuid>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("people-harmed/new/", harmed_views.person_harmed_new, name="person_harmed_new"),
    path("document/", documents.meeting_document, name="meeting_document"),
    path("document.pdf", documents.meeting_document_pdf, name="meeting_document_pdf"),
]

plan_urls = [
    path("", plan_views.plan_detail, name="plan_detail"),
    path("goals/new/", plan_views.goal_new, name="goal_new"),
    path("actions/new/", plan_views.action_new, name="action_new"),
    path("reviews/new/", plan_views.review_new, name="review_new"),
    path("change/", plan_views.plan_edit, name="plan_edit"),
    path("end/", plan_views.plan_end, name="plan_end"),
    path("for-the-family/", documents.plan_document, name="plan_document"),
    path("for-the-family.pdf", documents.plan_document_pdf, name="plan_document_pdf"),
]

urlpatterns = [
    path("due/", views.meetings_due, name="meetings_due"),
    path("case-events/", case_event_views.case_events_import, name="case_events_import"),
    path("teams/<uuid:team_uuid>/meetings/", team_views.team_meetings, name="team_meetings"),
    path("timeliness/", timeliness_views.timeliness, name="timeliness"),
    path("timeliness/download.csv", timeliness_views.timeliness_csv, name="timeliness_csv"),
    path("timeliness/download.xlsx", timeliness_views.timeliness_xlsx, name="timeliness_xlsx"),
    path(
        "timeliness/teams/<uuid:team_uuid>/",
        timeliness_views.team_timeliness,
        name="team_timeliness",
    ),
    path("meetings/new/", views.meeting_choose_family, name="meeting_choose_family"),
    path("families/<uuid:family_uuid>/", include(family_urls)),
    path("conversations/<uuid:conversation_uuid>/", include(conversation_urls)),
    path("meetings/<uuid:meeting_uuid>/", include(meeting_urls)),
    path("plans/<uuid:plan_uuid>/", include(plan_urls)),
    path("goals/<uuid:goal_uuid>/change/", plan_views.goal_edit, name="goal_edit"),
    path("actions/<uuid:action_uuid>/", plan_views.action_update, name="action_update"),
    path("actions/<uuid:action_uuid>/change/", plan_views.action_edit, name="action_edit"),
]
