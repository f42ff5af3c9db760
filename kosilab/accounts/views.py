from __future__ import annotations

from collections.abc import Callable
from typing import cast

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kosilab.accounts import services
from kosilab.accounts.forms import DeleteAccountForm
from kosilab.accounts.models import User
from kosilab.core import ratelimit
from kosilab.core.errors import DomainError

View = Callable[..., HttpResponse]
# allauth's decorator (untyped): the view asks for the password, a factor or a mailed code again.
_reauthentication_required = cast(Callable[[View], View], reauthentication_required)


def old_link(request: HttpRequest, kind: str, **_link: str) -> HttpResponse:
    """A confirmation or password link from a mail sent before accounts moved to django-allauth:
    it no longer works; the page says how to get a new one."""
    ratelimit.check(request, "token-link-miss")
    ratelimit.hit(request, "token-link-miss")
    return render(request, "accounts/old_link.html", {"kind": kind}, status=410)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """The person's own data as a JSON download; only ever their own, never cached."""
    user = request.user
    assert isinstance(user, User)
    data = services.user_export(user=user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="kosilab-my-data.json"'
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
@require_http_methods(["GET", "POST"])
@_reauthentication_required
def delete(request: HttpRequest) -> HttpResponse:
    """Asks first for the password again, a second factor, or (accounts without a password: single
    sign-on) a code sent by mail — django-allauth's reauthentication, valid five minutes."""
    user = request.user
    assert isinstance(user, User)
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_delete(user=user)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            logout(request)
            messages.success(request, _("Your account and your personal data have been deleted."))
            return redirect("site:home")
    return render(request, "accounts/delete.html", {"form": form})
