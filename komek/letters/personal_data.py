"""The letters' personal data, declared to ``core.personal_data``."""

from komek.core import personal_data
from komek.letters.models import Letter


def declare_personal_data() -> None:
    personal_data.register(Letter, lookups=["case__client"])
