"""Findings become learning (issue 12 point 8): learning actions and training needs."""
