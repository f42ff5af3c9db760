from django.urls import URLPattern

app_name = "impact"
urlpatterns: list[URLPattern] = []
