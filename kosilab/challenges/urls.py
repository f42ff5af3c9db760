from django.urls import path

from kosilab.challenges import views

app_name = "challenges"

urlpatterns = [
    path("", views.challenge_list, name="list"),
    path("new/<slug:slug>/", views.challenge_create, name="create"),
    path("<int:pk>/", views.challenge_detail, name="detail"),
    path("<int:pk>/edit/", views.challenge_edit, name="edit"),
    path("<int:pk>/participate/", views.participate, name="participate"),
    path("<int:pk>/leave/", views.leave, name="leave"),
]
