"""The hotline's personal data, declared to ``core.personal_data``."""

from komek.accounts.scoping import in_scope
from komek.core import personal_data
from komek.core.permissions import role_can
from komek.core.roles import Capability
from komek.hotline.models import Contact


def _readable(user, pk: str) -> bool:
    return (
        role_can(user, Capability.HOTLINE_LOG)
        and in_scope(Contact.objects.filter(pk=pk), user).exists()
    )


def declare_personal_data() -> None:
    # An anonymised contact still counts in the statistics, without who or what was said.
    personal_data.register(
        Contact,
        lookups=["person"],
        blank={"person": None, "caller_phone": "", "caller_name": "", "question": "", "answer": ""},
        readable=_readable,
    )
