import pytest
from django.core import mail
from django.urls import reverse

from kosilab.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_accessibility_feedback_reaches_the_operator(client, settings, django_capture_on_commit_callbacks):
    settings.KOSILAB_CONTACT_EMAIL = "betrieb@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("core:accessibility"),
            {
                "message": "Der Kalender ist mit der Tastatur nicht bedienbar.",
                "email": "ich@example.org",
                "page": "/labs/",
            },
            follow=True,
        )
    assert "Vielen Dank. Ihre Nachricht wurde an das Team weitergegeben." in response.content.decode()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["betrieb@example.org"]
    assert sent.subject == "Rückmeldung zur Barrierefreiheit"
    assert "Der Kalender ist mit der Tastatur nicht bedienbar." in sent.body
    assert "ich@example.org" in sent.body
    assert AuditEntry.objects.filter(action="core.accessibility_feedback.sent").count() == 1


def test_an_empty_message_is_refused_and_nothing_is_sent(client):
    response = client.post(reverse("core:accessibility"), {"message": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["message"]
    assert not mail.outbox


def test_automated_senders_that_fill_the_hidden_field_are_ignored(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:accessibility"), {"message": "Buy now", "website": "http://spam.example"})
    assert not mail.outbox
    assert not AuditEntry.objects.exists()


def test_every_page_links_to_the_accessibility_statement_and_privacy(client):
    html = client.get("/labs/").content.decode()
    assert 'href="/accessibility/?page=/labs/"' in html
    assert 'href="/privacy/"' in html
    assert "Keine Tracker" in client.get(reverse("core:privacy")).content.decode()


def test_pages_allow_only_their_own_assets(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self';" in policy
    assert "style-src 'self';" in policy
    assert "frame-ancestors 'none'" in policy
    admin_policy = client.get("/admin/login/").headers["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in admin_policy
    assert "script-src 'self';" in admin_policy
