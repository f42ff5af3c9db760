from django.urls import path

from kosilab.core import views

app_name = "core"

urlpatterns = [
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("mail/stop/<str:token>/", views.mail_stop_view, name="mail_stop"),
    # Public images (room photos, idea images), from the local folder or the object storage alike.
    path("media/<path:name>", views.media, name="media"),
]
