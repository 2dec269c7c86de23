"""Seed the restorative question sets and the national timescale rules (editable afterwards).

Sources: reference/instruments.md (IIRP question sets, the policy's short form §4) and
reference/timescales.md (Working Together 2023; local youth justice guidance).
"""

from django.db import migrations

QUESTION_SETS = [
    (
        "policy-short-form",
        "The policy's short form",
        "What happened, who was affected, what needs to happen next (policy §4).",
        [
            "What happened?",
            "Who has been affected, and how?",
            "What needs to happen next?",
        ],
    ),
    (
        "iirp-challenging-behaviour",
        "Responding to challenging behaviour",
        "IIRP restorative questions for the person who caused harm.",
        [
            "What happened?",
            "What were you thinking of at the time?",
            "What have you thought about since?",
            "Who has been affected by what you have done? In what way?",
            "What do you think you need to do to make things right?",
        ],
    ),
    (
        "iirp-helping-those-harmed",
        "Helping those harmed by others' actions",
        "IIRP restorative questions for people who were harmed.",
        [
            "What did you think when you realised what had happened?",
            "What impact has this incident had on you and others?",
            "What has been the hardest thing for you?",
            "What do you think needs to happen to make things right?",
        ],
    ),
]

WT = "Working Together to Safeguard Children 2023, as set out in local procedures"
RULES = [
    ("strategy_discussion", "initial_conference", 15, "working_days", WT),
    ("initial_conference", "core_group", 10, "working_days", WT),
    ("initial_conference", "review_conference", 3, "calendar_months", WT),
    ("review_conference", "review_conference", 6, "calendar_months", WT),
    (
        "referral_order",
        "youth_justice_panel",
        20,
        "working_days",
        "Local youth justice service guidance",
    ),
]


def seed(apps, schema_editor):
    QuestionSet = apps.get_model("practice", "QuestionSet")
    Question = apps.get_model("practice", "Question")
    TimescaleRule = apps.get_model("practice", "TimescaleRule")
    for order, (code, name, description, questions) in enumerate(QUESTION_SETS):
        question_set, _ = QuestionSet.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "order": order}
        )
        for position, text in enumerate(questions, start=1):
            Question.objects.get_or_create(
                question_set=question_set, order=position, defaults={"text": text}
            )
    for trigger, meeting_type, amount, unit, source in RULES:
        TimescaleRule.objects.get_or_create(
            trigger=trigger,
            meeting_type=meeting_type,
            is_active=True,
            defaults={"amount": amount, "unit": unit, "source": source},
        )


class Migration(migrations.Migration):
    dependencies = [("practice", "0001_conversations_meetings_decisions")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
