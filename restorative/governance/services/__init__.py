"""Every write in governance, one module per area (barriers, policies, measures)."""
