"""The governance app's API routes, under /api/governance/ (UUIDs in URLs, never keys)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
