from django.urls import URLPattern, URLResolver, path

from kosilab.research import views

app_name = "research"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.export, name="export"),
    path("<int:pk>/download/", views.download, name="download"),
]
