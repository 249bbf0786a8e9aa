"""A person's data from every app that declared some, for a subject-access request."""

import uuid

from komek.core import personal_data
from komek.hotline.services import contact_log


def test_the_export_holds_the_person_their_contact_and_their_case(case, make_staff):
    person = case.client
    contact = contact_log(
        operator=make_staff(),
        submission_key=uuid.uuid4(),
        person=person,
        channel="call",
        outcome="answered",
    )
    exported = personal_data.export_for(person)
    assert [row["id"] for row in exported["people"]["people.Person"]] == [person.pk]
    assert [row["id"] for row in exported["hotline"]["hotline.Contact"]] == [contact.pk]
    assert [row["id"] for row in exported["cases"]["cases.Case"]] == [case.pk]
    assert "letters" not in exported


def test_anonymising_a_person_keeps_their_contact_counted_without_them(case, make_staff):
    person = case.client
    contact = contact_log(
        operator=make_staff(),
        submission_key=uuid.uuid4(),
        person=person,
        channel="call",
        outcome="answered",
        question="Потерял паспорт",
    )
    for holding in reversed(personal_data.holdings()):
        holding.anonymise(person)
    contact.refresh_from_db()
    person.refresh_from_db()
    assert (contact.person, contact.question) == (None, "")
    assert (person.surname, person.citizenship) == ("", "UZ")
