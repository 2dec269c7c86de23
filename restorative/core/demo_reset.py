"""Emptying an app's tables for `seed_demo --reset`, and fresh planner statistics after a load.

Each app's `demo_data.reset()` deletes its rows before a fresh load. Rows that protect others
(`on_delete=PROTECT`) must go after the rows that point at them, so every reset is a list of
models in the order they are deleted; this is that loop, written once.
"""

from __future__ import annotations

from django.db import connection, models


def delete_all(*model_classes: type[models.Model]) -> None:
    """Delete every row of each model, in the order given."""
    for model in model_classes:
        model._default_manager.all().delete()


def refresh_statistics(*model_classes: type[models.Model]) -> None:
    """ANALYZE each model's table on PostgreSQL after a bulk load, so the query planner does
    not plan for the empty tables it last saw (autovacuum catches up only later; until then
    a page can pick a plan that sorts every row: the feedback comments took 400 ms). SQLite
    needs nothing."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in model_classes:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
