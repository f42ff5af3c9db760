from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import RedirectView

from kosilab.accounts import views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("confirm-again/", views.resend_confirmation, name="resend_confirmation"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The own-profile page moved to actors (it edits the account and the profile together):
    # old links and bookmarks are sent on.
    path("profile/", RedirectView.as_view(pattern_name="actors:my_profile", permanent=True), name="profile"),
    path("my-data/", views.export, name="export"),
    path("delete/", views.delete, name="delete"),
    path(
        "password/reset/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path(
        "password/change/",
        views.PasswordChangeView.as_view(),
        name="password_change",
    ),
]
