from django.urls import path

from kosilab.methods import views

app_name = "methods"

urlpatterns = [
    path("", views.method_list, name="list"),
    path("recommend/", views.recommendations, name="recommend"),
    path("for-process/<int:process_pk>/", views.process_recommendations, name="for_process"),
    path("new/<slug:lab_slug>/", views.method_create, name="create"),
    path("<slug:slug>/", views.method_detail, name="detail"),
    path("<slug:slug>/card/", views.method_card, name="card"),
    path("<slug:slug>/edit/", views.method_edit, name="edit"),
    path("<slug:slug>/delete/", views.method_delete, name="delete"),
    path("<slug:slug>/adapt/<slug:lab_slug>/", views.method_adapt, name="adapt"),
]
