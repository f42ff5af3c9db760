"""The project's URLs plus the bare reference of the throughput benchmark (bench/throughput.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from config.urls import handler429
from config.urls import urlpatterns as project_urlpatterns

REFERENCE_PATH = "/bench/reference/"


def reference(request: HttpRequest) -> HttpResponse:
    """The cheapest page Django can serve: no template, no query. What every page is measured against."""
    return HttpResponse("ok")


urlpatterns: list[URLPattern | URLResolver] = [
    path(REFERENCE_PATH.strip("/") + "/", reference, name="bench_reference"),
    *project_urlpatterns,
]

__all__ = ["handler429", "urlpatterns"]
