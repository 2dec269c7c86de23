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
        "practice/conversations/<uuid:uuid>/answers/",
        views.ConversationViewSet.as_view({"post": "answers"}),
        name="api-practice-conversation-answers",
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
        "practice/meetings/<uuid:uuid>/arrange/",
        views.MeetingArrangeViewSet.as_view({"post": "arrange"}),
        name="api-practice-meeting-arrange",
    ),
    path(
        "practice/meetings/<uuid:uuid>/cancel/",
        views.MeetingArrangeViewSet.as_view({"post": "cancel"}),
        name="api-practice-meeting-cancel",
    ),
    path(
        "practice/meetings/<uuid:meeting_uuid>/participants/",
        views.MeetingParticipantViewSet.as_view({"get": "list", "post": "create"}),
        name="api-practice-participant-list",
    ),
    path(
        "practice/meetings/<uuid:meeting_uuid>/participants/<uuid:participant_uuid>/",
        views.MeetingParticipantViewSet.as_view({"delete": "destroy"}),
        name="api-practice-participant-detail",
    ),
    path(
        "practice/meetings/<uuid:meeting_uuid>/decisions/",
        views.DecisionViewSet.as_view({"get": "list", "post": "create"}),
        name="api-practice-decision-list",
    ),
    path(
        "practice/plans/",
        views.PlanViewSet.as_view({"get": "list", "post": "create"}),
        name="api-practice-plan-list",
    ),
    path(
        "practice/plans/<uuid:uuid>/",
        views.PlanViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="api-practice-plan-detail",
    ),
    path(
        "practice/plans/<uuid:uuid>/end/",
        views.PlanViewSet.as_view({"post": "end"}),
        name="api-practice-plan-end",
    ),
    path(
        "practice/plans/<uuid:plan_uuid>/goals/",
        views.GoalViewSet.as_view({"get": "list", "post": "create"}),
        name="api-practice-goal-list",
    ),
    path(
        "practice/goals/<uuid:uuid>/",
        views.GoalViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="api-practice-goal-detail",
    ),
    path(
        "practice/plans/<uuid:plan_uuid>/actions/",
        views.ActionViewSet.as_view({"post": "create"}),
        name="api-practice-plan-action-create",
    ),
    path(
        "practice/actions/",
        views.ActionViewSet.as_view({"get": "list"}),
        name="api-practice-action-list",
    ),
    path(
        "practice/actions/<uuid:uuid>/",
        views.ActionViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="api-practice-action-detail",
    ),
    path(
        "practice/plans/<uuid:plan_uuid>/reviews/",
        views.PlanReviewViewSet.as_view({"get": "list", "post": "create"}),
        name="api-practice-review-list",
    ),
    path(
        "practice/reviews/<uuid:uuid>/",
        views.PlanReviewViewSet.as_view({"get": "retrieve"}),
        name="api-practice-review-detail",
    ),
]
