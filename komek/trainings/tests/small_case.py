"""A small round of trainings whose figures are known, for the indicators and the map:

- a two-day seminar in Astana (October 2026): Ахметов (man, migration police, Astana)
  present both days, with tests 40 % → 80 %; Бекова (woman, labour inspection,
  Karaganda) one day, with tests 50 % → 60 %; Жоқ enrolled, never present;
- a round table in Karaganda (November 2026): Ахметов again, and Серикова (woman, labour
  inspection, Karaganda), who took only the pre-test;
- a cancelled seminar in Almaty with someone marked present, and a planned one nobody
  came to: neither was held;
- a seminar of another office in Shymkent, with one official present."""

import datetime

from komek.trainings.models import (
    Agency,
    Attempt,
    AttemptSource,
    EventStatus,
    Format,
    Test,
    TestKind,
)
from komek.trainings.tests.factories import enrol, make_event, make_participant


def scored(enrolment, kind: str, correct: int, total: int = 10) -> None:
    test, _created = Test.objects.get_or_create(event=enrolment.event, kind=kind)
    Attempt.objects.create(
        test=test, enrolment=enrolment, source=AttemptSource.PAPER, correct=correct, total=total
    )


def build(*, office, other_office, user) -> None:
    labour = {"agency": Agency.LABOUR_INSPECTION, "region": "KZ-35", "sex": "F"}
    akhmetov = make_participant()
    bekova = make_participant(surname="Бекова", given_name="Динара", **labour)
    serikova = make_participant(surname="Серикова", given_name="Асель", **labour)
    astana = make_event(office=office, user=user, days=2, starts_on=datetime.date(2026, 10, 5))
    first = enrol(astana, akhmetov, user=user)
    scored(first, TestKind.PRE, 4)
    scored(first, TestKind.POST, 8)
    second = enrol(astana, bekova, user=user, attended=False)
    second.attendance.create(day=astana.starts_on, marked_by=user)
    scored(second, TestKind.PRE, 5)
    scored(second, TestKind.POST, 6)
    enrol(astana, make_participant(surname="Жоқ"), user=user, attended=False)

    karaganda = make_event(
        office=office, user=user, days=1, starts_on=datetime.date(2026, 11, 10),
        region="KZ-35", city="Караганда", format=Format.ROUND_TABLE,
    )  # fmt: skip
    enrol(karaganda, akhmetov, user=user)
    scored(enrol(karaganda, serikova, user=user), TestKind.PRE, 3)

    almaty = {"region": "KZ-75", "city": "Алматы", "starts_on": datetime.date(2026, 9, 1)}
    cancelled = make_event(office=office, user=user, status=EventStatus.CANCELLED, **almaty)
    enrol(cancelled, make_participant(surname="Отменов"), user=user)
    enrol(make_event(office=office, user=user, **almaty), bekova, user=user, attended=False)

    shymkent = make_event(
        office=other_office, user=user, days=1, starts_on=datetime.date(2026, 10, 20),
        region="KZ-79", city="Шымкент",
    )  # fmt: skip
    enrol(shymkent, make_participant(surname="Другой", region="KZ-79"), user=user)
