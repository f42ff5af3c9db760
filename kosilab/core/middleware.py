"""Response headers that hold for every page."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from kosilab.core.map_settings import tiles_origin

# Everything a page uses comes from the installation itself: the browser refuses anything else.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# Django's admin sets a few inline style attributes.
ADMIN_POLICY = POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


@lru_cache(maxsize=8)
def content_security_policy(*, admin: bool, tiles_url: str, form_action_origins: tuple[str, ...] = ()) -> str:
    """The policy of a page: images may also come from the map's tile server, if one is configured
    (docs/maps.md), and from no other host. Forms may also lead to the identity providers of single
    sign-on (``KOSILAB_SSO_FORM_ACTION_ORIGINS``): a log-in button posts to the platform, which
    redirects to the provider, and Chromium holds that redirect to ``form-action`` too."""
    policy = ADMIN_POLICY if admin else POLICY
    origin = tiles_origin(tiles_url)
    if origin:
        policy = policy.replace("img-src 'self' data:", f"img-src 'self' data: {origin}")
    if form_action_origins:
        policy = policy.replace("form-action 'self'", " ".join(("form-action 'self'", *form_action_origins)))
    return policy


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith("/admin/")
            response["Content-Security-Policy"] = content_security_policy(
                admin=admin,
                tiles_url=settings.KOSILAB_MAP_TILES_URL,
                form_action_origins=tuple(settings.KOSILAB_SSO_FORM_ACTION_ORIGINS),
            )
        return response
