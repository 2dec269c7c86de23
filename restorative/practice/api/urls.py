"""Practice API routes, under /api/practice/. UUIDs in every URL (never the sequential key)."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "practice/question-sets/",
        views.QuestionSetViewSet.as_view({"get": "list"}),
        name="api-practice-question-set-list",
    ),
    path(
        "practice/conversations/",
        views.ConversationViewSet.as_view({"get": "list", "post": "create"}),
        name="api-practice-conversation-list",
    ),
    path(
        "practice/conversations/<uuid:uuid>/",
        views.ConversationViewSet.as_view({"get": "retrieve"}),
        name="api-practice-conversation-detail",
    ),
    path(
        "practice/meetings/",
        views.MeetingViewSet.as_view({"get": "list", "post": "create"}),
        name="api-practice-meeting-list",
    ),
    path(
        "practice/meetings/<uuid:uuid>/",
        views.MeetingViewSet.as_view({"get": "retrieve"}),
        name="api-practice-meeting-detail",
    ),
    path(
        "practice/meetings/<uuid:uuid>/record/",
        views.MeetingViewSet.as_view({"post": "record"}),
        name="api-practice-meeting-record",
    ),
    path(
        "practice/meetings/<uuid:meeting_uuid>/participants/",
        views.MeetingParticipantViewSet.as_view({"get": "list"}),
        name="api-practice-participant-list",
    ),
    path(
        "practice/meetings/<uuid:meeting_uuid>/decisions/",
        views.DecisionViewSet.as_view({"get": "list", "post": "create"}),
        name="api-practice-decision-list",
    ),
]
