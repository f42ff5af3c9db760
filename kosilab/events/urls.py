"""Event URLs. Each view module keeps its own patterns; this file only joins them."""

from kosilab.events.views import documents, organiser, public

app_name = "events"
urlpatterns = [*public.urlpatterns, *organiser.urlpatterns, *documents.urlpatterns]
