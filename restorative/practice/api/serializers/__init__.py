"""API shapes of the practice records, one module per sub-domain."""
