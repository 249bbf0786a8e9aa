"""The commands in their exact forms: ``komek trainings --json`` and
``komek import_participants EVENT_ID FILE [--by USERNAME]``."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from komek.core.roles import Role
from komek.trainings.models import Certificate, Enrolment, Participant
from komek.trainings.tests.factories import enrol, make_event, make_participant


@pytest.fixture
def coordinator(make_staff):
    return make_staff(Role.COORDINATOR, username="coordinator")


def run(*argv) -> str:
    out = StringIO()
    call_command(*argv, stdout=out)
    return out.getvalue()


def certify(enrolment, user, *, revoked: bool = False) -> None:
    Certificate.objects.create(
        enrolment=enrolment,
        number=f"C-{enrolment.pk}",
        issued_by=user,
        revoked_at=timezone.now() if revoked else None,
    )


def test_trainings_json_counts_participants_and_standing_certificates(office, coordinator):
    event = make_event(office=office, user=coordinator, title="Семинар «Закон»", region="KZ-33")
    empty = make_event(office=office, user=coordinator, title="Пусто", region="KZ-10")
    kept, revoked, _none = (
        enrol(event, make_participant(given_name=name), user=coordinator)
        for name in ("Ерлан", "Асель", "Дана")
    )
    certify(kept, coordinator)
    certify(revoked, coordinator, revoked=True)
    assert json.loads(run("trainings", "--json")) == [
        {"id": event.pk, "title": "Семинар «Закон»", "region": "KZ-33",
         "start": "2026-10-05", "participants": 3, "certified": 1},
        {"id": empty.pk, "title": "Пусто", "region": "KZ-10",
         "start": "2026-10-05", "participants": 0, "certified": 0},
    ]  # fmt: skip


def list_file(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "list.csv"
    path.write_text("\n".join(["Фамилия;Имя;Пол;Ведомство", *rows]), encoding="utf-8")
    return path


def test_import_participants_enrols_and_names_those_recognised(tmp_path, office, coordinator):
    event = make_event(office=office, user=coordinator)
    make_participant(surname="Ахметов", given_name="Ерлан")
    path = list_file(tmp_path, ["Ахметов;Ерлан;м;МП", "Ким;Ольга;ж;суд"])
    out = run("import_participants", str(event.pk), str(path), "--by", "coordinator")
    assert "row 2: Ахметов Ерлан is in the registry already" in out
    assert "2 rows" in out and "1 new participants" in out
    assert Enrolment.objects.filter(event=event).count() == 2
    assert set(Enrolment.objects.values_list("enrolled_by", flat=True)) == {coordinator.pk}


def test_import_participants_refuses_a_broken_file_whole(tmp_path, office, coordinator):
    event = make_event(office=office, user=coordinator)
    path = list_file(tmp_path, ["Ким;Ольга;ж;суд", "Омаров;Бауыржан;?;суд"])
    with pytest.raises(CommandError) as refused:
        run("import_participants", str(event.pk), str(path))
    message = str(refused.value)
    assert "nothing imported" in message
    assert ("row 3" in message or "строка 3" in message) and "?" in message
    assert not Participant.objects.exists()


def test_import_participants_refuses_a_user_who_may_not_organise(
    tmp_path, office, coordinator, make_staff
):
    make_staff(Role.LAWYER, username="lawyer")
    event = make_event(office=office, user=coordinator)
    with pytest.raises(CommandError, match="--by: lawyer may not"):
        run("import_participants", str(event.pk), str(list_file(tmp_path, [])), "--by", "lawyer")


def test_import_participants_names_an_unknown_event(tmp_path, db):
    with pytest.raises(CommandError, match="EVENT_ID: no training event 404"):
        run("import_participants", "404", str(list_file(tmp_path, [])))
