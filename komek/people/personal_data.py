"""The people registry's personal data, declared to ``core.personal_data``."""

from komek.core import personal_data
from komek.people.models import (
    Consent,
    FamilyLink,
    IdentityDocument,
    Person,
    PersonMerge,
    PersonName,
    Phone,
)


def declare_personal_data() -> None:
    # Anonymised, a person keeps what the statistics count them by (sex, citizenship,
    # year of birth) and loses what identifies them.
    personal_data.register(
        Person,
        lookups=["pk"],
        blank={
            "ref": "",
            "surname": "",
            "given_name": "",
            "patronymic": "",
            "latin_surname": "",
            "latin_given_name": "",
            "born_month": None,
            "born_day": None,
            "address": "",
            "notes": "",
        },
    )
    for model in (PersonName, Phone, IdentityDocument, Consent):
        personal_data.register(model, lookups=["person"])
    personal_data.register(FamilyLink, lookups=["person", "relative"])
    personal_data.register(PersonMerge, lookups=["source", "target"])
