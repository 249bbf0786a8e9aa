import pytest
from django.core.exceptions import ValidationError

from komek.audit.models import Action, AuditEntry
from komek.core.phones import InvalidPhone
from komek.people import hooks, services
from komek.people.models import Person, PersonName


def test_registering_a_person_keeps_one_search_key_per_spelling(office):
    person = services.person_create(
        created_by=None,
        office=office,
        surname="Хусанов",
        given_name="Шерзод",
        latin_surname="Xusanov",
        latin_given_name="Sherzod",
        born_year=1990,
    )
    keys = PersonName.objects.filter(person=person)
    assert 1 <= keys.count() <= 2
    assert {row.born_year for row in keys} == {1990}


def test_registering_a_person_stores_phones_in_e164_and_is_audited(office, make_staff):
    operator = make_staff()
    person = services.person_create(
        created_by=operator,
        office=office,
        given_name="Ўктам",
        phones=["8 701 234 56 78", "+998 90 123 45 67"],
    )
    assert sorted(person.phones.values_list("number", flat=True)) == [
        "+77012345678",
        "+998901234567",
    ]
    entry = AuditEntry.objects.get(action=Action.CREATE, object_type="people.Person")
    assert entry.changes["given_name"] == [None, "Ўктам"]


def test_a_bad_phone_writes_nothing(office):
    with pytest.raises(InvalidPhone):
        services.person_create(created_by=None, office=office, given_name="A", phones=["12"])
    assert Person.objects.count() == 0


def test_a_day_of_birth_without_a_month_is_refused(office):
    with pytest.raises(ValidationError):
        services.person_create(
            created_by=None, office=office, given_name="A", born_year=1990, born_day=3
        )


def test_an_update_records_old_and_new_values_and_refreshes_keys(office, make_staff):
    person = services.person_create(
        created_by=None, office=office, surname="Каримов", given_name="Рустам"
    )
    old_keys = set(person.names.values_list("key", flat=True))
    services.person_update(person=person, updated_by=make_staff(), surname="Каримзода")
    entry = AuditEntry.objects.get(action=Action.CHANGE, object_type="people.Person")
    assert entry.changes["surname"] == ["Каримов", "Каримзода"]
    assert set(person.names.values_list("key", flat=True)) != old_keys
    assert person.history.count() == 2


def test_partial_dates_of_birth_read_as_far_as_known(office):
    person = Person(given_name="A", born_year=1990, born_month=5)
    assert person.born == "1990-05"
    assert Person(given_name="A", born_year=1990).born == "1990"
    assert Person(given_name="A").born == ""


def test_the_date_of_birth_reads_as_documents_write_it():
    assert (
        Person(given_name="A", born_year=1991, born_month=3, born_day=14).born_display
        == "14.03.1991"
    )
    assert Person(given_name="A", born_year=1991, born_month=3).born_display == "03.1991"
    assert Person(given_name="A").born_display == ""


def test_a_misspelt_word_is_corrected_against_the_names_komek_knows(office):
    from komek.people.search import search_people

    person = services.person_create(
        created_by=None, office=office, surname="Ҳамроев", given_name="Бахтиёр"
    )
    services.person_create(created_by=None, office=office, surname="Каримов", given_name="Бахтиёр")
    assert search_people("Hmroev Bakhtiyor")[0].person == person


def test_a_swapped_pair_of_letters_is_corrected(office):
    from komek.people.search import search_people

    person = services.person_create(
        created_by=None, office=office, surname="Норматов", given_name="Дилшод"
    )
    services.person_create(
        created_by=None, office=office, surname="Нормухамедов", given_name="Ойбек"
    )
    assert search_people("Нормаотв Дилшод")[0].person == person


def test_an_app_that_registers_a_change_handler_is_told_of_an_update(
    office, make_staff, monkeypatch
):
    told = []
    monkeypatch.setattr(
        hooks, "_change_handlers", {"other": lambda *, persons: told.append(persons)}
    )
    person = services.person_create(created_by=None, office=office, given_name="Рустам")
    assert told == []
    services.person_update(person=person, updated_by=make_staff(), surname="Каримзода")
    assert told == [[person]]
