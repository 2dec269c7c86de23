"""Routes of the feedback pages, included once from the app's `urls.py`."""

from django.urls import URLPattern, path

from . import editor_views, partner_views, public_views, staff_views

urlpatterns: list[URLPattern] = [
    # The public link: the token and nothing else (no name, no family, no sequence number).
    path("feedback/f/<str:token>/", public_views.feedback, name="feedback"),
    path("feedback/thank-you/", public_views.feedback_thanks, name="feedback_thanks"),
    path(
        "feedback/families/<uuid:family_uuid>/",
        staff_views.family_feedback,
        name="feedback_family",
    ),
    path(
        "feedback/meetings/<uuid:meeting_uuid>/invite/",
        staff_views.meeting_invite,
        name="feedback_meeting_invite",
    ),
    path(
        "feedback/reviews/<uuid:review_uuid>/invite/",
        staff_views.review_invite,
        name="feedback_review_invite",
    ),
    path(
        "feedback/conversations/<uuid:conversation_uuid>/invite/",
        staff_views.conversation_invite,
        name="feedback_conversation_invite",
    ),
    path(
        "feedback/audits/<uuid:audit_uuid>/invite/",
        staff_views.audit_invite,
        name="audit_feedback_invite",
    ),
    path("feedback/responses/", staff_views.responses_list, name="feedback_responses"),
    path(
        "feedback/responses/<uuid:response_uuid>/",
        staff_views.response_detail,
        name="feedback_response",
    ),
    path("feedback/follow-ups/", staff_views.follow_ups, name="feedback_follow_ups"),
    path(
        "feedback/follow-ups/<uuid:follow_up_uuid>/done/",
        staff_views.follow_up_done,
        name="feedback_follow_up_done",
    ),
    path("feedback/partner/", partner_views.partner_home, name="feedback_partner_home"),
    path(
        "feedback/partner/meetings/<uuid:meeting_uuid>/contribution/",
        partner_views.partner_contribution,
        name="feedback_partner_contribution",
    ),
    path(
        "feedback/partner/meetings/<uuid:meeting_uuid>/feedback/",
        partner_views.partner_feedback,
        name="feedback_partner_feedback",
    ),
    path("feedback/surveys/", editor_views.surveys, name="feedback_surveys"),
    path("feedback/surveys/<slug:code>/", editor_views.survey_edit, name="feedback_survey_edit"),
    path(
        "feedback/surveys/<slug:code>/versions/<int:number>/",
        editor_views.survey_version,
        name="feedback_survey_version",
    ),
    path("feedback/results/", staff_views.results, name="feedback_results"),
    path("feedback/results.csv", staff_views.results_csv, name="feedback_results_csv"),
    path("feedback/results.xlsx", staff_views.results_xlsx, name="feedback_results_xlsx"),
]
