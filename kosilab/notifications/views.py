"""Pages of the notifications app: the list, opening one, settings, following and unfollowing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kosilab.accounts.types import logged_in
from kosilab.challenges.models import Challenge
from kosilab.core.content_languages import localise
from kosilab.core.errors import DomainError
from kosilab.core.http import HtmxRequest
from kosilab.core.mail import stopped_kinds
from kosilab.core.pagination import paginate
from kosilab.core.permissions import get_visible_or_404
from kosilab.notifications import selectors, services
from kosilab.notifications.forms import SettingsForm
from kosilab.notifications.models import Notification
from kosilab.processes.models import Process

TARGETS: dict[str, tuple[type[Model], str]] = {
    "challenge": (Challenge, "challenges.view_challenge"),
    "process": (Process, "processes.view_process"),
}


def is_local_path(url: str) -> bool:
    """A path on this site ("/challenges/1/"), never another host ("//evil.example", "https://…")."""
    return (
        url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(url, allowed_hosts=set(), require_https=False)
    )


@login_required
@require_GET
def notification_list(request: HtmxRequest) -> HttpResponse:
    page_obj = paginate(request, selectors.notifications_of(logged_in(request.user)))
    return render(request, "notifications/notification_list.html", {"page_obj": page_obj})


@login_required
@require_GET
def notification_open(request: HtmxRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go to what it is about; only for its recipient, only on this site."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(user=logged_in(request.user), notification=notification)
    return redirect(notification.url if is_local_path(notification.url) else reverse("notifications:list"))


@login_required
@require_POST
def mark_all_read(request: HtmxRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=logged_in(request.user))
    selectors.forget_unread_count(request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HtmxRequest) -> HttpResponse:
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            try:
                services.setting_update(user=logged_in(request.user), frequency=form.cleaned_data["frequency"])
            except DomainError as error:
                form.add_error(error.field, error.message)
            else:
                messages.success(request, _("Your notification settings are saved."))
                return redirect("notifications:settings")
        status = 400
    else:
        form = SettingsForm(initial={"frequency": selectors.frequency_of(logged_in(request.user))})
        status = 200
    user = logged_in(request.user)
    context = {
        "form": form,
        "follows": selectors.follows_of(user),
        # Reminders and warnings stopped by the link in such a mail (core.mail), to turn on again.
        "stopped_mails": stopped_kinds(address=user.email),
    }
    return render(request, "notifications/settings.html", context, status=status)


def _next_or(request: HtmxRequest, fallback: str) -> str:
    wanted = request.POST.get("next", "")
    return wanted if is_local_path(wanted) else fallback


def _follow_reply(request: HtmxRequest, target: Any, following: bool, message: str) -> HttpResponse:
    if request.htmx:
        return render(request, "notifications/_follow.html", {"target": target, "following": following})
    messages.success(request, message)
    return redirect(_next_or(request, target.get_absolute_url()))


@login_required
@require_POST
def follow(request: HtmxRequest, kind: str, pk: int) -> HttpResponse:
    model, perm = TARGETS[kind]
    target = get_visible_or_404(request, model._default_manager.select_related("lab"), perm, pk=pk)
    try:
        # TARGETS holds only Challenge and Process, which mypy cannot see through type[Model].
        services.follow_add(user=logged_in(request.user), target=target)  # type: ignore[arg-type]
    except DomainError:
        raise Http404 from None
    title = localise(target, "title").text
    return _follow_reply(request, target, True, _("You follow “%(title)s” now.") % {"title": title})


@login_required
@require_POST
def unfollow(request: HtmxRequest, kind: str, pk: int) -> HttpResponse:
    """Stop following; works also for what the person may no longer see (and then shows nothing of it)."""
    model, perm = TARGETS[kind]
    target = get_object_or_404(model._default_manager.select_related("lab"), pk=pk)
    services.follow_remove(user=logged_in(request.user), target=target)  # type: ignore[arg-type]  # as in follow
    if not request.user.has_perm(perm, target):
        messages.success(request, _("You no longer follow it."))
        return redirect(_next_or(request, reverse("notifications:settings")))
    title = localise(target, "title").text
    return _follow_reply(request, target, False, _("You no longer follow “%(title)s”.") % {"title": title})


@require_GET
def unread_badge(request: HtmxRequest) -> HttpResponse:
    """The number of unread notifications for the navigation, loaded by htmx after the page, so
    that no page pays a query for it; without JavaScript the link simply has no number."""
    if not request.user.is_authenticated:
        return HttpResponse("")
    count = selectors.unread_count(request.user)
    return render(request, "notifications/_badge.html", {"count": count})
