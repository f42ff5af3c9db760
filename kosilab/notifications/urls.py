from django.urls import path

from kosilab.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("badge/", views.unread_badge, name="badge"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("settings/", views.notification_settings, name="settings"),
    path("follow/challenge/<int:pk>/", views.follow, {"kind": "challenge"}, name="follow_challenge"),
    path("unfollow/challenge/<int:pk>/", views.unfollow, {"kind": "challenge"}, name="unfollow_challenge"),
    path("follow/process/<int:pk>/", views.follow, {"kind": "process"}, name="follow_process"),
    path("unfollow/process/<int:pk>/", views.unfollow, {"kind": "process"}, name="unfollow_process"),
]
