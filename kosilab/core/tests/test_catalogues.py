"""German first, English second: both catalogues are complete and compiled."""

from pathlib import Path

import pytest
from django.conf import settings

from kosilab.core.catalogues import parse_po, untranslated


@pytest.mark.parametrize("language", ["de", "en"])
def test_catalogue_is_complete(language):
    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    _header, entries = parse_po(path.read_text(encoding="utf-8"))
    assert len(entries) > 300
    missing = untranslated(entries)
    assert missing == [], f"{len(missing)} untranslated entries in {language}: {missing[:10]}"


@pytest.mark.parametrize("language", ["de", "en"])
def test_compiled_catalogue_is_not_older_than_its_source(language):
    folder = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES"
    mo = folder / "django.mo"
    assert mo.exists(), "run 'make messages'"
    assert mo.stat().st_size > 1000


def test_the_english_catalogue_says_what_the_source_says():
    path = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
    _header, entries = parse_po(path.read_text(encoding="utf-8"))
    differing = [
        e.msgid for e in entries if (e.plural_strs != [e.msgid, e.plural] if e.plural else e.msgstr != e.msgid)
    ]
    assert differing == []
