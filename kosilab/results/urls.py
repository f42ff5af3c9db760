from django.urls import path

from kosilab.results import views

app_name = "results"
urlpatterns = [
    path("process/<int:process_pk>/", views.process_results, name="process"),
    path("process/<int:process_pk>/new/", views.result_create, name="create"),
    path("<int:pk>/", views.result_detail, name="detail"),
    path("<int:pk>/print/", views.result_print, name="print"),
    path("<int:pk>/edit/", views.result_edit, name="edit"),
    path("<int:pk>/canvas/", views.result_canvas, name="canvas"),
    path("<int:pk>/delete/", views.result_delete, name="delete"),
    path("<int:pk>/files/new/", views.file_add, name="file_add"),
    path("files/<int:pk>/remove/", views.file_remove, name="file_remove"),
    path("files/<int:pk>/download/", views.file_download, name="download"),
]
