"""Content in the reader's language (kosilab/core/content_languages.py).

{{ challenge|localised:"title" }}        the text, in a <span lang> if in another language
{{ challenge|localised_text:"title" }}   the bare text, for <title>, attributes and options
{% localise challenge "context" as context %}
<p{{ context.lang_attr }}>{{ context.text|linebreaksbr }}</p>
{% untranslated_note challenge edit_url %}   "Not yet translated into English…" if so
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models
from django.utils.safestring import SafeString

from kosilab.core import content_languages
from kosilab.core.content_languages import Localised

register = template.Library()


@register.filter
def localised(obj: models.Model | str | None, field: str) -> SafeString | str:
    if not isinstance(obj, models.Model):
        return ""
    return content_languages.localise(obj, field).__html__()


@register.filter
def localised_text(obj: models.Model | str | None, field: str) -> str:
    if not isinstance(obj, models.Model):
        return ""
    return content_languages.localise(obj, field).text


@register.simple_tag(name="localise")
def localise_tag(obj: models.Model, field: str) -> Localised:
    return content_languages.localise(obj, field)


@register.inclusion_tag("core/_untranslated_note.html")
def untranslated_note(obj: models.Model, edit_url: str = "") -> dict[str, Any]:
    """A note above a page whose texts are not (all) written in the page's language: which
    language they are shown in, and for those who may edit, where to add the translation."""
    wanted = content_languages.reader_language()
    missing = content_languages.untranslated(obj, wanted)
    shown = sorted({content_languages.localise(obj, field, wanted).language for field in missing})
    return {
        "missing": missing,
        "wanted": content_languages.language_name(wanted),
        "shown": [content_languages.language_name(code) for code in shown],
        "edit_url": edit_url,
    }
