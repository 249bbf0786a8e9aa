from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware


class SecondFactorMiddleware(OTPMiddleware):
    """django-otp's: ``request.user.otp_device`` is the device that verified the user in
    this session, or None. The device the session names is taken from the user's
    confirmed devices, read with the user (``accounts.backends``), rather than read again;
    one not among them (unconfirmed since, or a user read otherwise) is read as
    django-otp reads it, and refused unless it is the user's and confirmed."""

    def _verify_user_sync(self, request, user):
        devices = {
            device.persistent_id: device for device in getattr(user, "confirmed_devices", ())
        }
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        if persistent_id not in devices:
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        user.otp_device = self._finalize_device(request, user, devices[persistent_id])
        return user


class UserLanguageMiddleware:
    """Signed-in staff see Komek in the language stored on their account."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
