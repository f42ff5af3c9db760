from django.urls import URLPattern, URLResolver, path

from kosilab.api import views
from kosilab.api.resources import RESOURCES

app_name = "api"


def _resource_urls() -> list[URLPattern | URLResolver]:
    patterns: list[URLPattern | URLResolver] = []
    for resource in RESOURCES:
        viewset = views.VIEWSETS[resource.name]
        lookup = "<slug:slug>" if resource.lookup_field == "slug" else "<int:pk>"
        name = views.url_name(resource)
        patterns += [
            path(f"v1/{resource.name}/", viewset.as_view({"get": "list"}), name=f"{name}_list"),
            path(f"v1/{resource.name}/{lookup}/", viewset.as_view({"get": "retrieve"}), name=f"{name}_detail"),
        ]
    return patterns


urlpatterns: list[URLPattern | URLResolver] = [
    path("v1/", views.RootView.as_view(), name="root"),
    *_resource_urls(),
    path("v1/schema/", views.SchemaView.as_view(), name="schema"),
    path("v1/docs/", views.docs, name="docs"),
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/new/", views.token_create, name="token_create"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
