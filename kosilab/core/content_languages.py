"""Content written in more than one language: a lab's description, a challenge's title, an event's
text. The installation's language (``LANGUAGE_CODE``, German) is the text in the model's own column
(``title``); every further language of ``KOSILAB_CONTENT_LANGUAGES`` is kept by django-modeltrans in
one JSON column per model (``i18n = {"title_en": "…"}``), so enabling a language needs no migration
and a list reads each row's translations without another query.

A reader sees their own language, else the installation's, else any language the text is written
in; what is shown in another language than the page's carries its ``lang`` (screen readers switch
their voice, WCAG 2.1 3.1.2) and can be pointed out as not yet translated (``untranslated``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info
from modeltrans.conf import get_available_languages, get_default_language
from modeltrans.fields import TranslationField
from modeltrans.utils import build_localized_fieldname


def default_language() -> str:
    """The language of the models' own columns: the installation's language."""
    language: str = get_default_language()
    return language


def content_languages() -> tuple[str, ...]:
    """Every language content may be written in, the installation's first."""
    default = default_language()
    return (default, *(code for code in get_available_languages(include_default=False) if code != default))


def further_languages() -> tuple[str, ...]:
    """The languages besides the installation's: one translation per field each."""
    return content_languages()[1:]


def language_name(code: str) -> str:
    """The language's name in the language of the page ("Englisch" on a German page)."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def reader_language() -> str:
    """The page's language as a content language code ("en-gb" reads "en")."""
    language = (get_language() or default_language()).lower()
    return language.split("-")[0]


def translated_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The fields of ``model`` that can be written in further languages (empty if none)."""
    try:
        field = model._meta.get_field("i18n")
    except FieldDoesNotExist:
        return ()
    return tuple(field.fields) if isinstance(field, TranslationField) else ()


def translation_field_names(model: type[models.Model], *fields: str) -> tuple[str, ...]:
    """The names a form or service writes translations under (``title_en``), for ``fields`` (all
    translated fields of the model if none are named), language by language."""
    names = fields or translated_fields(model)
    return tuple(build_localized_fieldname(name, language) for language in further_languages() for name in names)


def _translations(obj: models.Model) -> dict[str, Any]:
    # A row read with .only()/.defer() without its translations shows the installation's text
    # rather than costing a query per row.
    if "i18n" in obj.get_deferred_fields():
        return {}
    return getattr(obj, "i18n", None) or {}


def text_in(obj: models.Model, field: str, language: str) -> str:
    """The text of ``field`` written in ``language``, "" if there is none."""
    if language == default_language():
        return str(getattr(obj, field) or "")
    return str(_translations(obj).get(build_localized_fieldname(field, language)) or "")


def fallback_chain(language: str) -> Iterator[str]:
    """The reader's language, then the installation's, then the others in their configured order."""
    seen = set()
    for code in (language, *content_languages()):
        if code not in seen:
            seen.add(code)
            yield code


@dataclass(frozen=True)
class Localised:
    """A text as one reader sees it: ``text`` is written in ``language``; ``wanted`` is the page's."""

    text: str
    language: str
    wanted: str

    @property
    def is_other_language(self) -> bool:
        return bool(self.text) and self.language != self.wanted

    @property
    def lang_attr(self) -> SafeString:
        """` lang="de"` for an element around a text in another language than the page, else ""."""
        if self.is_other_language:
            return format_html(' lang="{}"', self.language)
        return mark_safe("")  # a constant

    def __str__(self) -> str:
        return self.text

    def __html__(self) -> SafeString:
        """The text, escaped, in a ``<span lang>`` when it is in another language than the page."""
        if self.is_other_language:
            return format_html('<span lang="{}">{}</span>', self.language, self.text)
        return format_html("{}", self.text)


def localise(obj: models.Model, field: str, language: str | None = None) -> Localised:
    """``field`` of ``obj`` in ``language`` (the page's if None), or in the next language of the
    fallback chain that has a text."""
    wanted = language or reader_language()
    for code in fallback_chain(wanted):
        text = text_in(obj, field, code)
        if text:
            return Localised(text, code, wanted)
    return Localised("", wanted, wanted)


def untranslated(obj: models.Model, language: str | None = None) -> list[str]:
    """The translated fields of ``obj`` that have a text, but none in ``language``."""
    wanted = language or reader_language()
    return [
        field
        for field in translated_fields(type(obj))
        if not text_in(obj, field, wanted) and localise(obj, field, wanted).text
    ]


def contains(query: str, *fields: str) -> Q:
    """Rows whose ``fields`` contain ``query`` (case-insensitive) in any content language: the
    installation's column or a translation in the JSON column."""
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": query})
        for language in further_languages():
            condition |= Q(**{f"{build_localized_fieldname(field, language)}__icontains": query})  # via modeltrans
    return condition


class TranslatedModelMixin(models.Model):
    """For models with an ``i18n = TranslationField(...)``. An empty translation is not stored,
    and ``full_clean()`` leaves modeltrans' ``<field>_i18n`` fields alone: those read the active
    language with its fallback, and cleaning writes each field back, so a clean while English is
    active would copy the German text into the English translation."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # An empty translation is no translation: "title_en": "" or None is not stored.
        translations = getattr(self, "i18n", None)
        if isinstance(translations, dict):
            self.i18n = {key: value for key, value in translations.items() if value not in ("", None)}
        super().save(*args, **kwargs)

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        reader_fields = {field.name for field in self._meta.private_fields if field.name.endswith("_i18n")}
        super().clean_fields(exclude={*(exclude or ()), *reader_fields})
