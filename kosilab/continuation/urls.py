from django.urls import path

from kosilab.continuation import views

app_name = "continuation"
urlpatterns = [
    path("lab/<slug:slug>/", views.lab_overview, name="lab"),
    path("result/<int:result_pk>/", views.result_story, name="result"),
    path("result/<int:result_pk>/manage/", views.manage, name="manage"),
    path("result/<int:result_pk>/new/", views.handover_create, name="handover_create"),
    path("<int:pk>/edit/", views.handover_edit, name="handover_edit"),
    path("<int:pk>/status/", views.handover_status, name="handover_status"),
    path("<int:pk>/delete/", views.handover_delete, name="handover_delete"),
    path("<int:pk>/follow-ups/new/", views.followup_add, name="followup_add"),
    path("follow-ups/<int:pk>/done/", views.followup_done, name="followup_done"),
]
