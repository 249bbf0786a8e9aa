from komek.trainings import urls_certificates, urls_events, urls_tests

app_name = "trainings"

urlpatterns = [
    *urls_events.urlpatterns,
    *urls_tests.urlpatterns,
    *urls_certificates.urlpatterns,
]
