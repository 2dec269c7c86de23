from django.urls import path

from . import views

app_name = "practice"

urlpatterns = [
    path("due/", views.meetings_due, name="meetings_due"),
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
]
