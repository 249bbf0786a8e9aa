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
    path("callbacks/<int:pk>/done/", contacts.callback_done, name="callback_done"),
    path("topics/", topics.topic_list, name="topic_list"),
    path("topics/new/", topics.topic_create, name="topic_create"),
    path("topics/<int:pk>/", topics.topic_edit, name="topic_edit"),
]
