"""Case-file audits (policy §8; issue 12 points 1-5, and the audit parts of 9 and 10).

Modules: `permissions` (who may do what), `selectors` (reads), `services` (writes),
`sampling` and `kappa` (pure rules), `population` (which families a rule finds), `tool` (the
audit tool's seed), `forms`, `views`, `exports`.
"""
