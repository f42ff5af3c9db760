"""The accessibility statement states what BITV 2.0 and the EU model statement (2018/1523) ask for,
from the installation's settings (``KOSILAB_A11Y_*``), and the settings refuse what cannot be right."""

from __future__ import annotations

import datetime as dt
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from config.env import Env
from kosilab.core.tests.english import english_everywhere  # noqa: F401
from kosilab.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SETTINGS_FILE = Path(settings.BASE_DIR) / "config" / "settings.py"


def _page(client) -> str:
    return client.get(reverse("core:accessibility")).content.decode()


def test_the_statement_shows_dates_method_contact_and_the_enforcement_body(client, settings):
    settings.KOSILAB_A11Y_STATEMENT_DATE = dt.date(2026, 3, 2)
    settings.KOSILAB_A11Y_REVIEWED = dt.date(2026, 11, 30)
    settings.KOSILAB_A11Y_METHOD = "third-party"
    settings.KOSILAB_A11Y_ASSESSOR = "BIK BITV-Test"
    settings.KOSILAB_CONTACT_EMAIL = "barrierefrei@stadt.example"
    settings.KOSILAB_A11Y_ENFORCEMENT_BODY = "Ombudsstelle für barrierefreie Informationstechnik des Landes NRW"
    settings.KOSILAB_A11Y_ENFORCEMENT_ADDRESS = "Musterstraße 1, 40000 Düsseldorf"
    settings.KOSILAB_A11Y_ENFORCEMENT_URL = "https://ombudsstelle.example"
    settings.KOSILAB_A11Y_ENFORCEMENT_EMAIL = "ombudsstelle@land.example"
    html = _page(client)
    assert '<time datetime="2026-03-02">2 March 2026</time>' in html
    assert '<time datetime="2026-11-30">30 November 2026</time>' in html
    assert "Assessment by a third party: BIK BITV-Test" in html
    assert 'href="mailto:barrierefrei@stadt.example"' in html
    assert '<span lang="de">Ombudsstelle für barrierefreie Informationstechnik des Landes NRW</span>' in html
    assert "Musterstraße 1, 40000 Düsseldorf" in html
    assert 'href="https://ombudsstelle.example"' in html
    assert 'href="mailto:ombudsstelle@land.example"' in html
    assert "Only administrators see this note." not in html


def test_by_default_the_federal_schlichtungsstelle_and_a_self_assessment_are_stated(client):
    html = _page(client)
    assert "Schlichtungsstelle nach dem Behindertengleichstellungsgesetz" in html
    assert "Mauerstraße 53, 10117 Berlin" in html
    assert 'href="https://www.schlichtungsstelle-bgg.de"' in html
    assert "Self-assessment" in html
    assert "Enforcement procedure" in html


def test_admins_see_what_is_not_configured_and_visitors_do_not(client, settings):
    settings.KOSILAB_A11Y_STATEMENT_DATE = None
    settings.KOSILAB_A11Y_REVIEWED = None
    settings.KOSILAB_A11Y_ENFORCEMENT_EMAIL = ""
    visitor = _page(client)
    assert "Only administrators see this note." not in visitor and "KOSILAB_A11Y" not in visitor
    client.force_login(UserFactory(is_staff=True))
    admin = _page(client)
    assert "Only administrators see this note." in admin
    assert "<code>KOSILAB_A11Y_STATEMENT_DATE</code>" in admin
    assert "<code>KOSILAB_A11Y_ENFORCEMENT_EMAIL</code>" in admin
    assert "The enforcement body is the federal default." in admin


def test_env_reads_a_day_and_refuses_a_malformed_one():
    assert Env({"D": "2026-12-06"}).date("D") == dt.date(2026, 12, 6)
    assert Env({"D": " "}).date("D") is None
    assert Env({}).date("D") is None
    with pytest.raises(
        ImproperlyConfigured, match=r"D must be a date written as YYYY-MM-DD, e.g. 2026-12-06, not '06.12.2026'"
    ):
        Env({"D": "06.12.2026"}).date("D")


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        (
            {"KOSILAB_A11Y_STATEMENT_DATE": "2026-02-30"},
            "KOSILAB_A11Y_STATEMENT_DATE must be a date written as YYYY-MM-DD",
        ),
        (
            {"KOSILAB_A11Y_STATEMENT_DATE": "2026-06-01", "KOSILAB_A11Y_REVIEWED": "2026-05-01"},
            "KOSILAB_A11Y_REVIEWED must be on or after KOSILAB_A11Y_STATEMENT_DATE",
        ),
        ({"KOSILAB_A11Y_REVIEWED": "2026-05-01"}, "KOSILAB_A11Y_REVIEWED needs KOSILAB_A11Y_STATEMENT_DATE"),
        ({"KOSILAB_A11Y_METHOD": "outsourced"}, "KOSILAB_A11Y_METHOD must be one of self, third-party"),
        (
            {"KOSILAB_A11Y_ENFORCEMENT_URL": "ombudsstelle.example"},
            "KOSILAB_A11Y_ENFORCEMENT_URL must be a web address",
        ),
        (
            {"KOSILAB_A11Y_ENFORCEMENT_EMAIL": "ombudsstelle"},
            "KOSILAB_A11Y_ENFORCEMENT_EMAIL must be an e-mail address",
        ),
    ],
)
def test_settings_refuse_a_statement_that_cannot_be_right(monkeypatch, variables, message):
    monkeypatch.setenv("KOSILAB_ENV", "test")
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        runpy.run_path(str(SETTINGS_FILE))


def test_settings_read_a_valid_statement(monkeypatch):
    monkeypatch.setenv("KOSILAB_ENV", "test")
    monkeypatch.setenv("KOSILAB_A11Y_STATEMENT_DATE", "2026-06-01")
    monkeypatch.setenv("KOSILAB_A11Y_METHOD", "Third-Party")
    values = runpy.run_path(str(SETTINGS_FILE))
    assert values["KOSILAB_A11Y_STATEMENT_DATE"] == dt.date(2026, 6, 1)
    assert values["KOSILAB_A11Y_REVIEWED"] == dt.date(2026, 6, 1)
    assert values["KOSILAB_A11Y_METHOD"] == "third-party"
