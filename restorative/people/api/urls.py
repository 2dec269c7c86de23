from django.urls import path

urlpatterns: list = []  # filled in by the API work
