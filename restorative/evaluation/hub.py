"""The evaluation app's one section of the service navigation, "Quality and feedback": a hub
page listing each area (feedback, staff wellbeing, case-file audits, complaints and learning)
to those who may open it. One section instead of one per area keeps the navigation short for
every role; each area keeps its own permission function as the rule for its link."""

from __future__ import annotations

from restorative.core import navigation

from .audits import permissions as audit_permissions
from .complaints import permissions as complaint_permissions
from .learning import permissions as learning_permissions
from .surveys import permissions as survey_permissions
from .wellbeing import permissions as wellbeing_permissions

KEY = "evaluation"


def register() -> None:
    """Register the hub and its areas (from `EvaluationConfig.ready()`)."""
    hub = navigation.register_hub(
        KEY,
        "Quality and feedback",
        "evaluation:home",
        70,
        intro="What children, families, partners and staff tell us, and how we check and "
        "learn from our practice.",
    )
    hub.add(
        "Feedback results",
        "evaluation:feedback_results",
        survey_permissions.can_view_results,
        "What children, families, carers and partners said after meetings.",
        10,
    )
    hub.add(
        "Survey questions",
        "evaluation:feedback_surveys",
        survey_permissions.can_change_surveys,
        "The questions each feedback survey asks, and changing them (a new version).",
        13,
    )
    hub.add(
        "Asked to be contacted",
        "evaluation:feedback_follow_ups",
        survey_permissions.can_view_follow_ups,
        "People who asked in their feedback to be contacted, and what was done.",
        11,
    )
    hub.add(
        "Your meetings",
        "evaluation:feedback_partner_home",
        survey_permissions.can_give_partner_feedback,
        "The meetings you are invited to: give a written contribution before and feedback after.",
        12,
    )
    hub.add(
        "Staff survey",
        "evaluation:wellbeing_take",
        # No query on this rule: it opens the open round's questions for whoever has not
        # answered it, and the survey's start page (results, rounds, licence) for others.
        wellbeing_permissions.can_view_wellbeing_nav,
        "The staff wellbeing survey: answer the open round and read the results.",
        20,
    )
    hub.add(
        "Training evaluations",
        "evaluation:training_evaluations",
        wellbeing_permissions.can_view_training_evaluations,
        "What attendees said about the training sessions they went to.",
        21,
    )
    hub.add(
        "Case-file audits",
        "evaluation:audits_home",
        audit_permissions.can_use_audits,
        "Your audit tasks, audit programmes, moderation and reports.",
        30,
    )
    hub.add(
        "Complaints",
        "evaluation:complaint_list",
        complaint_permissions.can_list_complaints,
        "Statutory and corporate complaints, their stages and outcomes.",
        40,
    )
    hub.add(
        "Compliments",
        "evaluation:compliment_list",
        complaint_permissions.can_list_compliments,
        "Compliments received about our work.",
        41,
    )
    hub.add(
        "Learning",
        "evaluation:learning_home",
        learning_permissions.can_use_learning,
        "Learning actions and training needs from complaints and audit findings.",
        50,
    )
