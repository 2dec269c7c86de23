"""The evaluation app's tables, one module per area; each is imported here so Django finds it."""
