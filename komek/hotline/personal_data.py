"""The hotline's personal data, declared to ``core.personal_data``."""

from komek.core import personal_data
from komek.hotline.models import Contact


def declare_personal_data() -> None:
    # An anonymised contact still counts in the statistics, without who or what was said.
    personal_data.register(
        Contact,
        lookups=["person"],
        blank={"person": None, "caller_phone": "", "caller_name": "", "question": "", "answer": ""},
    )
