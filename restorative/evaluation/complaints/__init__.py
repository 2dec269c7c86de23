"""Complaints and compliments (issue 12 points 6, 7 and 9): the representations procedure."""
