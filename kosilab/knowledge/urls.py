from django.urls import URLPattern, URLResolver, path

from kosilab.knowledge.views import library

app_name = "knowledge"

urlpatterns: list[URLPattern | URLResolver] = [
    # The library: search, a profile, its history, the world list, the timeline (views/library.py).
    path("", library.library, name="library"),
    path("world/", library.world, name="world"),
    path("timeline/", library.timeline, name="timeline"),
    path("labs/<slug:slug>/", library.profile_detail, name="profile"),
    path("labs/<slug:slug>/history/", library.profile_history, name="history"),
    path("labs/<slug:slug>/history/<int:number>/", library.revision_detail, name="revision"),
]
