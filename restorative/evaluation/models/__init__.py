"""The evaluation app's tables, one module per area; each is imported here so Django finds it."""

from .audits import (  # noqa: F401  (case-file audits, issue 12 points 1-5)
    AuditAnswer,
    AuditProgramme,
    AuditQuestion,
    AuditSection,
    CaseAudit,
    Compliance,
    Criterion,
    Grade,
    SafeguardingAlert,
    quarter_label,
)
