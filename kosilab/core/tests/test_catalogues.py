"""German first, English second: both catalogues are complete and compiled."""

import gettext
from pathlib import Path

import django
import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

from kosilab.core.catalogues import parse_po, untranslated
from kosilab.core.library_messages import DJANGO_WORDING


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


def _catalogue(mo: Path) -> dict[str, str]:
    with mo.open("rb") as handle:
        return {k: v for k, v in gettext.GNUTranslations(handle)._catalog.items() if isinstance(k, str) and k}


def test_libraries_do_not_reword_djangos_own_messages():
    """A library's German catalogue must not change what Django's forms say (core/library_messages.py)."""
    django_root = Path(django.__file__).parent
    own: dict[str, str] = {}
    for mo in sorted(django_root.rglob("locale/de/LC_MESSAGES/django.mo")):
        own.update(_catalogue(mo))
    libraries = [
        config
        for config in apps.get_app_configs()
        if not config.name.startswith(("django.", "kosilab."))
        and (Path(config.path) / "locale" / "de" / "LC_MESSAGES" / "django.mo").exists()
    ]
    assert {config.name for config in libraries} >= {"rest_framework", "django_filters"}
    reworded: dict[str, set[str]] = {}
    for config in libraries:
        theirs = _catalogue(Path(config.path) / "locale" / "de" / "LC_MESSAGES" / "django.mo")
        for msgid, text in theirs.items():
            if msgid in own and own[msgid] != text:
                reworded.setdefault(msgid, set()).add(text)
    assert reworded, "the libraries no longer reword any message: core/library_messages.py can go"
    path = Path(settings.BASE_DIR) / "locale" / "de" / "LC_MESSAGES" / "django.po"
    _header, entries = parse_po(path.read_text(encoding="utf-8"))
    # A message our own code uses (e.g. "Search") is worded by our catalogue, which wins anyway.
    ours = {e.msgid for e in entries if e.context is None and e.plural is None} - set(DJANGO_WORDING)
    with translation.override("de"):
        changed = sorted(m for m in reworded if m not in ours and translation.gettext(m) != own[m])
    assert changed == []
