"""The parts of the research export one by one: pseudonyms, scrubbing of names, k-suppression,
and the leak detector the export's tests rely on."""

from __future__ import annotations

import io
import zipfile

from django.test import override_settings

from kosilab.research.pseudonyms import Pseudonymiser, installation_key
from kosilab.research.scrub import Scrubber
from kosilab.research.suppression import breakdown, cell
from kosilab.research.tests.helpers import leaks


def test_a_pseudonym_is_keyed_prefixed_and_never_the_id():
    pseudonym = Pseudonymiser(key=b"k", stable=True)
    assert pseudonym.person(42) == pseudonym.person(42)
    assert pseudonym.person(42).startswith("P-") and len(pseudonym.person(42)) == 12
    assert pseudonym.organisation(42).startswith("O-")
    assert pseudonym.organisation(42)[2:] != pseudonym.person(42)[2:]
    assert "42" not in pseudonym.person(42)[2:4]  # not the id as a prefix
    assert pseudonym.person(None) == ""
    assert pseudonym.guest("Gast@Example.org ") == pseudonym.guest("gast@example.org")
    assert Pseudonymiser(key=b"k", stable=True).person(42) == pseudonym.person(42)
    assert Pseudonymiser(key=b"k").person(42) != pseudonym.person(42)


def test_the_installation_key_comes_from_the_setting_or_from_the_secret_key():
    with override_settings(KOSILAB_RESEARCH_KEY="research secret"):
        assert installation_key() == b"research secret"
    with override_settings(KOSILAB_RESEARCH_KEY="", SECRET_KEY="one"):
        one = installation_key()
    with override_settings(KOSILAB_RESEARCH_KEY="", SECRET_KEY="two"):
        assert installation_key() != one
    assert b"one" not in one


def test_names_in_any_script_and_addresses_in_any_spelling_are_scrubbed():
    scrub = Scrubber(
        person_names=["İlknur Şahin", "Всеволод Петров", "Ξενοφών Παππάς", "مرقس", "Li"],
        organisation_names=["Stadtwerke Nord GmbH"],
    )
    assert scrub("Mit ILKNUR sahin und всеволод") == "Mit [name] [name] und [name]"
    assert scrub("Ξενοφών und مرقس") == "[name] und [name]"
    assert scrub("Lindenweg mit Li") == "Lindenweg mit [name]"  # whole words only
    assert scrub("bei den Stadtwerke Nord GmbH, Stadtwerke allein") == "bei den [organisation], Stadtwerke allein"
    for address in ("a.b@example.org", "a.b%40example.org", "a.b&#64;example.org", "a.b (at) example (dot) org"):
        assert scrub(f"Post an {address} bitte") == "Post an [e-mail] bitte", address
    assert scrub("") == ""
    assert scrub(None) == ""


def test_counts_below_k_are_suppressed_and_protected_from_the_total():
    assert cell(0, 5) == (0, 0)
    assert cell(4, 5) == ("", 1)
    assert cell(5, 5) == (5, 0)
    # One small cell alone would follow from the total: the smallest other one goes too.
    assert breakdown({"public": 7, "business": 2, "science": 6, "civil_society": 0}, 5) == {
        "public": False,
        "business": True,
        "science": True,
        "civil_society": False,
    }
    assert breakdown({"public": 7, "business": 2, "science": 1, "civil_society": 0}, 5) == {
        "public": False,
        "business": True,
        "science": True,
        "civil_society": False,
    }


def test_the_leak_detector_finds_names_in_every_form():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.csv", "x,%C5%9Eahin\n")
        archive.writestr("b.graphml", "<d>&#1042;&#1089;&#1077;&#1074;&#1086;&#1083;&#1086;&#1076;</d>")
        archive.writestr("c.md", "MAX MUSTERMANN")
    found = leaks(buffer.getvalue(), ["Şahin", "Всеволод", "Max Mustermann", "absent"])
    assert sorted(found) == [("a.csv", "Şahin"), ("b.graphml", "Всеволод"), ("c.md", "Max Mustermann")]
