"""The staff pages that merge two records of one person: find the other record, compare
the two, keep one with a reason, undo it from the kept person's page; what another
office's staff may not open stays hidden, and what needs a coordinator is refused."""

import pytest

from komek.audit.models import Action, AuditEntry
from komek.core.roles import Role
from komek.people.models import Person, PersonMerge
from komek.people.services import person_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def cyrillic(office):
    return person_create(
        created_by=None,
        office=office,
        surname="Хусанов",
        given_name="Шерзод",
        born_year=1990,
        phones=["+998901234567"],
    )


@pytest.fixture
def latin(office):
    return person_create(
        created_by=None, office=office, surname="Xusanov", given_name="Sherzod", born_year=1990
    )


@pytest.fixture
def operator(make_staff):
    return make_staff(Role.HOTLINE_OPERATOR)


def merge_url(person, **query) -> str:
    tail = "&".join(f"{name}={value}" for name, value in query.items())
    return f"/people/{person.pk}/merge/" + (f"?{tail}" if tail else "")


def test_the_other_record_is_found_in_another_script(client_for, operator, cyrillic, latin):
    html = client_for(operator).get(merge_url(cyrillic, q="Xusanov")).content.decode()
    assert f'href="?other={latin.pk}"' in html
    assert f'href="?other={cyrillic.pk}"' not in html


def test_the_two_records_are_compared_line_by_line(client_for, operator, cyrillic, latin):
    response = client_for(operator).get(merge_url(cyrillic, other=latin.pk))
    html = response.content.decode()
    assert "Хусанов Шерзод" in html and "Xusanov Sherzod" in html
    assert html.count("data-differs") == 2  # the name and the phones
    viewed = AuditEntry.objects.filter(actor=operator, action=Action.VIEW)
    assert set(viewed.values_list("object_id", flat=True)) >= {str(cyrillic.pk), str(latin.pk)}


def test_a_merge_keeps_the_chosen_record_and_is_undone_from_its_page(
    client_for, operator, cyrillic, latin
):
    client = client_for(operator)
    response = client.post(
        merge_url(cyrillic), {"other": latin.pk, "keep": cyrillic.pk, "reason": "один паспорт"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/people/{cyrillic.pk}/"
    merge = PersonMerge.objects.get()
    assert (merge.source, merge.target, merge.merged_by) == (latin, cyrillic, operator)
    page = client.get(f"/people/{cyrillic.pk}/").content.decode()
    assert "data-merges" in page and "Xusanov Sherzod" in page
    duplicate_page = client.get(f"/people/{latin.pk}/").content.decode()
    assert "data-merged-into" in duplicate_page

    response = client.post(f"/people/merges/{merge.pk}/undo/")
    assert response["Location"] == f"/people/{latin.pk}/"
    assert Person.objects.get(pk=latin.pk).merged_into is None
    assert "data-merges" not in client.get(f"/people/{cyrillic.pk}/").content.decode()


def test_the_duplicate_may_be_the_one_kept(client_for, operator, cyrillic, latin):
    client_for(operator).post(
        merge_url(cyrillic), {"other": latin.pk, "keep": latin.pk, "reason": "паспорт"}
    )
    assert Person.objects.get(pk=cyrillic.pk).merged_into == latin


def test_a_merge_without_a_reason_is_refused_and_changes_nothing(
    client_for, operator, cyrillic, latin
):
    response = client_for(operator).post(
        merge_url(cyrillic), {"other": latin.pk, "keep": cyrillic.pk, "reason": ""}
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not PersonMerge.objects.exists()


def test_another_offices_records_are_not_reached(
    client_for, make_staff, other_office, cyrillic, latin
):
    stranger = make_staff(Role.HOTLINE_OPERATOR, office=other_office)
    client = client_for(stranger)
    assert client.get(merge_url(cyrillic)).status_code == 404
    assert (
        client.post(
            merge_url(cyrillic), {"other": latin.pk, "keep": cyrillic.pk, "reason": "x"}
        ).status_code
        == 404
    )
    mine = person_create(created_by=None, office=other_office, given_name="Шерзод")
    assert client.get(merge_url(mine, other=latin.pk)).status_code == 404
    assert not client.get(merge_url(mine, q="Xusanov")).context["candidates"]
    assert not PersonMerge.objects.exists()


def test_records_of_two_offices_are_left_to_a_coordinator(
    client_for, make_staff, other_office, cyrillic
):
    national = make_staff(Role.HOTLINE_OPERATOR, national_scope=True)
    elsewhere = person_create(
        created_by=None, office=other_office, surname="Xusanov", given_name="Sherzod"
    )
    client = client_for(national)
    page = client.get(merge_url(cyrillic, other=elsewhere.pk)).content.decode()
    assert 'role="alert"' in page and 'name="reason"' not in page
    client.post(merge_url(cyrillic), {"other": elsewhere.pk, "keep": cyrillic.pk, "reason": "x"})
    assert not PersonMerge.objects.exists()
    coordinator = make_staff(Role.COORDINATOR, national_scope=True)
    client_for(coordinator).post(
        merge_url(cyrillic), {"other": elsewhere.pk, "keep": cyrillic.pk, "reason": "паспорт"}
    )
    assert PersonMerge.objects.get().source == elsewhere
