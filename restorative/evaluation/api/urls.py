"""The evaluation app's API routes, under /api/evaluation/ (UUIDs in URLs, never keys)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
