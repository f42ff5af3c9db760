from django.urls import URLPattern

app_name = "cocreation"
urlpatterns: list[URLPattern] = []
