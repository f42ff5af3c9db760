from django.urls import path

from kosilab.processes import views

app_name = "processes"

urlpatterns = [
    path("", views.process_list, name="list"),
    path("new/<slug:slug>/", views.process_create, name="create"),
    path("<int:pk>/", views.process_detail, name="detail"),
    path("<int:pk>/edit/", views.process_edit, name="edit"),
    path("<int:pk>/team/", views.team, name="team"),
    path("<int:pk>/team/add/", views.member_add, name="member_add"),
    path("<int:pk>/team/<int:member_id>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/team/<int:member_id>/role/", views.member_role, name="member_role"),
    path("<int:pk>/team/invite/", views.invitation_create, name="invitation_create"),
    path(
        "<int:pk>/team/invitations/<int:invitation_id>/withdraw/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<int:pk>/advance/", views.advance, name="advance"),
    path("<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("<int:pk>/milestones/<int:milestone_id>/toggle/", views.milestone_toggle, name="milestone_toggle"),
    path("<int:pk>/log/", views.log_add, name="log_add"),
]
