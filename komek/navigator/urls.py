from komek.navigator import urls_advice, urls_rules

app_name = "navigator"

urlpatterns = [*urls_advice.urlpatterns, *urls_rules.urlpatterns]
