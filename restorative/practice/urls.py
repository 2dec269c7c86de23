from django.urls import path

from . import arrange_views, documents, plan_views, team_views, views

app_name = "practice"

urlpatterns = [
    path("due/", views.meetings_due, name="meetings_due"),
    path("teams/<uuid:team_uuid>/meetings/", team_views.team_meetings, name="team_meetings"),
    path("families/<uuid:family_uuid>/", views.family_practice, name="family_practice"),
    path(
        "families/<uuid:family_uuid>/conversations/new/",
        views.conversation_new,
        name="conversation_new",
    ),
    path(
        "conversations/<uuid:conversation_uuid>/",
        views.conversation_detail,
        name="conversation_detail",
    ),
    path(
        "conversations/<uuid:conversation_uuid>/answers/",
        views.conversation_answers,
        name="conversation_answers",
    ),
    path("meetings/new/", views.meeting_choose_family, name="meeting_choose_family"),
    path("families/<uuid:family_uuid>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<uuid:meeting_uuid>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<uuid:meeting_uuid>/record/", views.meeting_record, name="meeting_record"),
    path("meetings/<uuid:meeting_uuid>/decisions/new/", views.decision_new, name="decision_new"),
    path(
        "meetings/<uuid:meeting_uuid>/arrange/",
        arrange_views.meeting_arrange,
        name="meeting_arrange",
    ),
    path(
        "meetings/<uuid:meeting_uuid>/cancel/", arrange_views.meeting_cancel, name="meeting_cancel"
    ),
    path(
        "meetings/<uuid:meeting_uuid>/participants/",
        views.meeting_participants,
        name="meeting_participants",
    ),
    path(
        "meetings/<uuid:meeting_uuid>/participants/<uuid:participant_uuid>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("families/<uuid:family_uuid>/plans/new/", plan_views.plan_new, name="plan_new"),
    path("plans/<uuid:plan_uuid>/", plan_views.plan_detail, name="plan_detail"),
    path("plans/<uuid:plan_uuid>/goals/new/", plan_views.goal_new, name="goal_new"),
    path("plans/<uuid:plan_uuid>/actions/new/", plan_views.action_new, name="action_new"),
    path("actions/<uuid:action_uuid>/", plan_views.action_update, name="action_update"),
    path("plans/<uuid:plan_uuid>/reviews/new/", plan_views.review_new, name="review_new"),
    path("plans/<uuid:plan_uuid>/change/", plan_views.plan_edit, name="plan_edit"),
    path("plans/<uuid:plan_uuid>/end/", plan_views.plan_end, name="plan_end"),
    path("goals/<uuid:goal_uuid>/change/", plan_views.goal_edit, name="goal_edit"),
    path("actions/<uuid:action_uuid>/change/", plan_views.action_edit, name="action_edit"),
    path(
        "meetings/<uuid:meeting_uuid>/document/",
        documents.meeting_document,
        name="meeting_document",
    ),
    path(
        "meetings/<uuid:meeting_uuid>/document.pdf",
        documents.meeting_document_pdf,
        name="meeting_document_pdf",
    ),
    path("plans/<uuid:plan_uuid>/for-the-family/", documents.plan_document, name="plan_document"),
    path(
        "plans/<uuid:plan_uuid>/for-the-family.pdf",
        documents.plan_document_pdf,
        name="plan_document_pdf",
    ),
]
