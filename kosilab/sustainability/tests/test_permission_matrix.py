"""Permission matrix rows for the sustainability watch and the legacy (see kosilab/core/tests/matrix.py).

The watch and the legacy page are the lab's internal record: its team sees them (facilitators read
only), its managers and platform admins change them, export the archive and load a predecessor's;
for everybody else they do not exist (404), also in a public lab. A record of another lab under this
lab's address does not exist either. "home" is public, "hidden" is not and is run by other_manager.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kosilab.core.tests.matrix import PRIVATE, PRIVATE_ELSEWHERE, ROLES, case, done, matrix_test
from kosilab.sustainability.models import InheritedArchive
from kosilab.sustainability.services import decision_create
from kosilab.sustainability.tests.factories import make_funding, make_mandate, make_sponsor

NOWHERE = dict.fromkeys(ROLES, 404)
# Seen by the lab's team; changed by its managers and platform admins.
KEEP = {**PRIVATE, "facilitator": 403}
REFUSED_FORM = {**KEEP, "manager": 400, "admin": 400}
MANDATE = {
    "title": "Ratsbeschluss",
    "issued_by": "Rat der Stadt",
    "kind": "council_decision",
    "starts_on": "2024-01-01",
}
FUNDING = {"funder": "ESF Plus", "amount_per_year": "100000", "currency": "EUR", "starts_on": "2024-01-01"}
SPONSOR = {"label": "Oberbürgermeisteramt", "role": "political"}
DECISION = {"decided_on": "2025-01-10", "decided_by": "Rat", "outcome": "extended", "new_ends_on": "2030-12-31"}

CASES = [
    case("sustainability:watch", "get", "/sustainability/home/", PRIVATE),
    case("sustainability:watch-hidden-lab", "get", "/sustainability/hidden/", PRIVATE_ELSEWHERE),
    case("sustainability:watch-unknown-lab", "get", "/sustainability/nope/", NOWHERE),
    case("sustainability:mandate_create", "get", "/sustainability/home/mandates/new/", KEEP),
    case("sustainability:mandate_create", "post", "/sustainability/home/mandates/new/", done(KEEP), MANDATE),
    case("sustainability:mandate_create-bad", "post", "/sustainability/home/mandates/new/", REFUSED_FORM, {**MANDATE, "ends_on": "2023-01-01"}),
    case("sustainability:mandate_create-hidden-lab", "post", "/sustainability/hidden/mandates/new/", done(PRIVATE_ELSEWHERE), MANDATE),
    case("sustainability:mandate_edit", "get", "/sustainability/home/mandates/{mandate}/edit/", KEEP),
    case("sustainability:mandate_edit", "post", "/sustainability/home/mandates/{mandate}/edit/", done(KEEP), MANDATE),
    case("sustainability:mandate_edit-elsewhere", "get", "/sustainability/home/mandates/{hidden_mandate}/edit/", {**KEEP, "manager": 404, "admin": 404}),
    case("sustainability:mandate_delete", "get", "/sustainability/home/mandates/{mandate}/delete/", KEEP),
    case("sustainability:mandate_delete", "post", "/sustainability/home/mandates/{mandate}/delete/", done(KEEP)),
    case("sustainability:mandate_decision", "get", "/sustainability/home/mandates/{mandate}/decisions/new/", KEEP),
    case("sustainability:mandate_decision", "post", "/sustainability/home/mandates/{mandate}/decisions/new/", done(KEEP), DECISION),
    case("sustainability:sponsor_create", "get", "/sustainability/home/sponsors/new/", KEEP),
    case("sustainability:sponsor_create", "post", "/sustainability/home/sponsors/new/", done(KEEP), SPONSOR),
    case("sustainability:sponsor_edit", "get", "/sustainability/home/sponsors/{sponsor}/edit/", KEEP),
    case("sustainability:sponsor_edit", "post", "/sustainability/home/sponsors/{sponsor}/edit/", done(KEEP), SPONSOR),
    case("sustainability:sponsor_delete", "get", "/sustainability/home/sponsors/{sponsor}/delete/", KEEP),
    case("sustainability:sponsor_delete", "post", "/sustainability/home/sponsors/{sponsor}/delete/", done(KEEP)),
    case("sustainability:funding_create", "get", "/sustainability/home/funding/new/", KEEP),
    case("sustainability:funding_create", "post", "/sustainability/home/funding/new/", done(KEEP), FUNDING),
    case("sustainability:funding_create-bad", "post", "/sustainability/home/funding/new/", REFUSED_FORM, {**FUNDING, "amount_per_year": "-5"}),
    case("sustainability:funding_edit", "get", "/sustainability/home/funding/{funding}/edit/", KEEP),
    case("sustainability:funding_edit", "post", "/sustainability/home/funding/{funding}/edit/", done(KEEP), FUNDING),
    case("sustainability:funding_delete", "get", "/sustainability/home/funding/{funding}/delete/", KEEP),
    case("sustainability:funding_delete", "post", "/sustainability/home/funding/{funding}/delete/", done(KEEP)),
    case("sustainability:funding_decision", "get", "/sustainability/home/funding/{funding}/decisions/new/", KEEP),
    case("sustainability:funding_decision", "post", "/sustainability/home/funding/{funding}/decisions/new/", done(KEEP), DECISION),
    case("sustainability:funding_decision-elsewhere", "post", "/sustainability/home/funding/{hidden_funding}/decisions/new/", {**KEEP, "manager": 404, "admin": 404}, DECISION),
    case("sustainability:decision_edit", "get", "/sustainability/home/decisions/{decision}/edit/", KEEP),
    case("sustainability:decision_edit", "post", "/sustainability/home/decisions/{decision}/edit/", done(KEEP), {"decided_on": "2025-01-10", "decided_by": "Hauptausschuss"}),
    case("sustainability:decision_delete", "get", "/sustainability/home/decisions/{decision}/delete/", KEEP),
    case("sustainability:decision_delete", "post", "/sustainability/home/decisions/{decision}/delete/", done(KEEP)),
    case("sustainability:legacy", "get", "/sustainability/home/legacy/", PRIVATE),
    case("sustainability:legacy-hidden-lab", "get", "/sustainability/hidden/legacy/", PRIVATE_ELSEWHERE),
    case("sustainability:legacy_export", "get", "/sustainability/home/legacy.zip", KEEP),
    case("sustainability:legacy_export-hidden-lab", "get", "/sustainability/hidden/legacy.zip", PRIVATE_ELSEWHERE),
    case("sustainability:legacy_import", "get", "/sustainability/home/legacy/import/", KEEP),
    case("sustainability:legacy_import", "post", "/sustainability/home/legacy/import/", REFUSED_FORM),
    case("sustainability:inherited", "get", "/sustainability/home/legacy/inherited/{archive}/", PRIVATE),
    case("sustainability:inherited-elsewhere", "get", "/sustainability/home/legacy/inherited/{hidden_archive}/", {**PRIVATE, "facilitator": 404, "manager": 404, "admin": 404}),
]  # fmt: skip


def _archive(lab) -> InheritedArchive:
    return InheritedArchive.objects.create(
        lab=lab,
        digest=f"{lab.pk:064d}",
        predecessor="Vorgängerlabor",
        format_version=1,
        exported_at=timezone.now(),
        content={},
    )


@pytest.fixture
def world(matrix_world):
    lab, hidden = matrix_world["lab"], matrix_world["private_lab"]
    start = dt.date(2024, 1, 1)
    mandate = make_mandate(lab, starts_on=start, ends_on=dt.date(2026, 12, 31))
    funding = make_funding(lab, starts_on=start, ends_on=dt.date(2026, 12, 31))
    decision = decision_create(
        record=funding, by=None, decided_on=dt.date(2025, 1, 1), decided_by="Ministerium", outcome="pending"
    )
    return {
        **matrix_world,
        "mandate": mandate,
        "funding": funding,
        "sponsor": make_sponsor(lab),
        "decision": decision,
        "hidden_mandate": make_mandate(hidden, starts_on=start),
        "hidden_funding": make_funding(hidden, starts_on=start),
        "archive": _archive(lab),
        "hidden_archive": _archive(hidden),
    }


test_permission_matrix = matrix_test(CASES)
