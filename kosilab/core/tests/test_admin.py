"""The Django admin works for every registered model (lists, add forms and a change form)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from kosilab.core.demo import load_demo

pytestmark = pytest.mark.django_db


def test_every_admin_page_opens_for_the_platform_admin(client, admin_user):
    load_demo()
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
