from django.urls import path

from kosilab.site import views

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("manage/", views.manage, name="manage"),
]
