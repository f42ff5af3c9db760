"""A world with something of every resource in every state, for the api app's tests.

Built on the permission matrix's world (``kosilab/core/tests/matrix.py``): lab "home" (public; a
facilitator and a manager), lab "hidden" (not public) and lab "other", both run by other_manager;
a participant, an admin and "member", who is on the team of home's internal process. For each
resource there are public items and items only some may see: a draft challenge, an internal
process, a draft result, a draft event, the hidden lab's things, and their handovers and indicators.
The public lab, challenge, process, event and result have an English translation of some texts.
"""

from __future__ import annotations

import datetime
from typing import Any

from kosilab.api.services import token_create
from kosilab.continuation.services import handover_create
from kosilab.core.tests.factories import ChallengeFactory, ProcessFactory
from kosilab.events.models import EventStatus
from kosilab.events.tests.factories import EventFactory
from kosilab.impact.tests.factories import make_indicator, measure
from kosilab.knowledge.tests.library_factories import ProfileFactory
from kosilab.methods.tests.factories import MethodFactory
from kosilab.processes.models import MemberRole
from kosilab.processes.services import member_add
from kosilab.results.models import ResultVisibility
from kosilab.results.tests.factories import make_result

DAY = datetime.date(2024, 5, 1)


def _handover(result: Any) -> Any:
    return handover_create(
        result=result, by=None, taker_kind="administration", taker_name="Amt für Mobilität", form="regular_service"
    )


def build(world: dict[str, Any]) -> dict[str, Any]:
    """Add the objects of every resource to ``world`` (the matrix world) and return it."""
    home, hidden, other = world["lab"], world["private_lab"], world["other_lab"]
    objects: dict[str, Any] = {}
    home.i18n = {"focus_en": "Mobility in the neighbourhood"}
    home.save(update_fields=["i18n"])
    objects["challenge"] = ChallengeFactory(lab=home, status="open", i18n={"goals_en": "Safe parking"})
    objects["draft_challenge"] = ChallengeFactory(lab=home, status="draft")
    objects["hidden_challenge"] = ChallengeFactory(lab=hidden, status="open")
    objects["process"] = ProcessFactory(lab=home, title="Fahrradgaragen")
    objects["process"].i18n = {"title_en": "Bicycle garages"}
    objects["process"].save(update_fields=["i18n"])
    objects["internal_process"] = ProcessFactory(lab=home, title="Intern", visibility="internal")
    objects["hidden_process"] = ProcessFactory(lab=hidden, title="Verborgen")
    member_add(
        process=objects["internal_process"],
        user=world["people"]["member"],
        role=MemberRole.CO_CREATOR,
        by=None,
        sector="science",
    )
    objects["result"] = make_result(
        objects["process"], title="Geschäftsmodell", i18n={"title_en": "Business model", "summary_en": "How it pays"}
    )
    objects["draft_result"] = make_result(objects["process"], title="Entwurf", visibility=ResultVisibility.DRAFT)
    objects["internal_result"] = make_result(objects["internal_process"], title="Internes Ergebnis")
    objects["hidden_result"] = make_result(objects["hidden_process"], title="Verborgenes Ergebnis")
    for name in ("result", "draft_result", "internal_result", "hidden_result"):
        objects[f"{name}_handover"] = _handover(objects[name])
    objects["event"] = EventFactory(lab=home, title="Werkstatt", i18n={"title_en": "Workshop"})
    objects["draft_event"] = EventFactory(lab=home, title="Entwurf", status=EventStatus.DRAFT)
    objects["network_event"] = EventFactory(lab=None, organising_lab=other, title="Netzwerktreffen")
    objects["network_draft"] = EventFactory(
        lab=None, organising_lab=other, title="Netzwerkentwurf", status=EventStatus.DRAFT
    )
    objects["hidden_event"] = EventFactory(lab=hidden, title="Verborgen")
    objects["shared_method"] = MethodFactory(slug="api-shared-method")
    objects["home_method"] = MethodFactory(slug="home-method", lab=home)
    objects["hidden_method"] = MethodFactory(slug="hidden-method", lab=hidden)
    objects["indicator"] = make_indicator(process=objects["process"], name="Radverkehrsanteil")
    objects["internal_indicator"] = make_indicator(process=objects["internal_process"], name="Intern")
    objects["lab_indicator"] = make_indicator(lab=home, name="Besucher")
    objects["hidden_indicator"] = make_indicator(lab=hidden, name="Verborgen")
    for name in ("indicator", "internal_indicator", "lab_indicator", "hidden_indicator"):
        measure(objects[name], DAY)
    objects["case_study"] = ProfileFactory(slug="case", lab=None, country="NL")
    objects["home_profile"] = ProfileFactory(slug="home-profile", lab=home)
    objects["hidden_profile"] = ProfileFactory(slug="hidden-profile", lab=hidden)
    return {**world, **objects}


def make_token(user: Any, **values: Any) -> str:
    """A token for ``user``; returns its secret."""
    _token, secret = token_create(owner=user, by=user, name=values.pop("name", "Test"), **values)
    return secret


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
