from django.urls import URLPattern

app_name = "methods"
urlpatterns: list[URLPattern] = []
