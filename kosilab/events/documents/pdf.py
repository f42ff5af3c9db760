"""Attendance certificates (Teilnahmebescheinigungen) as PDF, drawn with fpdf2.

One A4 page per attendee: lab name and logo mark, name, event, date and time, duration in hours,
organiser, date of issue. Font (embedded DejaVu Sans, any script) and shaping: kosilab/core/pdf.py.
There is no logo upload yet, so the logo mark is drawn from the lab's initials.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from fpdf.enums import Align, XPos, YPos

from kosilab.core.content_languages import localise
from kosilab.core.pdf import FONT, MUTED, PRIMARY, TEXT, Document, pdf_text
from kosilab.events.models import Event, Registration

MARGIN = 25.0


def certificate_language(registration: Registration, requested: str | None = None) -> str:
    """The language asked for (``?lang=``) if offered, else the registration's, else the site's."""
    offered = {code for code, _name in settings.LANGUAGES}
    for code in (requested, registration.language):
        if code in offered:
            return str(code)
    return str(settings.LANGUAGE_CODE)


def certificate_hours(event: Event) -> Decimal:
    """Hours on the certificate: ``credit_hours``, or the duration rounded to half hours (at least ½)."""
    if event.credit_hours is not None:
        return Decimal(event.credit_hours)
    halves = (Decimal((event.ends_at - event.starts_at).total_seconds()) / 1800).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return max(halves, Decimal(1)) / 2


def _hours_text(hours: Decimal) -> str:
    whole = hours == hours.to_integral_value()
    number = formats.number_format(hours, decimal_pos=0 if whole else 1, use_l10n=True)
    # The count only picks singular or plural: exactly one hour is singular, anything else plural.
    return ngettext("Duration: %(hours)s hour", "Duration: %(hours)s hours", 1 if hours == 1 else 2) % {"hours": number}


def _when_text(event: Event) -> str:
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    if start.date() == end.date():
        return _("on %(date)s, %(start)s–%(end)s") % {
            "date": formats.date_format(start, "DATE_FORMAT"),
            "start": formats.time_format(start, "TIME_FORMAT"),
            "end": formats.time_format(end, "TIME_FORMAT"),
        }
    return _("from %(start)s to %(end)s") % {
        "start": formats.date_format(start, "DATE_FORMAT"),
        "end": formats.date_format(end, "DATE_FORMAT"),
    }


def lab_name(event: Event) -> str:
    return event.lab.name if event.lab_id and event.lab else _("Network of labs for social innovation")


def initials(name: str) -> str:
    """Up to two letters for the logo mark: "Home Lab" → "HL", "Dortmund" → "D"."""
    words = [word for word in pdf_text(name).replace("-", " ").split() if word[:1].isalnum()]
    return "".join(word[0] for word in words[:2]).upper() or "K"


def _logo(pdf: Document, event: Event) -> None:
    """A rounded square with the lab's initials, and the lab's name beside it."""
    size = 18.0
    pdf.set_fill_color(*PRIMARY)
    pdf.rect(MARGIN, MARGIN, size, size, style="F", round_corners=True, corner_radius=3)
    pdf.set_text_color(255, 255, 255)
    pdf.set_font(FONT, "B", 15)
    pdf.set_xy(MARGIN, MARGIN)
    pdf.cell(size, size, initials(event.lab.name) if event.lab_id and event.lab else "KL", align=Align.C)
    pdf.set_text_color(*TEXT)
    pdf.set_font(FONT, "B", 14)
    pdf.set_xy(MARGIN + size + 5, MARGIN + 2)
    pdf.cell(text=pdf_text(lab_name(event)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if event.lab_id and event.lab and event.lab.city:
        pdf.set_font(FONT, "", 11)
        pdf.set_text_color(*MUTED)
        pdf.set_xy(MARGIN + size + 5, MARGIN + 9)
        pdf.cell(text=pdf_text(event.lab.city))


def _centred(pdf: Document, text: str, *, size: float, style: str = "", space_after: float = 4) -> None:
    pdf.set_font(FONT, style, size)
    pdf.multi_cell(0, size * 0.5, pdf_text(text), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(space_after)


def _page(pdf: Document, registration: Registration, language: str) -> None:
    event = registration.event
    pdf.add_page()
    _logo(pdf, event)
    pdf.set_text_color(*TEXT)
    pdf.set_y(80)
    _centred(pdf, _("Certificate of attendance"), size=26, style="B", space_after=2)
    pdf.set_draw_color(*PRIMARY)
    pdf.set_line_width(0.8)
    pdf.line(pdf.w / 2 - 30, pdf.get_y(), pdf.w / 2 + 30, pdf.get_y())
    pdf.ln(14)
    _centred(pdf, _("This is to certify that"), size=13)
    _centred(pdf, registration.name, size=22, style="B", space_after=6)
    _centred(pdf, _("attended the following event:"), size=13)
    _centred(pdf, localise(event, "title", language).text, size=16, style="B", space_after=2)
    _centred(pdf, str(event.get_kind_display()), size=12, space_after=8)
    _centred(pdf, _when_text(event), size=12, space_after=1)
    _centred(pdf, _hours_text(certificate_hours(event)), size=12, space_after=1)
    _centred(pdf, _("Organiser: %(organiser)s") % {"organiser": event.organiser}, size=12)
    # Foot of the page: place and date of issue, number for enquiries.
    pdf.set_text_color(*MUTED)
    pdf.set_y(pdf.h - MARGIN - 26)
    place = event.lab.city if event.lab_id and event.lab and event.lab.city else ""
    day = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    if place:
        issued = _("%(place)s, issued on %(date)s") % {"place": place, "date": day}
    else:
        issued = _("Issued on %(date)s") % {"date": day}
    _centred(pdf, issued, size=11, space_after=1)
    _centred(pdf, _("Created electronically, valid without signature."), size=10, space_after=1)
    _centred(pdf, _("Certificate no. %(number)s") % {"number": f"{event.pk}-{registration.pk}"}, size=10)


def render_certificates(
    registrations: Sequence[Registration], *, language: str | None = None, compress: bool = True
) -> bytes:
    """One page per registration, each in its registration's language unless ``language`` is given.

    The registrations need ``event`` and ``event.lab`` loaded (select_related) to stay at one query.
    """
    first_language = certificate_language(registrations[0], language) if registrations else settings.LANGUAGE_CODE
    pdf = Document(compress=compress, language=first_language)
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    with translation.override(first_language):
        pdf.set_title(pdf_text(_("Certificate of attendance")))
    for registration in registrations:
        page_language = certificate_language(registration, language)
        with translation.override(page_language):
            _page(pdf, registration, page_language)
    if registrations and len({r.event_id for r in registrations}) == 1:
        pdf.set_subject(pdf_text(localise(registrations[0].event, "title", first_language).text))
        pdf.set_author(pdf_text(registrations[0].event.organiser))
    return bytes(pdf.output())


def certificate_filename(event: Event, registration: Registration | None = None) -> str:
    base = slugify(_("certificate")) or "certificate"
    title = slugify(event.title)[:60] or str(event.pk)
    suffix = f"-{registration.pk}" if registration is not None else ""
    return f"{base}-{title}{suffix}.pdf"
