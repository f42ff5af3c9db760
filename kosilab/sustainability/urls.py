from django.urls import URLPattern, URLResolver

app_name = "sustainability"

urlpatterns: list[URLPattern | URLResolver] = []
