"""The navigator's personal data, declared to ``core.personal_data``: advice is the
situation a person described and what they were told, nothing but their data; anonymising
or erasing the person deletes it. A merge moves it to the person kept."""

from komek.core import personal_data
from komek.navigator.models import Advice
from komek.people.hooks import Moved, move_references


def advice_move(*, source, target, merged_by) -> list[Moved]:
    return [move_references(Advice, "person", source=source, target=target)]


def declare_personal_data() -> None:
    personal_data.register(Advice, lookups=["person"])
