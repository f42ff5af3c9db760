"""A central guard against a character no page can use: NUL in the address or its query string.

PostgreSQL refuses NUL in any string ("A string literal cannot contain NUL (0x00) characters"), so
a ``?q=%00`` that reaches a query ends in a server error. No link of the site ever holds one, so
the request is answered at once with 400 and a page that says what was wrong.

Submitted forms are left to the forms: Django's ``CharField`` refuses NUL with a message on the
field, files may contain any byte, and the few values views read from ``request.POST`` directly
are only compared or percent-encoded into a redirect (tested in core/tests/test_bad_query_parameters.py).
Reading ``request.POST`` here would also parse uploads before a view could choose their handlers.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

NUL = "\x00"


def has_null_character(request: HttpRequest) -> bool:
    if NUL in request.path:
        return True
    return any(NUL in key or any(NUL in value for value in values) for key, values in request.GET.lists())


class RefuseNullCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_null_character(request):
            return render(request, "400.html", status=400)
        return self.get_response(request)
