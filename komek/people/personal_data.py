"""The people registry's personal data, declared to ``core.personal_data``."""

from django.http import Http404

from komek.core import personal_data
from komek.people.access import Access, access_level, require_access
from komek.people.models import (
    Consent,
    DuplicateDecision,
    DuplicatePair,
    FamilyLink,
    IdentityDocument,
    Person,
    PersonMerge,
    PersonName,
    Phone,
)
from komek.people.search import search_people


def _readable(user, pk: str) -> bool:
    person = Person.objects.filter(pk=pk).first()
    return person is not None and access_level(user, person) >= Access.FULL


def _found(user, text: str) -> list[Person]:
    """The people a reference or a name finds, those ``user`` may know of."""
    return [
        match.person
        for match in search_people(text)
        if access_level(user, match.person) >= Access.SUMMARY
    ]


def _known(user, pk: int) -> Person:
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise Http404
    require_access(user, person, Access.SUMMARY)
    return person


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
        # A person's audit entries name an added identity document "document".
        sensitive=["vulnerabilities", "document"],
        readable=_readable,
    )
    personal_data.register(IdentityDocument, lookups=["person"], sensitive=["number"])
    for model in (PersonName, Phone, Consent):
        personal_data.register(model, lookups=["person"])
    personal_data.register(FamilyLink, lookups=["person", "relative"])
    personal_data.register(PersonMerge, lookups=["source", "target"])
    # A pair found alike, or decided on, is deleted with either person's data.
    for model in (DuplicatePair, DuplicateDecision):
        personal_data.register(model, lookups=["person_a", "person_b"])
    personal_data.register_subjects(
        personal_data.Subjects(
            find=_found,
            get=_known,
            phones=lambda person: list(person.phones.values_list("number", flat=True)),
            reference=lambda person: person.ref,
        )
    )
