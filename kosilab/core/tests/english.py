"""For test modules that read messages in English: pages are asked for in English, and code outside a
request runs with English active (the German catalogue is complete, so German would show otherwise).

Use it in a module with ``from kosilab.core.tests.english import english_everywhere  # noqa: F401``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import translation


@pytest.fixture(autouse=True)
def english_everywhere(client: Client) -> Iterator[None]:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield
