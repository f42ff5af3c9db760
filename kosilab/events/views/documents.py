"""Placeholder until this module is written."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
