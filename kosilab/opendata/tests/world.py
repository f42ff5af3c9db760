"""A small world of public and hidden data for the dump's tests: each object's text carries a marker
that says whether it must appear in the dump (``PUBLIC-…``) or never (``HIDDEN-…``), their English
translations too."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import Any

from django.core.files.storage import default_storage
from django.utils import timezone

from kosilab.continuation.services import handover_create
from kosilab.core.tests.factories import ChallengeFactory, LabFactory, OrganisationFactory, ProcessFactory
from kosilab.events.tests.factories import EventFactory
from kosilab.impact.tests.factories import make_indicator
from kosilab.methods.tests.factories import MethodFactory
from kosilab.opendata.models import DumpBuild
from kosilab.results.tests.factories import make_result


def build_world() -> dict[str, Any]:
    public_lab = LabFactory(slug="open-lab", name="PUBLIC-LAB Offenes Labor")
    hidden_lab = LabFactory(slug="closed-lab", name="HIDDEN-LAB Geschlossenes Labor", is_public=False)
    challenge = ChallengeFactory(lab=public_lab, status="open", title="PUBLIC-CHALLENGE Wie parken Räder?")
    ChallengeFactory(lab=public_lab, status="draft", title="HIDDEN-DRAFT-CHALLENGE Entwurf")
    ChallengeFactory(lab=hidden_lab, status="open", title="HIDDEN-LAB-CHALLENGE im privaten Labor")
    process = ProcessFactory(lab=public_lab, challenge=challenge, title="PUBLIC-PROCESS Fahrradgaragen")
    ProcessFactory(lab=public_lab, title="HIDDEN-INTERNAL-PROCESS intern", visibility="internal")
    hidden_process = ProcessFactory(lab=hidden_lab, title="HIDDEN-LAB-PROCESS im privaten Labor")
    result = make_result(
        process, title="PUBLIC-RESULT Geschäftsmodell", i18n={"title_en": "PUBLIC-RESULT-EN Business model"}
    )
    make_result(
        process, title="HIDDEN-DRAFT-RESULT Entwurf", visibility="draft", i18n={"title_en": "HIDDEN-DRAFT-RESULT-EN"}
    )
    make_result(hidden_process, title="HIDDEN-LAB-RESULT privat")
    handover_create(
        result=result,
        by=None,
        taker_kind="organisation",
        taker_organisation=OrganisationFactory(name="PUBLIC-TAKER Mobilitätsverein"),
        form="project",
    )
    EventFactory(lab=public_lab, title="PUBLIC-EVENT Werkstatt", i18n={"description_en": "=PUBLIC-EVENT-EN"})
    EventFactory(lab=public_lab, title="HIDDEN-DRAFT-EVENT unveröffentlicht", status="draft")
    EventFactory(lab=hidden_lab, title="HIDDEN-LAB-EVENT privat")
    MethodFactory(title="PUBLIC-METHOD Weltcafé")
    MethodFactory(title="HIDDEN-LAB-METHOD eigene Methode", lab=hidden_lab)
    make_indicator(lab=public_lab, process=process, name="PUBLIC-INDICATOR Radanteil")
    make_indicator(lab=hidden_lab, name="HIDDEN-LAB-INDICATOR privat")
    return {"public_lab": public_lab, "hidden_lab": hidden_lab, "process": process, "result": result}


def dump_files(build: DumpBuild) -> dict[str, bytes]:
    """Every file in the zip of a build, by its path."""
    with default_storage.open(build.file_name, "rb") as file:
        data = file.read()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def package_of(files: dict[str, bytes]) -> dict[str, Any]:
    return json.loads(files["datapackage.json"])


def moment(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def now() -> dt.datetime:
    return timezone.now()
