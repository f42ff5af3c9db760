from django.urls import path

from kosilab.rooms import views

app_name = "rooms"

urlpatterns = [
    path("lab/<slug:slug>/", views.room_list, name="room_list"),
    path("lab/<slug:slug>/week/", views.lab_week, name="lab_week"),
    path("lab/<slug:slug>/new/", views.room_create, name="room_create"),
    path("lab/<slug:slug>/book/", views.lab_booking_create, name="lab_booking_create"),
    path("lab/<slug:slug>/calendar.ics", views.lab_feed, name="lab_feed"),
    path("lab/<slug:slug>/resources/", views.resource_list, name="resource_list"),
    path("lab/<slug:slug>/resources/new/", views.resource_create, name="resource_create"),
    path("resources/<int:pk>/edit/", views.resource_edit, name="resource_edit"),
    path("<int:pk>/", views.room_detail, name="room_detail"),
    path("<int:pk>/edit/", views.room_edit, name="room_edit"),
    path("<int:pk>/book/", views.booking_create, name="booking_create"),
    path("<int:pk>/calendar.ics", views.room_feed, name="room_feed"),
    path("bookings/<int:pk>/", views.booking_detail, name="booking_detail"),
    path("bookings/<int:pk>/move/", views.booking_move, name="booking_move"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("bookings/<int:pk>/booking.ics", views.booking_ics, name="booking_ics"),
]
