from django.urls import path

from komek.trainings.views import calendar, events, participants

urlpatterns = [
    path("", events.event_list, name="event_list"),
    path("events/new/", events.event_create, name="event_create"),
    path("events/<int:pk>/", events.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", events.event_edit, name="event_edit"),
    path("events/<int:pk>/attendance/", events.event_attendance, name="event_attendance"),
    path("events/<int:pk>/register/", events.event_register, name="event_register"),
    path("events/<int:pk>/import/", events.event_import, name="event_import"),
    path("participants/", participants.participant_list, name="participant_list"),
    path("participants/<int:pk>/", participants.participant_detail, name="participant_detail"),
    path("participants/<int:pk>/edit/", participants.participant_edit, name="participant_edit"),
    path("calendar/", calendar.calendar, name="calendar"),
    path("calendar.ics", calendar.calendar_ics, name="calendar_ics"),
]
