"""The demo's watch shows what it is for, whatever day the demo is loaded on: ends inside the
warning window, a pending renewal, dependence on one funder; loading again adds nothing."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from kosilab.labs.models import Lab
from kosilab.site.demo import load_demo_base
from kosilab.sustainability.demo import load_sustainability_demo
from kosilab.sustainability.models import Funding, Mandate, RenewalDecision, Sponsor
from kosilab.sustainability.selectors import lab_warnings

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
CLOCKS = [
    dt.datetime(2027, 6, 12, 23, 50, tzinfo=BERLIN),  # a Saturday night
    dt.datetime(2027, 12, 31, 23, 59, 59, tzinfo=BERLIN),
    dt.datetime(2028, 2, 29, 0, 0, tzinfo=BERLIN),
]


@pytest.mark.parametrize("moment", CLOCKS, ids=lambda m: m.strftime("%Y-%m-%d-%H%M"))
def test_the_demo_watch_warns_at_any_date(moment):
    with time_machine.travel(moment, tick=False):
        load_demo_base()
        assert load_sustainability_demo() is True
        counts = (
            Mandate.objects.count(),
            Funding.objects.count(),
            Sponsor.objects.count(),
            RenewalDecision.objects.count(),
        )
        assert load_sustainability_demo() is False
        assert (
            Mandate.objects.count(),
            Funding.objects.count(),
            Sponsor.objects.count(),
            RenewalDecision.objects.count(),
        ) == counts
        today = timezone.localdate()
        dortmund = {w.kind: w for w in lab_warnings(Lab.objects.get(slug="dortmund"), today)}
        wuppertal = {w.kind: w for w in lab_warnings(Lab.objects.get(slug="wuppertal"), today)}
    assert (dortmund["term_end"].threshold, dortmund["funding_end"].threshold) == (180, 90)
    assert "single_funder" not in dortmund
    assert wuppertal["funding_end"].threshold == 30 and wuppertal["funding_end"].level == "urgent"
    assert wuppertal["mandate_end"].threshold == 180
    assert "single_funder" in wuppertal
