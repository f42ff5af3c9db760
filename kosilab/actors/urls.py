from django.urls import path

from kosilab.actors import views

app_name = "actors"

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/search/", views.organisation_autocomplete, name="organisation_autocomplete"),
    path("organisations/new/", views.organisation_form, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_form, name="organisation_edit"),
    path("people/", views.person_list, name="person_list"),
    path("people/search/", views.people_autocomplete, name="people_autocomplete"),
    path("people/me/", views.my_profile, name="my_profile"),
    path("people/<int:user_id>/", views.person_detail, name="person_detail"),
]
