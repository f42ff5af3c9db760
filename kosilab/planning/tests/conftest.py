from __future__ import annotations

import pytest
from django.utils import translation

from kosilab.core.tests.factories import ProcessFactory, UserFactory
from kosilab.planning.tests.factories import SessionFactory
from kosilab.processes.services import member_add


@pytest.fixture(autouse=True)
def _english(client):
    """Tests that check text run in English (German comes from the catalogue)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def process(lab):
    return ProcessFactory(lab=lab, title="Shared mobility in the north")


@pytest.fixture
def member(process):
    user = UserFactory(name="Mia Member", language="en", profile={"sector": "science"})
    member_add(process=process, user=user, role="co_creator", by=None)
    return user


@pytest.fixture
def lead(process):
    user = UserFactory(name="Lea Lead", language="de", profile={"sector": "business"})
    member_add(process=process, user=user, role="lead", by=None)
    return user


@pytest.fixture
def session(process, manager):
    return SessionFactory(process=process, by=manager)
