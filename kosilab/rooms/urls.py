from django.urls import URLPattern

app_name = "rooms"
urlpatterns: list[URLPattern] = []
