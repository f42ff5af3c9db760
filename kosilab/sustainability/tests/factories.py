"""Records of the sustainability watch for tests, written through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from kosilab.labs.models import Lab
from kosilab.sustainability.models import Funding, Mandate, Sponsor
from kosilab.sustainability.services import funding_create, mandate_create, sponsor_create


def make_mandate(lab: Lab, *, starts_on: dt.date, **values: Any) -> Mandate:
    defaults: dict[str, Any] = {
        "title": "Council decision to set up the lab",
        "issued_by": "City council",
        "kind": "council_decision",
        "starts_on": starts_on,
    }
    defaults.update(values)
    return mandate_create(lab=lab, by=None, **defaults)


def make_funding(lab: Lab, *, starts_on: dt.date, **values: Any) -> Funding:
    defaults: dict[str, Any] = {
        "funder": "Federal ministry",
        "programme": "Innovation programme",
        "amount_per_year": Decimal("100000"),
        "starts_on": starts_on,
    }
    defaults.update(values)
    return funding_create(lab=lab, by=None, **defaults)


def make_sponsor(lab: Lab, **values: Any) -> Sponsor:
    defaults: dict[str, Any] = {"label": "Office of the Lord Mayor", "role": "political"}
    defaults.update(values)
    return sponsor_create(lab=lab, by=None, **defaults)
