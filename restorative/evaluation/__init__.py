"""Evaluation (§8): what children, families, carers, partners and staff say (surveys, feedback
links, the staff wellbeing survey) and the quality evidence (case-file audits with moderation,
complaints and compliments, learning actions and training needs)."""
