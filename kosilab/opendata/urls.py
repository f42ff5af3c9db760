from django.urls import URLPattern, URLResolver, path

from kosilab.opendata import views

app_name = "opendata"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path(views.DOWNLOAD_NAME, views.download, name="download"),
    path("datapackage.json", views.descriptor, name="datapackage"),
    path("build/", views.request_build, name="request_build"),
]
