from django.urls import path

from kosilab.planning import views

app_name = "planning"
urlpatterns = [
    path("process/<int:process_pk>/", views.process_sessions, name="process_sessions"),
    path("process/<int:process_pk>/new/", views.session_create, name="session_create"),
    path("event/<int:event_pk>/plan/", views.session_for_event, name="session_for_event"),
    path("templates/<slug:slug>/", views.templates, name="templates"),
    path("<int:pk>/", views.session_detail, name="session_detail"),
    path("<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("<int:pk>/delete/", views.session_delete, name="session_delete"),
    path("<int:pk>/blocks/method/", views.block_add_method, name="block_add_method"),
    path("<int:pk>/blocks/free/", views.block_add_free, name="block_add_free"),
    path("<int:pk>/blocks/<int:block_pk>/", views.block_edit, name="block_edit"),
    path("<int:pk>/blocks/<int:block_pk>/delete/", views.block_delete, name="block_delete"),
    path("<int:pk>/blocks/<int:block_pk>/move/", views.block_move, name="block_move"),
    path("<int:pk>/reorder/", views.blocks_reorder, name="blocks_reorder"),
    path("<int:pk>/recommendations/", views.recommendations, name="recommendations"),
    path("<int:pk>/book/", views.session_book, name="session_book"),
    path("<int:pk>/invite/", views.session_invite, name="session_invite"),
    path("<int:pk>/save-as-template/", views.session_save_template, name="session_save_template"),
    path("<int:pk>/copy/", views.session_copy, name="session_copy"),
    path("<int:pk>/use/", views.session_use_template, name="session_use_template"),
    path("<int:pk>/print/", views.session_print, name="session_print"),
    path("<int:pk>/agenda.pdf", views.session_pdf, name="session_pdf"),
    path("<int:pk>/session.ics", views.session_ics, name="session_ics"),
]
