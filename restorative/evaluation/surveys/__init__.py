"""Feedback from children, families, carers and partners (issue 11, points 1-5 and 8)."""
