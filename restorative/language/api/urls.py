"""Language API routes (under /api/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("language/check", views.LanguageCheckView.as_view(), name="api-language-check"),
]
