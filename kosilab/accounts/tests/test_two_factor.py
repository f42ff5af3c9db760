"""A second factor where the platform requires one (kosilab/accounts/two_factor.py): platform
admins and the team of a lab with ``require_two_factor``; the admin site behind the same rule.
Codes are computed with pyotp, an authenticator app of its own, not with allauth's code."""

from __future__ import annotations

import datetime as dt

import pyotp
import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kosilab.accounts.models import User
from kosilab.accounts.two_factor import RECHECK, SESSION_KEY
from kosilab.core.models import AuditEntry
from kosilab.core.tests.factories import PASSWORD, TOTP_SECRET, LabFactory, UserFactory
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set, lab_update

pytestmark = pytest.mark.django_db

START = dt.datetime(2030, 2, 28, 23, 58, tzinfo=dt.UTC)  # the night before 1 March
SET_UP = "/accounts/2fa/"


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def admin(*, second_factor: bool) -> User:
    return UserFactory(is_superuser=True, is_staff=True, second_factor=second_factor)


def logged_in(user: User) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def code(secret: str = TOTP_SECRET) -> str:
    return pyotp.TOTP(secret).now()


def test_an_admin_without_a_second_factor_is_sent_to_set_one_up(clock):
    client = logged_in(admin(second_factor=False))
    for path in ["/", "/challenges/", "/labs/", "/admin/", "/api/v1/challenges/"]:
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (302, SET_UP), path
    page = client.get(SET_UP, follow=True)
    assert page.status_code == 200
    assert "requires a second factor at log-in" in page.content.decode()
    # Writes are refused the same way, and change nothing.
    assert client.post("/challenges/new/", {"title": "Nope"}).status_code == 302
    # htmx requests are sent along the whole page.
    response = client.get("/challenges/", headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/labs/"})
    assert (response.status_code, response["HX-Redirect"]) == (204, SET_UP)
    # … but a fragment of the set-up page itself (the notification badge) gets nothing, not a loop.
    response = client.get(
        "/notifications/badge/", headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{SET_UP}"}
    )
    assert response.status_code == 204 and "HX-Redirect" not in response


def test_the_account_and_legal_pages_stay_open_without_a_second_factor(clock):
    client = logged_in(admin(second_factor=False))
    for path in ["/accounts/2fa/", "/accounts/my-data/", "/accounts/sessions/", "/privacy/", "/accessibility/"]:
        assert client.get(path).status_code == 200, path
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/challenges/").status_code == 200  # logged out: nothing required


def test_an_admin_with_a_second_factor_goes_anywhere(clock):
    client = logged_in(admin(second_factor=True))
    for path in ["/", "/challenges/", "/admin/"]:
        assert client.get(path).status_code == 200, path


def test_the_password_alone_does_not_log_an_admin_in(clock):
    person = admin(second_factor=True)
    client = Client()
    response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302
    assert "_auth_user_id" not in client.session
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000" if code() != "000000" else "111111"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    assert client.post("/accounts/2fa/authenticate/", {"code": code()}).status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)
    assert client.get("/admin/").status_code == 200


def test_the_admin_site_logs_in_through_the_platform(clock):
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    # Logged in without being staff: no admin site.
    assert logged_in(UserFactory()).get("/admin/login/").status_code == 403


def test_a_lab_can_require_a_second_factor_of_its_team(clock):
    lab = LabFactory()
    member = UserFactory()
    lab_team_set(lab=lab, user=member, role=LabRole.FACILITATOR, by=None)
    outsider = UserFactory()
    lab_update(lab=lab, by=None, require_two_factor=True)

    assert logged_in(member).get("/challenges/")["Location"] == SET_UP
    assert logged_in(outsider).get("/challenges/").status_code == 200
    Authenticator.objects.create(user=member, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET})
    assert logged_in(member).get("/challenges/").status_code == 200


def test_recovery_codes_alone_do_not_count(clock):
    person = admin(second_factor=False)
    Authenticator.objects.create(user=person, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00" * 20})
    assert logged_in(person).get("/challenges/")["Location"] == SET_UP


def test_a_requirement_reaches_running_sessions_within_minutes(clock):
    lab = LabFactory()
    member = UserFactory()
    lab_team_set(lab=lab, user=member, role=LabRole.MANAGER, by=None)
    client = logged_in(member)
    assert client.get("/challenges/").status_code == 200
    lab_update(lab=lab, by=None, require_two_factor=True)
    clock.shift(RECHECK - dt.timedelta(seconds=1))
    assert client.get("/challenges/").status_code == 200  # decided at log-in, kept in the session
    clock.shift(dt.timedelta(seconds=2))
    assert client.get("/challenges/")["Location"] == SET_UP
    lab_update(lab=lab, by=None, require_two_factor=False)
    clock.shift(RECHECK)
    assert client.get("/challenges/").status_code == 200


def test_a_fresh_decision_costs_no_query(clock, settings):
    client = logged_in(UserFactory())
    client.get("/privacy/")
    assert client.session[SESSION_KEY]["missing"] is False
    with CaptureQueriesContext(connection) as checked:
        client.get("/privacy/")
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("SecondFactorRequiredMiddleware")]
    with CaptureQueriesContext(connection) as unchecked:
        client.get("/privacy/")
    assert len(checked) == len(unchecked)


def test_setting_up_an_authenticator_app_opens_the_platform_at_once(clock, django_capture_on_commit_callbacks):
    person = admin(second_factor=False)
    client = Client()
    client.cookies["django_language"] = "en"
    client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert client.get("/challenges/")["Location"] == SET_UP
    # allauth asks for the password again before a factor is changed.
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    client.post(response["Location"], {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    secret = page.context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals after its transaction
        response = client.post("/accounts/2fa/totp/activate/", {"code": code(secret)})
    assert response.status_code == 302
    assert client.get("/challenges/").status_code == 200
    added = AuditEntry.objects.filter(action="accounts.second_factor.added", actor_id=person.pk)
    assert sorted(entry.data["type"] for entry in added) == ["recovery_codes", "totp"]


def test_the_last_factor_of_someone_who_needs_one_stays(clock, django_capture_on_commit_callbacks):
    person = admin(second_factor=True)
    client = logged_in(person)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.post("/accounts/2fa/totp/deactivate/")
    assert response.status_code == 200  # the form again, with the refusal
    assert Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()

    # Someone not required to have one may remove it.
    other = UserFactory(second_factor=True)
    client = logged_in(other)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/accounts/2fa/totp/deactivate/").status_code == 302
    assert not Authenticator.objects.filter(user=other).exists()
    assert AuditEntry.objects.filter(action="accounts.second_factor.removed", actor_id=other.pk).exists()
