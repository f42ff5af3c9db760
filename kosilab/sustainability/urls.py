from django.urls import URLPattern, URLResolver, path

from kosilab.sustainability import views

app_name = "sustainability"

urlpatterns: list[URLPattern | URLResolver] = [
    path("<slug:slug>/", views.watch, name="watch"),
    path("<slug:slug>/mandates/new/", views.mandate_create, name="mandate_create"),
    path("<slug:slug>/mandates/<int:pk>/edit/", views.mandate_edit, name="mandate_edit"),
    path("<slug:slug>/mandates/<int:pk>/delete/", views.mandate_delete, name="mandate_delete"),
    path("<slug:slug>/mandates/<int:pk>/decisions/new/", views.mandate_decision, name="mandate_decision"),
    path("<slug:slug>/sponsors/new/", views.sponsor_create, name="sponsor_create"),
    path("<slug:slug>/sponsors/<int:pk>/edit/", views.sponsor_edit, name="sponsor_edit"),
    path("<slug:slug>/sponsors/<int:pk>/delete/", views.sponsor_delete, name="sponsor_delete"),
    path("<slug:slug>/funding/new/", views.funding_create, name="funding_create"),
    path("<slug:slug>/funding/<int:pk>/edit/", views.funding_edit, name="funding_edit"),
    path("<slug:slug>/funding/<int:pk>/delete/", views.funding_delete, name="funding_delete"),
    path("<slug:slug>/funding/<int:pk>/decisions/new/", views.funding_decision, name="funding_decision"),
    path("<slug:slug>/decisions/<int:pk>/edit/", views.decision_edit, name="decision_edit"),
    path("<slug:slug>/decisions/<int:pk>/delete/", views.decision_delete, name="decision_delete"),
    path("<slug:slug>/legacy/", views.legacy, name="legacy"),
    path("<slug:slug>/legacy.zip", views.legacy_export, name="legacy_export"),
    path("<slug:slug>/legacy/import/", views.legacy_import, name="legacy_import"),
    path("<slug:slug>/legacy/inherited/<int:pk>/", views.inherited, name="inherited"),
]
