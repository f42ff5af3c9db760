"""Playbook URLs, all below one lab: ``/playbook/<lab slug>/…``. The phase page comes last, so
that the fixed words (assessment, assessments, playbook.pdf) are never taken for a phase key."""

from django.urls import path

from kosilab.playbook import views

app_name = "playbook"
urlpatterns = [
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/playbook.pdf", views.playbook_pdf, name="pdf"),
    path("<slug:slug>/assessment/new/", views.assessment_new, name="assessment_new"),
    path("<slug:slug>/assessments/", views.assessment_list, name="assessments"),
    path("<slug:slug>/assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("<slug:slug>/<slug:phase_key>/", views.phase_detail, name="phase"),
]
