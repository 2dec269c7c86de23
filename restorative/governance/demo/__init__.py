"""The governance app's demo data, one module per area (see ../demo_data.py)."""
