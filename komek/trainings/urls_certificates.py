from django.urls import path

from komek.trainings.views import certificates, maps

urlpatterns = [
    path(
        "events/<int:event_pk>/certificates/",
        certificates.event_certificates,
        name="event_certificates",
    ),
    path(
        "events/<int:event_pk>/certificates/generate/",
        certificates.certificates_generate,
        name="certificates_generate",
    ),
    path("certificates/zip/<int:pk>/", certificates.certificate_batch, name="certificate_batch"),
    path(
        "certificates/zip/<int:pk>/download/",
        certificates.certificate_batch_download,
        name="certificate_batch_download",
    ),
    path("certificates/<int:pk>/pdf/", certificates.certificate_pdf, name="certificate_pdf"),
    path(
        "certificates/<int:pk>/revoke/", certificates.certificate_revoke, name="certificate_revoke"
    ),
    # Short, for the QR code: /trainings/v/KMK-2026-000123:<signature>/
    path("v/<str:token>/", certificates.certificate_verify, name="certificate_verify"),
    path("map/", maps.training_map, name="map"),
]
