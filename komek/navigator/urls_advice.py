from django.urls import path

from komek.navigator.views import check

urlpatterns = [
    path("", check.check, name="check"),
    path("person/<int:pk>/", check.check_person, name="check_person"),
    path("person/<int:person_pk>/save/", check.advice_save, name="advice_save"),
]
