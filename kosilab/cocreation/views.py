"""Pages of co-creation: parse, authorise (rules.py), call a service (services.py), render."""

from __future__ import annotations

import re
from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kosilab.accounts.types import Viewer, logged_in
from kosilab.actors.selectors import NameVisibility
from kosilab.challenges.models import Challenge
from kosilab.cocreation import selectors, services
from kosilab.cocreation.forms import AnswerForm, CommentForm, IdeaForm, ModerateForm, ReportForm, SortForm
from kosilab.cocreation.models import Comment, Idea, Place, Report
from kosilab.cocreation.rules import is_lab_staff, place_is_open, place_of
from kosilab.core.errors import DomainError
from kosilab.core.forms import form_status, save_form
from kosilab.core.http import HtmxRequest
from kosilab.core.pagecache import anonymous_page_cache, kept_fragment
from kosilab.core.pagination import encode_cursor, keyset_paginate, paginate
from kosilab.core.permissions import get_visible_or_404, require_perm, visible_or_404
from kosilab.core.ratelimit import throttle
from kosilab.labs.models import Lab
from kosilab.processes.models import Process, ProcessPhase

COMMENTS_PER_PAGE = 20
COMMENT_ORDER = ("created_at", "id")  # oldest first, by keyset (the comment thread index)


def _back(request: HtmxRequest, default: str) -> HttpResponse:
    """Back to ``next`` when it is an address on this site, else to ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def _mark_names(request: HtmxRequest, items: Iterable[Any], *, staff: bool) -> None:
    names = NameVisibility(request.user, sees_private=staff)
    for item in items:
        item.name_shown = names.shows(item.author)


def _challenge(request: HtmxRequest, pk: int) -> Challenge:
    return get_visible_or_404(request, selectors.challenge_queryset(), "cocreation.view_idea", pk=pk)


def _phase(request: HtmxRequest, pk: int) -> ProcessPhase:
    return get_visible_or_404(request, selectors.phase_queryset(), "cocreation.view_idea", pk=pk)


def _idea(request: HtmxRequest, pk: int) -> Idea:
    try:
        idea = selectors.idea_with_place(pk)
    except Idea.DoesNotExist:
        raise Http404 from None
    return visible_or_404(request, idea, "cocreation.view_idea")


def _comment(request: HtmxRequest, pk: int) -> Comment:
    try:
        comment = selectors.comment_with_place(pk)
    except Comment.DoesNotExist:
        raise Http404 from None
    return visible_or_404(request, comment, "cocreation.view_idea")


def _target_of(place: Place) -> Challenge | Process:
    return place if isinstance(place, Challenge) else place.process


def _place_context(place: Place) -> dict[str, Any]:
    return {"place": place, "is_phase": not isinstance(place, Challenge), "list_url": _list_url(place)}


def _list_url(place: Place) -> str:
    if isinstance(place, Challenge):
        return reverse("cocreation:challenge_ideas", args=[place.pk])
    return reverse("cocreation:phase_ideas", args=[place.pk])


# --- Lists and new ideas -------------------------------------------------------------------------


def _idea_list(request: HtmxRequest, place: Place) -> HttpResponse:
    sort_form = SortForm(request.GET or None)
    staff = is_lab_staff(request.user, place)

    def cards() -> str:
        ordering = selectors.SORTS.get(sort_form.sort_key(), selectors.SORTS["new"])
        page = keyset_paginate(request, selectors.ideas_of(place), ordering)
        _mark_names(request, page.object_list, staff=staff)
        for idea in page.object_list:
            idea.support_mark = SafeString(SUPPORT_MARK % idea.pk)
        context = {"page_obj": page, "staff": staff}
        return render_to_string("cocreation/_idea_cards.html", context, request=request)

    # The page of cards, the count and the map: the same for everyone with the same permissions, kept
    # for that audience (kosilab/core/pagecache.py); a reader who may not see every name sees their
    # own, so for them it is kept per person. "You support it" is the reader's own: filled in after.
    kept = kept_fragment(
        request, "cocreation:ideas", place.pk, request.get_full_path(), None if staff else request.user.pk, render=cards
    )
    context = {
        **_place_context(place),
        "target": _target_of(place),
        "cards": _with_support_marks(kept, request.user),
        "sort_form": sort_form,
        "is_open": place_is_open(place),
        "can_add": request.user.has_perm("cocreation.add_idea", place),
        "can_open": staff,
        "staff": staff,
    }
    return render(request, "cocreation/idea_list.html", context)


# Where an idea card says "you support it" to the reader who does: a comment in the kept cards,
# replaced for each reader (an HTML comment: nothing a reader's text can produce, escaped as it is).
SUPPORT_MARK = "<!--kosilab-support:%d-->"
_SUPPORT_MARKS = re.compile(r"<!--kosilab-support:(\d+)-->")


def _with_support_marks(cards: str, user: Viewer) -> SafeString:
    supported = selectors.supported_among((int(pk) for pk in _SUPPORT_MARKS.findall(cards)), user)
    yours = format_html(" · {}", _("you support it"))
    return SafeString(_SUPPORT_MARKS.sub(lambda mark: yours if int(mark.group(1)) in supported else "", cards))


@anonymous_page_cache
def challenge_ideas(request: HtmxRequest, pk: int) -> HttpResponse:
    return _idea_list(request, _challenge(request, pk))


@anonymous_page_cache
def phase_ideas(request: HtmxRequest, phase_pk: int) -> HttpResponse:
    return _idea_list(request, _phase(request, phase_pk))


def _idea_create(request: HtmxRequest, place: Place) -> HttpResponse:
    require_perm(request, "cocreation.add_idea", place)
    form = IdeaForm(request.POST or None, request.FILES or None)
    idea = save_form(
        request,
        form,
        lambda data: services.idea_create(
            place=place,
            author=logged_in(request.user),
            title=data["title"],
            text=data["text"],
            address=data.get("address", ""),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            image=data.get("image"),
        ),
    )
    if idea is not None:
        messages.success(request, _("Thank you: your idea is published."))
        return redirect(idea)
    status = form_status(request)
    context = {"form": form, "target": _target_of(place), **_place_context(place)}
    return render(request, "cocreation/idea_form.html", context, status=status)


@throttle("idea-post")
def challenge_idea_create(request: HtmxRequest, pk: int) -> HttpResponse:
    return _idea_create(request, _challenge(request, pk))


@throttle("idea-post")
def phase_idea_create(request: HtmxRequest, phase_pk: int) -> HttpResponse:
    return _idea_create(request, _phase(request, phase_pk))


def _place_open(request: HtmxRequest, place: Place) -> HttpResponse:
    require_perm(request, "cocreation.open_place", place)
    is_open = request.POST.get("open") == "1"
    services.place_set_open(place=place, is_open=is_open, by=request.user)
    if is_open:
        messages.success(request, _("Open for ideas."))
    else:
        messages.success(request, _("Closed for new ideas."))
    return _back(request, _list_url(place))


@require_POST
def open_challenge(request: HtmxRequest, pk: int) -> HttpResponse:
    return _place_open(request, _challenge(request, pk))


@require_POST
def open_phase(request: HtmxRequest, phase_pk: int) -> HttpResponse:
    return _place_open(request, _phase(request, phase_pk))


# --- One idea ------------------------------------------------------------------------------------


def _thread_url(comment: Comment) -> str:
    """The page of the idea's comments that begins with ``comment``'s thread, at the comment: the
    cursor of a row just before its top comment (same time, the id below), so no query is needed."""
    top = comment.parent or comment
    cursor = encode_cursor(SimpleNamespace(created_at=top.created_at, id=top.pk - 1), COMMENT_ORDER)
    return f"{reverse('cocreation:detail', args=[comment.idea_id])}?after={cursor}#comment-{comment.pk}"


def _detail_context(request: HtmxRequest, idea: Idea, comment_form: CommentForm | None = None) -> dict[str, Any]:
    place = place_of(idea)
    staff = is_lab_staff(request.user, place)
    _mark_names(request, [idea], staff=staff)
    can_comment = request.user.has_perm("cocreation.comment", idea)

    def threads() -> str:
        page = keyset_paginate(request, selectors.top_comments(idea), COMMENT_ORDER, per_page=COMMENTS_PER_PAGE)
        comments = list(page.object_list)
        replies = [reply for comment in comments for reply in comment.replies.all()]
        _mark_names(request, [*comments, *replies], staff=staff)
        context = {"idea": idea, "page_obj": page, "comments": comments, "staff": staff, "can_comment": can_comment}
        return render_to_string("cocreation/_threads.html", context, request=request)

    # A page of comments with their replies: the same for everyone with the same permissions, kept for
    # that audience (per person for who may not see every name); "change" and "delete" under one's
    # own comments are filled in for each reader.
    reader = None if staff else request.user.pk
    kept = kept_fragment(request, "cocreation:threads", idea.pk, request.get_full_path(), reader, render=threads)
    return {
        **_place_context(place),
        "idea": idea,
        "target": _target_of(place),
        "threads": _with_own_actions(request, kept),
        "staff": staff,
        "supported": selectors.has_supported(idea, request.user),
        "can_support": request.user.has_perm("cocreation.support", idea),
        "can_comment": can_comment,
        "can_change": request.user.has_perm("cocreation.change", idea) and services.item_still_editable(item=idea),
        "can_delete": request.user.has_perm("cocreation.change", idea),
        "comment_form": comment_form or CommentForm(),
    }


# Where "change" and "delete" go under a comment: a mark in the kept threads with the comment and its
# author, replaced for that author and removed for everyone else (an HTML comment: nothing a reader's
# text can produce, escaped as it is; no mark ever reaches a reader).
_OWN_MARKS = re.compile(r"<!--kosilab-own:(\d+):(\d+)-->")


def _with_own_actions(request: HtmxRequest, threads: str) -> SafeString:
    reader = request.user.pk if request.user.is_authenticated else None

    def actions(mark: re.Match[str]) -> str:
        if reader is None or int(mark.group(2)) != reader:
            return ""
        return render_to_string("cocreation/_own_comment_actions.html", {"pk": int(mark.group(1))}, request=request)

    return SafeString(_OWN_MARKS.sub(actions, threads))


@anonymous_page_cache
def idea_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    idea = _idea(request, pk)
    return render(request, "cocreation/idea_detail.html", _detail_context(request, idea))


def idea_edit(request: HtmxRequest, pk: int) -> HttpResponse:
    idea = _idea(request, pk)
    require_perm(request, "cocreation.change", idea)
    initial = {
        "title": idea.title,
        "text": idea.text,
        "address": idea.address,
        "latitude": idea.latitude,
        "longitude": idea.longitude,
    }
    form = IdeaForm(request.POST or None, request.FILES or None, initial=initial)
    saved = save_form(
        request,
        form,
        lambda data: services.idea_update(
            idea=idea,
            by=request.user,
            title=data["title"],
            text=data["text"],
            address=data.get("address", ""),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            image=data.get("image"),
        ),
    )
    if saved is not None:
        messages.success(request, _("Your idea is changed."))
        return redirect(saved)
    status = form_status(request)
    context = {
        "form": form,
        "idea": idea,
        "locked": not services.item_still_editable(item=idea),
        **_place_context(place_of(idea)),
    }
    return render(request, "cocreation/idea_form.html", context, status=status)


@require_POST
def idea_delete(request: HtmxRequest, pk: int) -> HttpResponse:
    idea = _idea(request, pk)
    require_perm(request, "cocreation.change", idea)
    services.idea_delete(idea=idea, by=request.user)
    messages.success(request, _("Your idea is deleted."))
    return redirect(_list_url(place_of(idea)))


def _support_reply(request: HtmxRequest, idea: Idea, error: str = "") -> HttpResponse:
    if request.htmx:
        idea.refresh_from_db(fields=["support_count"])
        context = {
            "idea": idea,
            "supported": selectors.has_supported(idea, request.user),
            "can_support": request.user.has_perm("cocreation.support", idea),
            "error": error,
        }
        return render(request, "cocreation/_support.html", context)
    if error:
        messages.error(request, error)
    return _back(request, idea.get_absolute_url())


@require_POST
def support(request: HtmxRequest, pk: int) -> HttpResponse:
    idea = _idea(request, pk)
    require_perm(request, "cocreation.support", idea)
    try:
        services.idea_support(idea=idea, user=logged_in(request.user))
    except DomainError as refused:
        return _support_reply(request, idea, refused.message)
    return _support_reply(request, idea)


@require_POST
def withdraw_support(request: HtmxRequest, pk: int) -> HttpResponse:
    idea = _idea(request, pk)
    require_perm(request, "cocreation.withdraw_support", idea)
    services.idea_support_withdraw(idea=idea, user=logged_in(request.user))
    return _support_reply(request, idea)


@require_POST
@throttle("comment-post")
def comment_create(request: HtmxRequest, pk: int) -> HttpResponse:
    idea = _idea(request, pk)
    require_perm(request, "cocreation.comment", idea)
    form = CommentForm(request.POST)

    def save(data: dict[str, Any]) -> Comment:
        parent = None
        if data.get("parent"):
            parent = Comment.objects.filter(idea=idea, pk=data["parent"]).select_related("parent").first()
            if parent is None:
                raise DomainError(_("The comment you answer to does not exist (any more)."))
        return services.comment_create(idea=idea, author=logged_in(request.user), text=data["text"], parent=parent)

    comment = save_form(request, form, save)
    if comment is not None:
        messages.success(request, _("Your comment is published."))
        return redirect(_thread_url(comment))
    return render(request, "cocreation/idea_detail.html", _detail_context(request, idea, form), status=400)


def comment_edit(request: HtmxRequest, pk: int) -> HttpResponse:
    comment = _comment(request, pk)
    require_perm(request, "cocreation.change", comment)
    form = CommentForm(request.POST or None, initial={"text": comment.text})
    saved = save_form(
        request, form, lambda data: services.comment_update(comment=comment, by=request.user, text=data["text"])
    )
    if saved is not None:
        messages.success(request, _("Your comment is changed."))
        return redirect(_thread_url(comment))
    status = form_status(request)
    return render(request, "cocreation/comment_form.html", {"form": form, "comment": comment}, status=status)


@require_POST
def comment_delete(request: HtmxRequest, pk: int) -> HttpResponse:
    comment = _comment(request, pk)
    require_perm(request, "cocreation.change", comment)
    services.comment_delete(comment=comment, by=request.user)
    messages.success(request, _("Your comment is deleted."))
    return redirect(comment.idea)


# --- Moderation ----------------------------------------------------------------------------------


def _report(request: HtmxRequest, idea: Idea, comment: Comment | None) -> HttpResponse:
    require_perm(request, "cocreation.report", idea)
    form = ReportForm(request.POST or None)
    report = save_form(
        request,
        form,
        lambda data: services.report_create(idea=idea, comment=comment, reporter=request.user, reason=data["reason"]),
    )
    if report is not None:
        messages.success(request, _("Thank you. The lab will look at it."))
        return redirect(idea)
    status = form_status(request)
    return render(
        request, "cocreation/report_form.html", {"form": form, "idea": idea, "comment": comment}, status=status
    )


@throttle("report-post")
def report_idea(request: HtmxRequest, pk: int) -> HttpResponse:
    return _report(request, _idea(request, pk), None)


@throttle("report-post")
def report_comment(request: HtmxRequest, pk: int) -> HttpResponse:
    comment = _comment(request, pk)
    return _report(request, comment.idea, comment)


def _moderate(request: HtmxRequest, idea: Idea, item: Idea | Comment) -> HttpResponse:
    require_perm(request, "cocreation.moderate", idea)
    form = ModerateForm(
        request.POST or None, initial={"hidden": item.hidden or not request.POST, "reason": item.hidden_reason}
    )
    saved = save_form(
        request,
        form,
        lambda data: services.item_moderate(
            item=item, by=request.user, hidden=data["hidden"], reason=data.get("reason", "")
        ),
    )
    if saved is not None:
        messages.success(request, _("Hidden.") if saved.hidden else _("Shown again."))
        return _back(request, idea.get_absolute_url())
    status = form_status(request)
    context = {"form": form, "idea": idea, "item": item, "is_comment": isinstance(item, Comment)}
    return render(request, "cocreation/moderate_form.html", context, status=status)


def moderate_idea(request: HtmxRequest, pk: int) -> HttpResponse:
    idea = _idea(request, pk)
    return _moderate(request, idea, idea)


def moderate_comment(request: HtmxRequest, pk: int) -> HttpResponse:
    comment = _comment(request, pk)
    return _moderate(request, comment.idea, comment)


def answer(request: HtmxRequest, pk: int) -> HttpResponse:
    idea = _idea(request, pk)
    require_perm(request, "cocreation.moderate", idea)
    form = AnswerForm(request.POST or None, initial={"status": idea.status, "answer": idea.official_answer})
    saved = save_form(
        request,
        form,
        lambda data: services.idea_answer(idea=idea, by=request.user, status=data["status"], answer=data["answer"]),
    )
    if saved is not None:
        messages.success(request, _("The answer is saved."))
        return redirect(saved)
    status = form_status(request)
    return render(request, "cocreation/answer_form.html", {"form": form, "idea": idea}, status=status)


def _lab(request: HtmxRequest, slug: str) -> Lab:
    lab = get_visible_or_404(request, Lab.objects.all(), "labs.view_lab", slug=slug)
    require_perm(request, "labs.manage", lab)
    return lab


def moderation(request: HtmxRequest, lab_slug: str) -> HttpResponse:
    lab = _lab(request, lab_slug)
    page = paginate(request, selectors.open_reports(lab))
    for report in page:
        # A reported comment opens the page of the idea's comments that holds it, at the comment.
        report.link = _thread_url(report.comment) if report.comment else report.idea.get_absolute_url()
    return render(request, "cocreation/moderation.html", {"lab": lab, "page_obj": page})


@require_POST
def resolve_report(request: HtmxRequest, pk: int) -> HttpResponse:
    report = Report.objects.select_related("lab", "idea").filter(pk=pk).first()
    if report is None or not request.user.has_perm("labs.view_lab", report.lab):
        raise Http404
    require_perm(request, "labs.manage", report.lab)
    services.report_resolve(report=report, by=request.user)
    messages.success(request, _("The report is closed; the content stays as it is."))
    return redirect("cocreation:moderation", report.lab.slug)
