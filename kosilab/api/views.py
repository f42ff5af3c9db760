"""The read API (``/api/v1/``), its schema and documentation page, and the token pages.

Each resource of ``resources.py`` gets a list and a detail endpoint. The reader is the person of
the session or of the token (``authentication.py``); what they get is what the resource's
queryset, i.e. the models' visibility policies, lets them see. A token restricted to one lab sees
the public data and, beyond that, only that lab's. Every answer carries an ETag computed from its
body; ``If-None-Match`` with the same ETag answers 304 without a body.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, ClassVar, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date, parse_etags, parse_http_date_safe, quote_etag
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse as api_reverse
from rest_framework.utils.encoders import JSONEncoder
from rest_framework.views import APIView

from kosilab.accounts.types import logged_in
from kosilab.api import selectors, services
from kosilab.api.forms import TokenForm
from kosilab.api.models import ApiToken
from kosilab.api.resources import RESOURCES, Resource
from kosilab.core import ratelimit
from kosilab.core.forms import form_status, save_form

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class ResourcePagination(PageNumberPagination):
    """Pages of ``page_size`` items (50, at most 200), in the order of the primary key."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


def readable(resource: Resource, request: Request) -> QuerySet[Any]:
    """What the reader of ``request`` may see of ``resource``: the policies' answer for the person,
    narrowed for a token restricted to one lab to the public data and that lab's."""
    items = resource.queryset(request.user)
    token = request.auth
    if isinstance(token, ApiToken) and token.lab_id is not None:
        public = resource.queryset(AnonymousUser()).prefetch_related(None).order_by().values("pk")
        in_lab = Q(pk=token.lab_id) if not resource.lab_path else Q(**{f"{resource.lab_path}_id": token.lab_id})
        items = items.filter(Q(pk__in=public) | in_lab)
    return items


def etag_of(data: Any) -> str:
    """A strong ETag from the JSON body: the same data in the same language gives the same tag."""
    body = json.dumps(data, cls=JSONEncoder, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return quote_etag(hashlib.sha256(body.encode("utf-8")).hexdigest()[:40])


def conditional(request: Request, response: Any) -> Any:
    """Headers for caches on a successful read, and 304 when the client has this version."""
    patch_vary_headers(response, ("Accept-Language", "Authorization", "Cookie"))
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, no_cache=True)
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.data is None:
        return response
    etag = etag_of(response.data)
    response["ETag"] = etag
    modified = last_modified(response.data)
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match:
        if etag in parse_etags(if_none_match) or if_none_match.strip() == "*":
            return not_modified(response)
    elif modified is not None:
        since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
        if since is not None and modified <= since:
            return not_modified(response)
    return response


def last_modified(data: Any) -> int | None:
    """When one item was last changed (seconds since the epoch); None for lists, whose items may
    also disappear without any date changing."""
    if not isinstance(data, dict) or "results" in data:
        return None
    modified = parse_datetime(str(data.get("updated_at") or ""))
    return int(modified.timestamp()) if modified is not None else None


def not_modified(response: Any) -> HttpResponseNotModified:
    answer = HttpResponseNotModified()
    for header in ("ETag", "Last-Modified", "Vary", "Cache-Control"):
        if header in response:
            answer[header] = response[header]
    return answer


ERRORS = {
    400: OpenApiResponse(description="A query parameter is not valid; the body says which, and why."),
    401: OpenApiResponse(description="The token is unknown, revoked or expired."),
    429: OpenApiResponse(description="Too many requests; Retry-After says how many seconds to wait."),
}


class ResourceViewSet(viewsets.ReadOnlyModelViewSet[Any]):
    resource: ClassVar[Resource]
    pagination_class = ResourcePagination
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self) -> QuerySet[Any]:
        return readable(self.resource, self.request)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        return conditional(request, response)


def viewset_for(resource: Resource) -> type[ResourceViewSet]:
    """The list and detail endpoints of one resource, documented for the schema."""
    name = "".join(part.capitalize() for part in resource.name.split("-"))
    list_doc = extend_schema(
        summary=f"List {resource.name}",
        description=resource.description,
        tags=[resource.name],
        responses={200: resource.serializer_class(many=True), **ERRORS},
    )
    detail_doc = extend_schema(
        summary=f"One of {resource.name}",
        description=resource.description,
        tags=[resource.name],
        responses={
            200: resource.serializer_class,
            404: OpenApiResponse(description="There is no such item, or you may not see it."),
            **ERRORS,
        },
    )
    viewset = type(
        f"{name}ViewSet",
        (ResourceViewSet,),
        {
            "resource": resource,
            "serializer_class": resource.serializer_class,
            "filterset_class": resource.filterset_class,
            "lookup_field": resource.lookup_field,
            "queryset": cast(Any, resource.serializer_class).Meta.model._default_manager.none(),
            "__module__": __name__,
        },
    )
    decorated: type[ResourceViewSet] = extend_schema_view(list=list_doc, retrieve=detail_doc)(viewset)
    return decorated


VIEWSETS: dict[str, type[ResourceViewSet]] = {resource.name: viewset_for(resource) for resource in RESOURCES}


class RootView(APIView):
    """The resources of the API, with the address of each list."""

    @extend_schema(
        summary="The resources",
        tags=["root"],
        responses={
            200: inline_serializer("Root", {resource.name: serializers.URLField() for resource in RESOURCES}),
            **ERRORS,
        },
    )
    def get(self, request: Request) -> Response:
        return Response(
            {resource.name: api_reverse(f"api:{url_name(resource)}_list", request=request) for resource in RESOURCES}
        )

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        return conditional(request, super().finalize_response(request, response, *args, **kwargs))


def url_name(resource: Resource) -> str:
    """``case-study-labs`` → ``case_study_labs`` (URL names take no hyphens here)."""
    return resource.name.replace("-", "_")


# --- The schema and the documentation page ----------------------------------------------------

# The schema depends on the code only (and on the language of its texts): generated once per
# language and process (it takes some 200 ms), then served from memory, with its ETag.
_SCHEMAS: dict[str, Any] = {}


class SchemaView(SpectacularAPIView):
    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        language = get_language() or ""
        if language not in _SCHEMAS:
            response: Response = super().get(request, *args, **kwargs)  # type: ignore[no-untyped-call]
            _SCHEMAS[language] = response.data
            return response
        return Response(_SCHEMAS[language])

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        return conditional(request, super().finalize_response(request, response, *args, **kwargs))


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    """The API's documentation: Swagger UI from drf-spectacular-sidecar's files, served by the app."""
    schema_url = reverse("api:schema") + "?format=json"
    return render(request, "api/docs.html", {"resources": RESOURCES, "schema_url": schema_url})


# --- Personal access tokens ------------------------------------------------------------------


@login_required
@require_GET
def token_list(request: HttpRequest) -> HttpResponse:
    tokens = selectors.tokens_of(logged_in(request.user))
    return render(request, "api/token_list.html", {"tokens": tokens, "docs_url": reverse("api:docs")})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@ratelimit.throttle("api-token-create")
def token_create(request: HttpRequest) -> HttpResponse:
    """Make a token; its secret is shown once, on the page that answers the form, and never again."""
    user = logged_in(request.user)
    form = TokenForm(request.POST or None, user=user)
    made = save_form(request, form, lambda data: services.token_create(owner=user, by=user, **data))
    if made is not None:
        token, secret = made
        return render(request, "api/token_created.html", {"token": token, "secret": secret})
    return render(request, "api/token_form.html", {"form": form}, status=form_status(request))


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Only the owner revokes a token; anybody else's is "not found"."""
    token = get_object_or_404(ApiToken, pk=pk, owner=request.user)
    services.token_revoke(token=token, by=logged_in(request.user))
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect(reverse("api:tokens"))
