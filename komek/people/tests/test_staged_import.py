"""A long import does not hold the database: its people are written in committed
batches that nobody sees until the last moment, so page views (each writes an audit row)
go on meanwhile, and a failed import leaves nothing behind."""

import threading

import pytest
from django.db import IntegrityError, connection

from komek.audit.models import Action, AuditEntry
from komek.audit.services import record
from komek.core import staging
from komek.core.models import ImportBatch
from komek.people import importing
from komek.people.models import Person, PersonName, Phone

pytestmark = pytest.mark.django_db(transaction=True)

HEADERS = ["ref", "surname", "given_name", "phone"]
ROWS = [[f"R{n}", "Хусанов", f"Шерзод{n}", f"+99890123456{n}"] for n in range(6)]


@pytest.fixture(autouse=True)
def _small_batches(monkeypatch):
    monkeypatch.setattr(staging, "BATCH_SIZE", 2)


def in_another_connection(work):
    """Run ``work`` in a thread, which has its own database connection, and return what
    it returned or raise what it raised."""
    outcome = {}

    def target():
        try:
            outcome["value"] = work()
        except Exception as error:  # handed to the test's thread
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def test_between_batches_a_page_view_writes_its_audit_row_and_sees_no_imported_person(office):
    rows = importing.validate(HEADERS, ROWS, office=office, mapping={})
    seen = []

    def progress(done: int, total: int) -> None:
        def page_view():
            record(actor=None, action=Action.VIEW, detail=f"page view at {done}")
            return Person.objects.count(), Person.with_staged.count()

        seen.append(in_another_connection(page_view))

    importing.write(rows, imported_by=None, source="people.csv", progress=progress)

    # Written and committed batch by batch, yet invisible until the import's end.
    assert seen == [(0, 2), (0, 4), (0, 6)]
    assert AuditEntry.objects.filter(detail__startswith="page view").count() == 3
    assert Person.objects.count() == 6
    assert not ImportBatch.objects.exists()


def test_an_import_that_fails_half_way_leaves_nothing(office):
    rows = importing.validate(HEADERS, ROWS, office=office, mapping={})
    # Someone registers R3 meanwhile: the second batch breaks the unique registry number.
    Person.objects.create(office=office, ref="R3", given_name="Другой")

    with pytest.raises(IntegrityError):
        importing.write(rows, imported_by=None, source="people.csv", progress=lambda *_: None)

    assert list(Person.with_staged.values_list("given_name", flat=True)) == ["Другой"]
    assert not Phone.objects.exists()
    assert not PersonName.objects.exclude(person__given_name="Другой").exists()
    assert not ImportBatch.objects.exists()
    assert not AuditEntry.objects.filter(detail__startswith="import_people").exists()


def test_the_batches_of_an_import_whose_process_died_are_discarded_later(office, settings):
    rows = importing.validate(HEADERS, ROWS[:2], office=office, mapping={})
    batch = ImportBatch.objects.create(kind="import_people")
    with staging.writing(batch):
        importing._write_batch(rows, batch=batch, imported_by=None)
    assert (Person.objects.count(), Person.with_staged.count()) == (0, 2)

    assert staging.discard_abandoned() == 0
    assert staging.discard_abandoned(now=batch.touched_at + staging.ABANDONED_AFTER * 2) == 1
    assert not Person.with_staged.exists()
