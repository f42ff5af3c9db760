from django.urls import path

from kosilab.labs import views

app_name = "labs"

urlpatterns = [
    path("", views.lab_list, name="list"),
    path("<slug:slug>/", views.lab_detail, name="detail"),
    path("<slug:slug>/edit/", views.lab_edit, name="edit"),
    path("<slug:slug>/team/", views.lab_team, name="team"),
    path("<slug:slug>/team/<int:user_id>/remove/", views.lab_team_remove, name="team_remove"),
    path("<slug:slug>/phases/", views.phase_template, name="phase_template"),
    path("<slug:slug>/audit/", views.lab_audit_log, name="audit_log"),
]
