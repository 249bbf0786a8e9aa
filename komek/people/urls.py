from django.urls import path

from komek.people.views import duplicates, merging, records, search

app_name = "people"

urlpatterns = [
    path("", search.search, name="search"),
    path("new/", records.create, name="create"),
    path("<int:pk>/", records.detail, name="detail"),
    path("<int:pk>/edit/", records.edit, name="edit"),
    path("<int:pk>/documents/", records.document_add, name="document_add"),
    path("<int:pk>/consents/", records.consent_add, name="consent_add"),
    path("<int:pk>/family/", records.family_add, name="family_add"),
    path("<int:pk>/merge/", merging.merge, name="merge"),
    path("merges/<int:pk>/undo/", merging.merge_undo, name="merge_undo"),
    path("duplicates/", duplicates.queue, name="duplicates"),
    path("duplicates/search/", duplicates.search, name="duplicate_search"),
    path("duplicates/<int:pk>/apart/", duplicates.not_the_same, name="duplicate_apart"),
]
