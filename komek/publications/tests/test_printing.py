"""Print runs, copies handed out and the stock of each office: never more handed out than
an office holds, never copies of an edition withdrawn or superseded (they stay in the
stock, flagged), each office's staff recording and seeing their own office's copies."""

import pytest
from django.core.exceptions import ValidationError

from komek.audit.models import Action, AuditEntry
from komek.core.roles import Role
from komek.partners.services import partner_create
from komek.publications import printing, services
from komek.publications.models import Channel, Handout, PrintRun
from komek.publications.tests.printed import an_edition, hand_out, print_copies


@pytest.fixture
def operator(make_staff):
    return make_staff(Role.HOTLINE_OPERATOR, username="operator")


@pytest.fixture
def edition(coordinator):
    return an_edition(coordinator)


def test_printed_copies_enter_the_stock_and_handed_out_ones_leave_it(
    edition, office, coordinator, operator
):
    print_copies(edition, office, coordinator, quantity=100)
    hand_out(edition, office, operator, 30)
    hand_out(edition, office, operator, 5, channel=Channel.OFFICE, place="")
    [row] = printing.stock(user=operator)
    assert (row.printed, row.handed_out, row.left) == (100, 35, 65)
    assert row.do_not_hand_out is False


def test_the_print_run_and_the_handout_are_audited(edition, office, coordinator, operator):
    run = print_copies(edition, office, coordinator)
    handout = hand_out(edition, office, operator, 10)
    created = AuditEntry.objects.filter(action=Action.CREATE)
    assert created.filter(object_type="publications.PrintRun", object_id=str(run.pk)).exists()
    assert created.filter(object_type="publications.Handout", object_id=str(handout.pk)).exists()


def test_more_than_the_office_holds_cannot_be_handed_out(edition, office, coordinator, operator):
    print_copies(edition, office, coordinator, quantity=20)
    hand_out(edition, office, operator, 15)
    with pytest.raises(ValidationError, match="holds 5 copies"):
        hand_out(edition, office, operator, 6)
    assert Handout.objects.count() == 1


def test_another_offices_stock_does_not_count(
    edition, office, other_office, coordinator, make_staff
):
    print_copies(edition, office, coordinator, quantity=50)
    elsewhere = make_staff(Role.HOTLINE_OPERATOR, office=other_office)
    with pytest.raises(ValidationError, match="holds 0 copies"):
        hand_out(edition, other_office, elsewhere, 1)


def test_staff_record_copies_of_their_own_office_only(
    edition, office, other_office, coordinator, make_staff
):
    print_copies(edition, office, coordinator)
    elsewhere = make_staff(Role.COORDINATOR, office=other_office)
    with pytest.raises(ValidationError, match="your own office"):
        hand_out(edition, office, elsewhere, 1)
    with pytest.raises(ValidationError, match="your own office"):
        print_copies(edition, office, elsewhere)


def withdraw(edition, user):
    services.edition_withdraw(user=user, edition=edition, reason="Закон изменился")


def supersede(edition, user):
    an_edition(user, material=edition.material)


@pytest.mark.parametrize("retire", [withdraw, supersede])
def test_copies_of_an_edition_no_longer_current_are_flagged_and_not_handed_out(
    edition, office, coordinator, operator, retire
):
    print_copies(edition, office, coordinator, quantity=40)
    hand_out(edition, office, operator, 10)
    retire(edition, coordinator)
    edition.refresh_from_db()
    with pytest.raises(ValidationError, match="not to be handed out"):
        hand_out(edition, office, operator, 1)
    with pytest.raises(ValidationError, match="not to be handed out"):
        print_copies(edition, office, coordinator)
    [row] = printing.stock(user=operator)
    assert row.left == 30
    assert row.do_not_hand_out is True


def test_where_the_copies_went_is_named(edition, office, coordinator, operator):
    print_copies(edition, office, coordinator)
    with pytest.raises(ValidationError, match="outreach point or the training"):
        hand_out(edition, office, operator, 1, channel=Channel.OUTREACH, place=" ")
    with pytest.raises(ValidationError, match="partner organisation"):
        hand_out(edition, office, operator, 1, channel=Channel.PARTNER, place="")
    partner = partner_create(
        created_by=coordinator, office=office, name="Красный Полумесяц", kind="ngo", city="Астана"
    )
    given = hand_out(edition, office, operator, 3, channel=Channel.PARTNER, partner=partner)
    assert given.partner == partner


def test_each_office_sees_its_own_stock_and_a_national_role_every_office(
    edition, office, other_office, coordinator, make_staff
):
    print_copies(edition, office, coordinator, quantity=10)
    almaty_coordinator = make_staff(Role.COORDINATOR, office=other_office)
    print_copies(edition, other_office, almaty_coordinator, quantity=7)
    assert [row.printed for row in printing.stock(user=coordinator)] == [10]
    assert [row.printed for row in printing.stock(user=almaty_coordinator)] == [7]
    national = make_staff(Role.DATA_PROTECTION_OFFICER)
    assert sorted(row.printed for row in printing.stock(user=national)) == [7, 10]
    assert PrintRun.objects.count() == 2
