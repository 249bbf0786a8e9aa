from django.urls import path

from komek.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.entry_list, name="entry_list"),
    path("person/<int:pk>/", views.person_trail, name="person_trail"),
    path("person/<int:pk>/xlsx/", views.person_trail_export, name="person_trail_export"),
]
