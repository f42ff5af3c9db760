"""A person's own calendar feed: the page where they get, renew and revoke its secret address, and
the feed itself (reached by the secret, no log-in; kosilab/events/documents/personal_feed.py)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kosilab.accounts.types import logged_in
from kosilab.core.http import HtmxRequest
from kosilab.core.ical import calendar_response
from kosilab.core.mail import site_url
from kosilab.core.ratelimit import throttle_misses
from kosilab.events import feed_services
from kosilab.events.documents import calendar, personal_feed


@login_required
@require_GET
def feed_page(request: HtmxRequest) -> HttpResponse:
    user = logged_in(request.user)
    feed = personal_feed.active_feed(user)
    address = site_url() + reverse("events:personal_calendar", args=[feed.token]) if feed else ""
    response = render(request, "events/feed_page.html", {"feed": feed, "address": address})
    patch_cache_control(response, private=True, no_store=True)  # the page shows a secret
    return response


@login_required
@require_POST
def feed_create(request: HtmxRequest) -> HttpResponse:
    user = logged_in(request.user)
    replaced = personal_feed.active_feed(user) is not None
    feed_services.calendar_feed_create(user=user, by=user)
    if replaced:
        messages.success(request, _("Your new calendar address is ready. The old one no longer works."))
    else:
        messages.success(request, _("Your calendar address is ready."))
    return redirect("events:feed")


@login_required
@require_POST
def feed_revoke(request: HtmxRequest) -> HttpResponse:
    user = logged_in(request.user)
    feed = personal_feed.active_feed(user)
    if feed is not None and feed_services.calendar_feed_revoke(feed=feed, by=user):
        messages.success(request, _("Your calendar address no longer works."))
    else:
        messages.info(request, _("You have no calendar address to revoke."))
    return redirect("events:feed")


@require_GET
@throttle_misses()
def personal_calendar(request: HtmxRequest, token: str) -> HttpResponse:
    feed = personal_feed.feed_by_token(token)
    if feed is None:
        raise Http404
    feed_services.calendar_feed_used(feed=feed)
    events = list(personal_feed.personal_feed_events(feed.user))
    # A calendar program fetches the feed without the person's language cookie (and often without
    # Accept-Language): the feed speaks its owner's preferred language, as their mails do.
    with translation.override(feed.user.language or settings.LANGUAGE_CODE):
        response = calendar_response(
            calendar.items(events), name=_("KoSI-Lab: events of my labs"), filename="kosilab-my-labs.ics"
        )
    patch_cache_control(response, private=True, no_store=True)
    return response
