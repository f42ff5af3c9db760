"""The platform's own account pages; log-in, sign-up, passwords, e-mail addresses, two factors,
single sign-on and sessions are django-allauth's (config/urls.py mounts both under /accounts/)."""

from django.urls import path
from django.views.generic import RedirectView

from kosilab.accounts import views

app_name = "accounts"

urlpatterns = [
    # The own-profile page moved to actors (it edits the account and the profile together):
    # old links and bookmarks are sent on.
    path("profile/", RedirectView.as_view(pattern_name="actors:my_profile", permanent=True), name="profile"),
    path("my-data/", views.export, name="export"),
    path("delete/", views.delete, name="delete"),
    # Links in mails sent before accounts moved to django-allauth (docs/operations.md, release notes).
    path("confirm/<str:token>/", views.old_link, {"kind": "confirm"}, name="old_confirm"),
    path("password/reset/<uidb64>/<token>/", views.old_link, {"kind": "reset"}, name="old_password_reset"),
]
