from django.urls import path

from kosilab.impact import views

app_name = "impact"
urlpatterns = [
    path("process/<int:process_pk>/", views.process_indicators, name="process"),
    path("process/<int:process_pk>/new/", views.indicator_create, name="indicator_create"),
    path("process/<int:process_pk>/indicators.csv", views.process_export, {"kind": "csv"}, name="process_csv"),
    path("process/<int:process_pk>/indicators.xlsx", views.process_export, {"kind": "xlsx"}, name="process_xlsx"),
    path("lab/<slug:lab_slug>/", views.lab_dashboard, name="lab"),
    path("lab/<slug:lab_slug>/new/", views.lab_indicator_create, name="lab_indicator_create"),
    path("lab/<slug:lab_slug>/indicators.csv", views.lab_export, {"kind": "csv"}, name="lab_csv"),
    path("lab/<slug:lab_slug>/indicators.xlsx", views.lab_export, {"kind": "xlsx"}, name="lab_xlsx"),
    path("indicator/<int:pk>/", views.indicator_detail, name="indicator"),
    path("indicator/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicator/<int:pk>/delete/", views.indicator_delete, name="indicator_delete"),
    path("indicator/<int:pk>/measurements/", views.measurement_add, name="measurement_add"),
    path("indicator/<int:pk>/measurements/<int:measurement_pk>/", views.measurement_edit, name="measurement_edit"),
    path(
        "indicator/<int:pk>/measurements/<int:measurement_pk>/delete/",
        views.measurement_delete,
        name="measurement_delete",
    ),
]
