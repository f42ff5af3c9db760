from django.urls import path

from kosilab.events.views import documents, feeds, organiser, public

app_name = "events"

urlpatterns = [
    # For everyone: the list, an event's page, registering, a registration's own pages (by token).
    path("", public.event_list, name="list"),
    path("mine/", public.my_registrations, name="mine"),
    path("<int:pk>/", public.event_detail, name="detail"),
    path("<int:pk>/register/", public.register, name="register"),
    path("r/<str:token>/", public.registration_detail, name="registration"),
    path("r/<str:token>/confirm/", public.registration_confirm, name="confirm"),
    path("r/<str:token>/cancel/", public.registration_cancel, name="cancel"),
    path("r/<str:token>/accept/", public.offer_accept, name="accept"),
    # For organisers: events, their questions, attendees and check-in.
    path("new/network/", organiser.event_create_network, name="create_network"),
    path("new/<slug:slug>/", organiser.event_create, name="create"),
    path("<int:pk>/edit/", organiser.event_edit, name="edit"),
    path("<int:pk>/publish/", organiser.event_publish, name="publish"),
    path("<int:pk>/cancel/", organiser.event_cancel, name="cancel_event"),
    path("<int:pk>/questions/", organiser.question_add, name="question_add"),
    path("<int:pk>/questions/<int:question_pk>/", organiser.question_edit, name="question_edit"),
    path("<int:pk>/questions/<int:question_pk>/delete/", organiser.question_delete, name="question_delete"),
    path("<int:pk>/attendees/", organiser.attendees, name="attendees"),
    path("<int:pk>/attendees/<int:registration_pk>/check-in/", organiser.check_in, name="check_in"),
    path("<int:pk>/check-in/", organiser.check_in_code, name="check_in_code"),
    # Documents: certificates, feedback, attendee exports, calendars.
    path("r/<str:token>/certificate.pdf", documents.certificate, name="certificate"),
    path("r/<str:token>/feedback/", documents.feedback_form, name="feedback"),
    path(
        "<int:pk>/attendees/<int:registration_pk>/certificate.pdf",
        documents.certificate_staff,
        name="certificate_staff",
    ),
    path("<int:pk>/certificates.pdf", documents.certificates, name="certificates"),
    path("<int:pk>/feedback/", documents.feedback_results, name="feedback_results"),
    path("<int:pk>/attendees.csv", documents.attendees_csv, name="attendees_csv"),
    path("<int:pk>/attendees.xlsx", documents.attendees_xlsx, name="attendees_xlsx"),
    path("<int:pk>/event.ics", documents.event_ics, name="event_ics"),
    path("lab/<slug:lab_slug>/calendar.ics", documents.lab_calendar, name="lab_calendar"),
    path("calendar.ics", documents.network_calendar, name="network_calendar"),
    # A person's own calendar feed: its page (address, renew, revoke) and the feed by its secret.
    path("my-calendar/", feeds.feed_page, name="feed"),
    path("my-calendar/new/", feeds.feed_create, name="feed_create"),
    path("my-calendar/revoke/", feeds.feed_revoke, name="feed_revoke"),
    path("feed/<str:token>.ics", feeds.personal_calendar, name="personal_calendar"),
]
