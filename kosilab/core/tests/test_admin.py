"""The Django admin works for every registered model (lists, add forms and a change form)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from kosilab.site.demo import load_demo_base

pytestmark = pytest.mark.django_db


def test_every_admin_page_opens_for_the_platform_admin(client, admin_user):
    load_demo_base()
    client.force_login(admin_user)
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert changelist.status_code == 200, info
        if model_admin.has_add_permission(changelist.wsgi_request):
            assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200, info
        first = model._default_manager.first()
        if first is not None:
            assert client.get(reverse("admin:{}_{}_change".format(*info), args=[first.pk])).status_code == 200, info


def test_the_admin_is_closed_to_lab_managers(client, manager):
    client.force_login(manager)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_changes_are_in_the_audit_log(client, admin_user, organisation):
    from kosilab.core.models import AuditEntry

    client.force_login(admin_user)
    response = client.post(
        reverse("admin:actors_organisation_change", args=[organisation.pk]),
        {"name": "Umbenannt", "sector": "science", "city": "Dortmund", "website": "", "description": ""},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.actors.organisation.changed")
    assert entry.actor == admin_user
    assert set(entry.data["fields"]) == {"name", "sector"}
    client.post(reverse("admin:actors_organisation_delete", args=[organisation.pk]), {"post": "yes"})
    assert AuditEntry.objects.filter(
        action="admin.actors.organisation.deleted", object_id=str(organisation.pk)
    ).exists()


def test_the_admin_sends_failed_mails_again_and_leaves_the_others_alone(
    client, admin_user, django_capture_on_commit_callbacks
):
    from django.core import mail

    from kosilab.core.models import AuditEntry, OutboxMail

    failed = OutboxMail.objects.create(
        key="failed", to="a@example.org", subject="S", body="B", state="failed", attempts=6, last_error="SMTP down"
    )
    sent = OutboxMail.objects.create(key="sent", to="b@example.org", subject="S", body="B", state="sent", attempts=1)
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:core_outboxmail_changelist"),
            {"action": "retry_failed", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
            headers={"accept-language": "en"},
        )
    assert response.status_code == 200
    assert "1 failed mail is being sent again." in response.content.decode()
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert (failed.state, failed.attempts) == ("sent", 1)
    assert (sent.state, sent.attempts) == ("sent", 1)
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert AuditEntry.objects.filter(action="core.outbox_mail.retried", actor=admin_user).count() == 1
