"""The audit tool as shipped: sections and questions an authority then words its own way.

Written here as data and stored on first use (`tool_seed_if_empty`), not by a migration, so
the tool quality assurance edits is the one in the database; the shipped wording is only the
start. Each restorative criterion of issue 12 point 2 has a quality question graded on the
Ofsted four-point scale; compliance questions are answered yes, no or not applicable.
"""

from __future__ import annotations

from django.db import transaction

from ..models import AuditQuestion, AuditSection, Criterion

Kind = AuditQuestion.Kind

# (section, [(kind, criterion, text, hint)])
SHIPPED_TOOL: tuple[tuple[str, tuple[tuple[str, str, str, str], ...]], ...] = (
    (
        "Compliance",
        (
            (Kind.COMPLIANCE, "", "Were the statutory meetings in the period held on time?", ""),
            (Kind.COMPLIANCE, "", "Is there a current plan made with the family?", ""),
            (
                Kind.COMPLIANCE,
                "",
                "Has the plan been reviewed in the last 6 months?",
                "Answer not applicable when the plan is younger than 6 months.",
            ),
        ),
    ),
    (
        "The child's voice",
        (
            (
                Kind.COMPLIANCE,
                "",
                "Are the child's wishes and feelings recorded for the latest meeting?",
                "",
            ),
            (
                Kind.QUALITY,
                Criterion.CHILD_VOICE,
                "How well is the child's voice recorded in their own words?",
                "Look for the child's words quoted, not a professional's summary of them.",
            ),
        ),
    ),
    (
        "Working with the family",
        (
            (
                Kind.QUALITY,
                Criterion.FAMILY_PART,
                "How well does the plan show the family's part in making it?",
                "Goals in the family's own words; actions the family own.",
            ),
            (
                Kind.QUALITY,
                Criterion.DECISIONS_WITH,
                "How well were decisions made with the family, not for or to them?",
                "The family's position and view recorded beside each decision.",
            ),
            (
                Kind.QUALITY,
                Criterion.STRENGTHS,
                "How well are the family's strengths recorded?",
                "What is working well, and who helps.",
            ),
        ),
    ),
    (
        "Language",
        (
            (
                Kind.QUALITY,
                Criterion.LANGUAGE,
                "How well does the record use language that does not shame or label?",
                "The language checker's findings for the records in scope are shown with "
                "the record. A person's own words in quotation marks are not flagged.",
            ),
        ),
    ),
    (
        "The plan's sustainability",
        (
            (
                Kind.QUALITY,
                Criterion.SUSTAINABILITY,
                "How well has the plan's sustainability been reviewed with the family?",
                "Is it holding at 3, 6 and 12 months, in the family's words?",
            ),
        ),
    ),
)


def tool_seed_if_empty() -> int:
    """Store the shipped tool when there is none yet; returns how many questions it stored."""
    if AuditSection.objects.exists():
        return 0
    count = 0
    with transaction.atomic():
        for position, (title, questions) in enumerate(SHIPPED_TOOL, start=1):
            section = AuditSection.objects.create(title=title, position=position)
            for index, (kind, criterion, text, hint) in enumerate(questions, start=1):
                AuditQuestion.objects.create(
                    section=section,
                    kind=kind,
                    criterion=criterion,
                    text=text,
                    hint=hint,
                    position=index,
                )
                count += 1
    return count
