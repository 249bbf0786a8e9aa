from django.urls import path

from komek.hotline.views import contacts, topics

app_name = "hotline"

urlpatterns = [
    path("", contacts.log, name="log"),
    path("lookup/", contacts.lookup, name="lookup"),
    path("contacts/", contacts.contact_list, name="contact_list"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/correct/", contacts.contact_correct, name="contact_correct"),
    path("contacts/<int:pk>/link/", contacts.link_person, name="link_person"),
    path("callbacks/", contacts.callbacks, name="callbacks"),
    path("callbacks/<int:pk>/attempt/", contacts.callback_attempt, name="callback_attempt"),
    path("callbacks/<int:pk>/assign/", contacts.callback_assign, name="callback_assign"),
    path(
        "callbacks/attempts/<int:pk>/undo/",
        contacts.callback_attempt_undo,
        name="callback_attempt_undo",
    ),
    path("topics/", topics.topic_list, name="topic_list"),
    path("topics/new/", topics.topic_create, name="topic_create"),
    path("topics/<int:pk>/", topics.topic_edit, name="topic_edit"),
]
