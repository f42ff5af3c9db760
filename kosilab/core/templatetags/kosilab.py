from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def form_field(field: BoundField) -> SafeString:
    """One visible field of a form: its label (a legend for a group of choices), "required", the
    widget, the help text and the errors, with the ids the widget's ``aria-describedby`` names.

    Python rather than an included template: a page renders dozens of fields, and an include costs
    several times what these few lines do.
    """
    required = format_html(' <span class="required">({})</span>', gettext("required")) if field.field.required else ""
    if field.widget_type in {"checkboxselectmultiple", "radioselect"}:
        body = format_html("<fieldset><legend>{}{}</legend>{}</fieldset>", field.label, required, field)
    elif field.widget_type == "checkbox":
        body = format_html("{} {}", field, field.label_tag())
    else:
        body = format_html("{}{}\n{}", field.label_tag(), required, field)
    help_text = (
        format_html('<p class="help" id="{}_helptext">{}</p>', field.auto_id, field.help_text)
        if field.help_text
        else ""
    )
    errors = field.errors
    shown_errors = (
        format_html(
            '<div class="error" id="{}_error">{}</div>',
            field.auto_id,
            format_html_join("", "<p>{}</p>", ((error,) for error in errors)),
        )
        if errors
        else ""
    )
    return format_html(
        '<div class="field{}">{}{}{}</div>', " field-error" if errors else "", body, help_text, shown_errors
    )


@register.simple_tag(takes_context=True)
def page_url(context: dict[str, Any], page: int, param: str = "page") -> str:
    """The current address with another page number (in ``param``), keeping the filters."""
    request: HttpRequest = context["request"]
    params = request.GET.copy()
    params[param or "page"] = str(page)
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def cursor_url(context: dict[str, Any], where: str, cursor: str = "") -> str:
    """The current address at another page of a keyset-paginated list (core/pagination.py), keeping
    the filters: ``where`` is ``first``, ``last``, ``after`` or ``before`` (the last two with a cursor)."""
    request: HttpRequest = context["request"]
    params = request.GET.copy()
    for name in ("after", "before", "page"):
        params.pop(name, None)
    if where == "last":
        params["page"] = "last"
    elif where in {"after", "before"}:
        params[where] = cursor
    query = params.urlencode()
    return f"?{query}" if query else request.path
