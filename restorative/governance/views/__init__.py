"""The governance pages, one module per area."""
