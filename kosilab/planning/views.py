"""Pages of the session planner. Each view fetches and authorises, parses a form, calls a service
and renders; the rules are in rules.py, the writes in services.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kosilab.core.errors import DomainError
from kosilab.core.forms import form_status, save_form
from kosilab.core.http import HtmxRequest
from kosilab.core.ical import CalendarItem, calendar_response
from kosilab.core.permissions import get_visible_or_404, require_perm
from kosilab.events.models import Event
from kosilab.labs.models import Lab
from kosilab.planning import pdf, selectors, services
from kosilab.planning.forms import (
    BlockForm,
    BookForm,
    CopyForm,
    FreeBlockForm,
    FromTemplateForm,
    MethodBlockForm,
    MoveForm,
    RecommendForm,
    ReorderForm,
    SessionForm,
    TemplateForm,
)
from kosilab.planning.models import Block, Session
from kosilab.processes.models import Process, ProcessMember
from kosilab.rooms.models import Booking, Resource, Room
from kosilab.rooms.services import BookingClash

VIEW, CHANGE = "planning.view_session", "planning.change_session"
CONFLICT = 409


def _session(request: HtmxRequest, pk: int, perm: str = CHANGE) -> Session:
    """The session, if it exists for the user (else 404), and ``perm`` (else log-in or 403).

    A session of a process the user can see exists for them (403 when they may not open it); a
    session of an internal process, or a template, exists only for those who may view it.
    """
    session = selectors.session_queryset().filter(pk=pk).first()
    if session is None:
        raise Http404
    user = request.user
    exists = user.has_perm(VIEW, session) or (
        session.process is not None and user.has_perm("processes.view_process", session.process)
    )
    if not exists:
        raise Http404
    require_perm(request, perm, session)
    return session


def _dated(session: Session) -> Session:
    """Only sessions of a process (not templates) have a date, a team and a room booking."""
    if session.is_template:
        raise Http404
    return session


def _process(request: HtmxRequest, pk: int, perm: str) -> Process:
    process = get_visible_or_404(
        request, Process.objects.select_related("lab", "current_phase"), "processes.view_process", pk=pk
    )
    require_perm(request, perm, process)
    return process


def _block(session: Session, block_pk: int) -> Block:
    block = get_object_or_404(Block.objects.select_related("method"), pk=block_pk, session_id=session.pk)
    block.session = session
    return block


def _back(session: Session) -> str:
    if session.is_template:
        return reverse("planning:templates", args=[session.lab.slug])
    return reverse("planning:process_sessions", args=[session.process_id])


# --- Lists and new sessions --------------------------------------------------------------------


@require_GET
def process_sessions(request: HtmxRequest, process_pk: int) -> HttpResponse:
    process = _process(request, process_pk, "planning.view_sessions")
    context = {
        "process": process,
        "sessions": list(selectors.sessions_of_process(process)),
        "can_plan": request.user.has_perm("planning.add_session", process),
        "can_use_templates": request.user.has_perm("planning.view_templates", process.lab),
    }
    return render(request, "planning/session_list.html", context)


@require_http_methods(["GET", "POST"])
def session_create(request: HtmxRequest, process_pk: int) -> HttpResponse:
    process = _process(request, process_pk, "planning.add_session")
    form = SessionForm(request.POST or None, lab=process.lab, initial={"title": process.title})

    def create(data: dict[str, Any]) -> Session:
        return services.session_create(process=process, by=request.user, **data)

    if session := save_form(request, form, create):
        messages.success(request, _("The session has been created. Now add its blocks."))
        return redirect(session)
    status = form_status(request)
    return render(request, "planning/session_form.html", {"form": form, "process": process}, status=status)


@require_POST
def session_for_event(request: HtmxRequest, event_pk: int) -> HttpResponse:
    """ "Plan the session" on an event's page: one click makes the plan, linked to the event."""
    event = get_visible_or_404(
        request, Event.objects.select_related("lab", "process", "room"), "events.view_event", pk=event_pk
    )
    if event.lab_id is None:
        raise Http404  # a session plan belongs to a lab: an event of the whole network has none
    if event.process is None:
        require_perm(request, "events.change_event", event)
        messages.error(request, _("Link the event to a lab process first: a session is planned for a process."))
        return redirect(event)
    require_perm(request, "planning.add_session", event.process)
    existed = Session.objects.filter(event=event, is_template=False).exists()
    try:
        session = services.session_plan_event(event=event, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(event)
    if existed:
        messages.info(request, _("The event has a session plan already."))
    else:
        messages.success(request, _("The session plan of the event has been created. Now add its blocks."))
    return redirect(session)


@require_GET
def templates(request: HtmxRequest, slug: str) -> HttpResponse:
    lab = get_visible_or_404(request, Lab.objects.all(), "labs.view_lab", slug=slug)
    require_perm(request, "planning.view_templates", lab)
    context = {"lab": lab, "templates": list(selectors.templates_of_lab(lab))}
    return render(request, "planning/template_list.html", context)


@require_http_methods(["GET", "POST"])
def session_use_template(request: HtmxRequest, pk: int) -> HttpResponse:
    template = _session(request, pk)
    if not template.is_template:
        raise Http404
    form = FromTemplateForm(
        request.POST or None,
        processes=selectors.processes_for_template(template.lab),
        initial={"title": template.title, "starts_at": template.starts_at},
    )

    def create(data: dict[str, Any]) -> Session:
        require_perm(request, "planning.add_session", data["process"])
        return services.session_from_template(template=template, by=request.user, **data)

    if session := save_form(request, form, create):
        messages.success(request, _("The session has been created from the template."))
        return redirect(session)
    status = form_status(request)
    return render(request, "planning/use_template.html", {"form": form, "template": template}, status=status)


# --- The editor ---------------------------------------------------------------------------------


def _agenda_context(request: HtmxRequest, session: Session, **extra: Any) -> dict[str, Any]:
    blocks = selectors.blocks_of(session)
    return {
        "session": session,
        "agenda": selectors.agenda(session, blocks),
        "can_edit": request.user.has_perm(CHANGE, session),
        **extra,
    }


def _detail(request: HtmxRequest, session: Session, status: int = 200, **forms: Any) -> HttpResponse:
    context = _agenda_context(request, session)
    can_edit = context["can_edit"]
    agenda = context["agenda"]
    if can_edit:
        methods = selectors.library_methods(session.lab)
        context["method_form"] = forms.get("method_form") or MethodBlockForm(methods=methods, prefix="method")
        context["free_form"] = forms.get("free_form") or FreeBlockForm(prefix="free")
        context["can_book"] = (
            not session.is_template
            and request.user.has_perm("rooms.book", session.lab)
            and (
                Room.objects.filter(lab_id=session.lab_id, is_active=True).exists()
                or Resource.objects.filter(lab_id=session.lab_id, is_active=True).exists()
            )
        )
        context["can_save_template"] = request.user.has_perm("planning.view_templates", session.lab)
    context["materials"] = selectors.materials([row.block for row in agenda.rows], selectors.session_setting(session))
    return render(request, "planning/session_detail.html", context, status=status)


@require_GET
def session_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    return _detail(request, _session(request, pk, VIEW))


@require_http_methods(["GET", "POST"])
def session_edit(request: HtmxRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = SessionForm(request.POST or None, instance=session, lab=session.lab, template=session.is_template)

    def update(data: dict[str, Any]) -> Session:
        return services.session_update(session=session, by=request.user, **data)

    if save_form(request, form, update):
        messages.success(request, _("The session has been saved."))
        return redirect("planning:session_detail", session.pk)
    status = form_status(request)
    return render(request, "planning/session_form.html", {"form": form, "session": session}, status=status)


@require_http_methods(["GET", "POST"])
def session_delete(request: HtmxRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    if request.method == "POST":
        back = _back(session)
        services.session_delete(session=session, by=request.user)
        messages.success(request, _("The session has been deleted."))
        return redirect(back)
    return render(request, "planning/session_delete.html", {"session": session})


@require_POST
def block_add_method(request: HtmxRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = MethodBlockForm(request.POST, methods=selectors.library_methods(session.lab), prefix="method")

    def add(data: dict[str, Any]) -> Block:
        return services.block_add(session=session, by=request.user, method=data["method"], minutes=data["minutes"])

    if block := save_form(request, form, add):
        messages.success(request, _("“%(title)s” has been added.") % {"title": block.title})
        return redirect(reverse("planning:session_detail", args=[session.pk]) + f"#block-{block.pk}")
    return _detail(request, session, status=400, method_form=form)


@require_POST
def block_add_free(request: HtmxRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = FreeBlockForm(request.POST, prefix="free")

    def add(data: dict[str, Any]) -> Block:
        return services.block_add(session=session, by=request.user, **data)

    if block := save_form(request, form, add):
        messages.success(request, _("“%(title)s” has been added.") % {"title": block.title})
        return redirect(reverse("planning:session_detail", args=[session.pk]) + f"#block-{block.pk}")
    return _detail(request, session, status=400, free_form=form)


@require_http_methods(["GET", "POST"])
def block_edit(request: HtmxRequest, pk: int, block_pk: int) -> HttpResponse:
    session = _session(request, pk)
    block = _block(session, block_pk)
    form = BlockForm(request.POST or None, instance=block, people=selectors.responsible_choices(session))

    def update(data: dict[str, Any]) -> Block:
        return services.block_update(block=block, by=request.user, **data)

    if save_form(request, form, update):
        messages.success(request, _("The block has been saved."))
        return redirect(reverse("planning:session_detail", args=[session.pk]) + f"#block-{block.pk}")
    status = form_status(request)
    return render(
        request, "planning/block_form.html", {"form": form, "session": session, "block": block}, status=status
    )


@require_POST
def block_delete(request: HtmxRequest, pk: int, block_pk: int) -> HttpResponse:
    session = _session(request, pk)
    block = _block(session, block_pk)
    services.block_delete(block=block, by=request.user)
    messages.success(request, _("“%(title)s” has been removed.") % {"title": block.title})
    return redirect("planning:session_detail", session.pk)


def _agenda_response(request: HtmxRequest, session: Session, *, focus: str = "", status: str = "") -> HttpResponse:
    context = _agenda_context(request, session, focus=focus, status_text=status, oob=True)
    return render(request, "planning/_agenda.html", context)


@require_POST
def block_move(request: HtmxRequest, pk: int, block_pk: int) -> HttpResponse:
    session = _session(request, pk)
    block = _block(session, block_pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose up or down."))
        return redirect("planning:session_detail", session.pk)
    direction = form.cleaned_data["direction"]
    try:
        position = services.block_move(block=block, by=request.user, direction=direction)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("planning:session_detail", session.pk)
    if not request.htmx:
        return redirect(reverse("planning:session_detail", args=[session.pk]) + f"#block-{block.pk}")
    count = Block.objects.filter(session=session).count()
    # Keep the focus on the button just pressed; at an end, on the other one.
    if direction == services.UP:
        focus = f"move-up-{block.pk}" if position > 0 else f"move-down-{block.pk}"
    else:
        focus = f"move-down-{block.pk}" if position < count - 1 else f"move-up-{block.pk}"
    status = _("“%(title)s” is now at position %(position)d of %(count)d.") % {
        "title": block.title,
        "position": position + 1,
        "count": count,
    }
    return _agenda_response(request, session, focus=focus, status=status)


@require_POST
def blocks_reorder(request: HtmxRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = ReorderForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("The plan has changed in the meantime. Please try again."))
        services.blocks_reorder(session=session, by=request.user, order=form.order_ids())
    except DomainError as error:
        if request.htmx:
            return _agenda_response(request, session, status=error.message)
        messages.error(request, error.message)
        return redirect("planning:session_detail", session.pk)
    if request.htmx:
        return _agenda_response(request, session, status=_("The new order has been saved."))
    messages.success(request, _("The new order has been saved."))
    return redirect("planning:session_detail", session.pk)


@require_GET
def recommendations(request: HtmxRequest, pk: int) -> HttpResponse:
    from kosilab.methods.recommend import recommend

    session = _session(request, pk)
    blocks = selectors.blocks_of(session)
    agenda = selectors.agenda(session, blocks)
    team = ProcessMember.objects.filter(process_id=session.process_id).count() if session.process_id else 0
    defaults = selectors.recommendation_defaults(session, team_size=team, spare_minutes=agenda.spare)
    form = RecommendForm(request.GET or None, initial=defaults)
    values = {**defaults, **{k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}}
    phase = session.process.current_phase.key if session.process and session.process.current_phase else None
    found = recommend(
        phase=phase,
        participants=values["participants"],
        minutes=values["minutes"],
        setting=values["setting"] or None,
        lab=session.lab,
        limit=8,
    )
    context = {"session": session, "form": form, "recommendations": found, "values": values}
    template = "planning/_recommendations.html" if request.htmx else "planning/recommendations.html"
    return render(request, template, context)


# --- Around the session: booking, invitation, copies ---------------------------------------------


@require_http_methods(["GET", "POST"])
def session_book(request: HtmxRequest, pk: int) -> HttpResponse:
    session = _dated(_session(request, pk))
    require_perm(request, "rooms.book", session.lab)
    initial = {"room": session.room_id}
    form = BookForm(request.POST or None, lab=session.lab, initial=initial)
    clash = False

    def book(data: dict[str, Any]) -> Booking:
        nonlocal clash
        try:
            return services.session_book(
                session=session, by=request.user, room=data.get("room"), resources=form.chosen_resources()
            )
        except BookingClash:
            clash = True
            raise

    if save_form(request, form, book):
        messages.success(request, _("The room has been booked for the session."))
        return redirect(session)
    blocks = selectors.blocks_of(session)
    total = sum(block.minutes for block in blocks)
    starts, ends = selectors.session_span(session, total)
    context = {
        "form": form,
        "session": session,
        "starts": starts,
        "ends": ends,
        "has_rooms": bool(form.fields["room"].queryset.exists()) or bool(form.resources),  # type: ignore[attr-defined]
    }
    status = CONFLICT if clash else form_status(request)
    return render(request, "planning/book.html", context, status=status)


@require_POST
def session_invite(request: HtmxRequest, pk: int) -> HttpResponse:
    session = _dated(_session(request, pk))
    again = session.invited_at is not None
    try:
        count = services.session_invite(session=session, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if again:
            text = _("The process team has been invited again with the current plan (%(count)d people).")
        else:
            text = _("The process team has been invited (%(count)d people).")
        messages.success(request, text % {"count": count})
    return redirect(session)


@require_http_methods(["GET", "POST"])
def session_save_template(request: HtmxRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    require_perm(request, "planning.view_templates", session.lab)
    form = TemplateForm(request.POST or None, initial={"name": session.title})

    def save(data: dict[str, Any]) -> Session:
        return services.session_save_as_template(session=session, by=request.user, name=data["name"])

    if template := save_form(request, form, save):
        messages.success(request, _("The template has been saved. The lab's team can start sessions from it."))
        return redirect(template)
    status = form_status(request)
    return render(request, "planning/save_template.html", {"form": form, "session": session}, status=status)


@require_http_methods(["GET", "POST"])
def session_copy(request: HtmxRequest, pk: int) -> HttpResponse:
    session = _dated(_session(request, pk))
    form = CopyForm(request.POST or None, initial={"title": session.title, "starts_at": session.starts_at})

    def copy(data: dict[str, Any]) -> Session:
        return services.session_copy(session=session, by=request.user, **data)

    if new := save_form(request, form, copy):
        messages.success(request, _("The session has been copied."))
        return redirect(new)
    status = form_status(request)
    return render(request, "planning/copy.html", {"form": form, "session": session}, status=status)


# --- Print, PDF, calendar ----------------------------------------------------------------------


@require_GET
def session_print(request: HtmxRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, VIEW)
    context = _agenda_context(request, session)
    context["materials"] = selectors.materials(
        [row.block for row in context["agenda"].rows], selectors.session_setting(session)
    )
    return render(request, "planning/print.html", context)


@require_GET
def session_pdf(request: HtmxRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, VIEW)
    blocks = selectors.blocks_of(session)
    content = pdf.render_agenda(session, blocks)
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"{slugify(_('agenda')) or 'agenda'}-{slugify(session.title)[:60] or session.pk}.pdf"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
def session_ics(request: HtmxRequest, pk: int) -> HttpResponse:
    session = _dated(_session(request, pk, VIEW))
    blocks = selectors.blocks_of(session)
    agenda = selectors.agenda(session, blocks)
    starts, ends = selectors.session_span(session, agenda.total_minutes)
    lines = [f"{row.starts:%H:%M}–{row.ends:%H:%M} {row.block.title}" for row in agenda.rows]
    item = CalendarItem(
        uid=f"planning-{session.uid}@kosilab",
        summary=session.title,
        starts_at=starts,
        ends_at=ends,
        description="\n".join(lines),
        location=f"{session.room.name}, {session.room.location}" if session.room else "",
        url=services.session_link(session=session),
        sequence=session.sequence,
        last_modified=session.updated_at,
    )
    response = calendar_response([item], name=session.title, filename=f"session-{session.pk}.ics")
    patch_cache_control(response, private=True, no_store=True)
    return response
