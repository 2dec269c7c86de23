"""Emptying an app's tables for `seed_demo --reset`.

Each app's `demo_data.reset()` deletes its rows before a fresh load. Rows that protect others
(`on_delete=PROTECT`) must go after the rows that point at them, so every reset is a list of
models in the order they are deleted; this is that loop, written once.
"""

from __future__ import annotations

from django.db import models


def delete_all(*model_classes: type[models.Model]) -> None:
    """Delete every row of each model, in the order given."""
    for model in model_classes:
        model._default_manager.all().delete()
