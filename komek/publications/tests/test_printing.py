"""Print runs, copies handed out and the stock of each office: never more handed out than
an office holds, never copies of an edition withdrawn or superseded (they stay in the
stock, flagged), each office's staff recording and seeing their own office's copies."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from komek.audit.models import Action, AuditEntry
from komek.core import demo as core_demo
from komek.core.roles import Role
from komek.partners.services import partner_create
from komek.publications import demo as publications_demo
from komek.publications import pdf, printing, services
from komek.publications.models import Channel, EditionFile, FileKind, Handout, PrintRun
from komek.publications.tests.printed import an_edition, hand_out, print_copies


@pytest.fixture(autouse=True)
def _in_english():
    # The services' refusals are read in English, whatever the catalogs say in Russian.
    with translation.override("en"):
        yield


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


def test_a_coordinator_records_a_print_run_and_an_operator_copies_handed_out_on_the_pages(
    client_for, edition, office, coordinator, operator
):
    response = client_for(coordinator).post(
        reverse("publications:print_run_add"),
        {
            "edition": edition.pk,
            "office": office.pk,
            "quantity": 200,
            "printer": "Полиграф",
            "cost": "45000.00",
            "currency": "KZT",
            "project_code": "iom-2026",
            "printed_on": "2026-10-05",
        },
    )
    assert response.status_code == 302
    run = PrintRun.objects.get()
    assert (run.quantity, run.cost, run.recorded_by) == (200, Decimal("45000.00"), coordinator)
    client = client_for(operator)
    handout = {
        "edition": edition.pk,
        "office": office.pk,
        "channel": Channel.TRAINING,
        "place": "Тренинг в ЦОН",
        "quantity": 250,
        "handed_out_on": "2026-10-20",
    }
    refused = client.post(reverse("publications:handout_add"), handout)
    assert refused.status_code == 400
    assert "в запасе 200 экз." in refused.content.decode()
    assert Handout.objects.count() == 0
    assert (
        client.post(reverse("publications:handout_add"), handout | {"quantity": 50}).status_code
        == 302
    )
    page = client.get(reverse("publications:stock")).content.decode()
    assert "Памятка мигранту" in page and ">150<" in page
    runs = client.get(reverse("publications:print_runs")).content.decode()
    assert "Полиграф" in runs and "Тренинг в ЦОН" in runs


def test_the_stock_page_flags_the_copies_of_a_withdrawn_edition(
    client_for, edition, office, coordinator, operator
):
    print_copies(edition, office, coordinator, quantity=40)
    services.edition_withdraw(user=coordinator, edition=edition, reason="Закон изменился")
    page = client_for(operator).get(reverse("publications:stock")).content.decode()
    assert 'class="table-warning"' in page
    form = client_for(operator).get(reverse("publications:handout_add")).content.decode()
    assert "Памятка мигранту" not in form  # only current editions are offered


def test_an_operator_may_not_record_a_print_run_nor_a_translator_see_the_stock(
    client_for, operator, make_staff
):
    assert client_for(operator).get(reverse("publications:print_run_add")).status_code == 403
    translator = make_staff(Role.TRANSLATOR)
    assert client_for(translator).get(reverse("publications:stock")).status_code == 403


def test_a_coordinator_makes_the_booklet_and_any_staff_member_downloads_it(
    needs_pdf_tools, client_for, edition, coordinator, operator, django_capture_on_commit_callbacks
):
    files_url = reverse("publications:edition_files", args=[edition.pk])
    make = reverse("publications:edition_file_make", args=[edition.pk])
    assert make not in client_for(operator).get(files_url).content.decode()
    assert make in client_for(coordinator).get(files_url).content.decode()
    assert client_for(operator).post(make, {"kind": FileKind.BOOKLET}).status_code == 403
    with django_capture_on_commit_callbacks(execute=False):
        response = client_for(coordinator).post(make, {"kind": FileKind.BOOKLET})
    job = EditionFile.objects.get()
    assert response["Location"] == reverse("publications:edition_file_status", args=[job.pk])
    client = client_for(operator)
    status_url = reverse("publications:edition_file_status", args=[job.pk])
    waiting = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in waiting and "<html" not in waiting
    download = reverse("publications:edition_file_download", args=[job.pk])
    assert download not in waiting
    assert client.get(download).status_code == 404
    pdf.write_file.call(job.pk)
    assert download in client.get(status_url).content.decode()
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="pamyatka-ru-1-booklet.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    listed = client.get(files_url).content.decode()
    assert download in listed


def test_no_file_is_made_of_an_edition_no_longer_current(client_for, edition, coordinator):
    services.edition_withdraw(user=coordinator, edition=edition, reason="Закон изменился")
    make = reverse("publications:edition_file_make", args=[edition.pk])
    assert client_for(coordinator).post(make, {"kind": FileKind.BOOKLET}).status_code == 403
    assert EditionFile.objects.count() == 0


def test_the_demo_prints_the_russian_booklet_and_hands_copies_out_at_a_training(db):
    core_demo.load("accounts")
    publications_demo.load()
    assert printing.demo_load() == 440
    assert printing.demo_load() == 440  # loaded again: nothing added
    run = PrintRun.objects.get()
    assert (run.edition.material.slug, run.edition.language) == ("pamyatka-migrantu", "ru")
    assert Handout.objects.get().channel == Channel.TRAINING
