from django.urls import URLPattern

app_name = "continuation"
urlpatterns: list[URLPattern] = []
