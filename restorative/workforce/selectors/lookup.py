"""Finding one record among those a person may see, or answering 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404


def get_or_404(queryset: QuerySet[Any], **lookup: Any) -> Any:
    """The one record of `queryset` matching `lookup`, or 404: a record out of reach and one
    that does not exist look the same (DESIGN.md), and so does a malformed id."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Not found") from exc
