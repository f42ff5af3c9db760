"""These tests read messages in English: pages are asked for in English, and code outside a
request runs with English active (the German catalogue is complete, so German would show)."""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_everywhere(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield
