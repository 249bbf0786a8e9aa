from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from komek.accounts.admin_site import KomekAdminSite

# The Django admin is for developers, and only when turned on (KOMEK_DJANGO_ADMIN), behind
# Komek's own sign-in: administrators who passed the second factor.
admin.site.__class__ = KomekAdminSite

urlpatterns = [
    path("", include("komek.core.urls")),
    path("accounts/", include("komek.accounts.urls")),
    path("audit/", include("komek.audit.urls")),
    path("partners/", include("komek.partners.urls")),
    path("people/", include("komek.people.urls")),
    path("hotline/", include("komek.hotline.urls")),
    path("cases/", include("komek.cases.urls")),
    path("letters/", include("komek.letters.urls")),
    path("notifications/", include("komek.notifications.urls")),
    path("statistics/", include("komek.statistics.urls")),
    path("aid/", include("komek.aid.urls")),
    path("trainings/", include("komek.trainings.urls")),
    path("navigator/", include("komek.navigator.urls")),
    path("publications/", include("komek.publications.urls")),
    path("m/", include("komek.portal.urls")),
]
if settings.DJANGO_ADMIN:
    urlpatterns.append(path(settings.ADMIN_URL, admin.site.urls))

# A database out of reach or a full disk gets its own page, without a traceback.
handler500 = "komek.core.errors.server_error"
