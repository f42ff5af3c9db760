from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

# The admin site logs in through the platform's log-in (second factor, rate limits, single sign-on),
# not through a form of its own (docs/accounts.md).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("kosilab.site.urls")),
    path("", include("kosilab.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("kosilab.accounts.urls")),
    path("actors/", include("kosilab.actors.urls")),
    path("labs/", include("kosilab.labs.urls")),
    path("challenges/", include("kosilab.challenges.urls")),
    path("processes/", include("kosilab.processes.urls")),
    path("rooms/", include("kosilab.rooms.urls")),
    path("events/", include("kosilab.events.urls")),
    path("methods/", include("kosilab.methods.urls")),
    path("planning/", include("kosilab.planning.urls")),
    path("playbook/", include("kosilab.playbook.urls")),
    path("notifications/", include("kosilab.notifications.urls")),
    path("ideas/", include("kosilab.cocreation.urls")),
    path("results/", include("kosilab.results.urls")),
    path("continuation/", include("kosilab.continuation.urls")),
    path("impact/", include("kosilab.impact.urls")),
    path("sustainability/", include("kosilab.sustainability.urls")),
    path("knowledge/", include("kosilab.knowledge.urls")),
    path("cooperation/", include("kosilab.cooperation.urls")),
    path("api/", include("kosilab.api.urls")),
    path("open-data/", include("kosilab.opendata.urls")),
    path("research/", include("kosilab.research.urls")),
    path("search/", include("kosilab.search.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# django-allauth answers a reached limit with this view (kosilab/core/ratelimit.py).
handler429 = "kosilab.core.ratelimit.account_limit_reached"
