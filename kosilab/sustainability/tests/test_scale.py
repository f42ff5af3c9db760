"""seed_scale writes sustainability records for every lab of the batch, which the watch reads."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from kosilab.labs.models import Lab, LabMembership, LabRole
from kosilab.sustainability.models import Funding, Mandate, Sponsor
from kosilab.sustainability.selectors import lab_warnings

pytestmark = pytest.mark.django_db


def test_every_lab_of_the_batch_has_a_watch():
    call_command("seed_scale", scale=0.02, seed=3, stdout=StringIO())
    labs = list(Lab.objects.all())
    assert Mandate.objects.count() == len(labs) == Sponsor.objects.count()
    assert Funding.objects.count() >= len(labs)
    for lab in labs:
        lab_warnings(lab, timezone.localdate())  # reads without error
    manager = LabMembership.objects.filter(role=LabRole.MANAGER).select_related("user", "lab").first()
    client = Client()
    client.force_login(manager.user)
    assert client.get(f"/sustainability/{manager.lab.slug}/").status_code == 200
    assert client.get(f"/sustainability/{manager.lab.slug}/legacy/").status_code == 200
