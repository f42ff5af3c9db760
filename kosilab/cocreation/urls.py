from django.urls import path

from kosilab.cocreation import views

app_name = "cocreation"
urlpatterns = [
    path("challenge/<int:pk>/", views.challenge_ideas, name="challenge_ideas"),
    path("challenge/<int:pk>/new/", views.challenge_idea_create, name="challenge_new"),
    path("phase/<int:phase_pk>/", views.phase_ideas, name="phase_ideas"),
    path("phase/<int:phase_pk>/new/", views.phase_idea_create, name="phase_new"),
    path("open/challenge/<int:pk>/", views.open_challenge, name="open_challenge"),
    path("open/phase/<int:phase_pk>/", views.open_phase, name="open_phase"),
    path("<int:pk>/", views.idea_detail, name="detail"),
    path("<int:pk>/edit/", views.idea_edit, name="edit"),
    path("<int:pk>/delete/", views.idea_delete, name="delete"),
    path("<int:pk>/support/", views.support, name="support"),
    path("<int:pk>/support/withdraw/", views.withdraw_support, name="withdraw_support"),
    path("<int:pk>/comment/", views.comment_create, name="comment"),
    path("<int:pk>/report/", views.report_idea, name="report_idea"),
    path("<int:pk>/moderate/", views.moderate_idea, name="moderate_idea"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path("comments/<int:pk>/report/", views.report_comment, name="report_comment"),
    path("comments/<int:pk>/moderate/", views.moderate_comment, name="moderate_comment"),
    path("moderation/<slug:lab_slug>/", views.moderation, name="moderation"),
    path("reports/<int:pk>/resolve/", views.resolve_report, name="resolve_report"),
]
