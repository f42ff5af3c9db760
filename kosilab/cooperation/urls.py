from django.urls import URLPattern, URLResolver, path

from kosilab.cooperation import views

app_name = "cooperation"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.installation, name="installation"),
    path("lab/<slug:slug>/", views.lab_network, name="lab"),
]
