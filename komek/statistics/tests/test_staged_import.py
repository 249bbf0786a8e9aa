"""A table is written in committed batches that nobody sees, then numbered and made
current in one short transaction; a table that fails half-way leaves no dataset, no
version and no figure behind."""

import pytest

from komek.core import staging
from komek.core.models import ImportBatch
from komek.statistics import importing
from komek.statistics.models import Dataset, DatasetVersion, Observation

pytestmark = pytest.mark.django_db(transaction=True)

HEADERS = ["period_from", "period_to", "territory", "value"]
ROWS = [["2025-01-01", "2025-03-31", f"Region {n}", str(n)] for n in range(12)]


class Broken(Exception):
    pass


@pytest.fixture(autouse=True)
def _small_batches(monkeypatch):
    monkeypatch.setattr(staging, "BATCH_SIZE", 1)


def parsed() -> importing.Parsed:
    return importing.parse(HEADERS, ROWS, importing.guess_mapping(HEADERS))


def write(**extra) -> DatasetVersion:
    return importing.write(
        parsed(),
        code="regs",
        title="Regs",
        file_name="t.csv",
        sha256="0",
        imported_by=None,
        **extra,
    )


def test_a_new_version_is_invisible_until_its_last_batch_is_written():
    write()
    seen = []

    def progress(done: int, total: int) -> None:
        version = DatasetVersion.with_staged.get(import_batch__isnull=False)
        seen.append((done, list(Dataset.objects.get().versions.values_list("number", flat=True))))
        assert version.observations.count() == done

    version = write(progress=progress)

    assert seen == [(5, [1]), (10, [1]), (12, [1])]
    assert (version.number, version.is_current, version.observations.count()) == (2, True, 12)
    assert list(DatasetVersion.objects.filter(is_current=True)) == [version]
    assert not ImportBatch.objects.exists()


def test_a_new_dataset_that_fails_half_way_leaves_nothing():
    def progress(done: int, total: int) -> None:
        assert not Dataset.objects.exists()
        raise Broken

    with pytest.raises(Broken):
        write(progress=progress)

    assert not Dataset.with_staged.exists()
    assert not DatasetVersion.with_staged.exists()
    assert not Observation.objects.exists()
    assert not ImportBatch.objects.exists()
