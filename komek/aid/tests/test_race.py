"""Twenty social workers hand out the last five kits at the same moment: five get one,
fifteen are told the stock is out, and the stock ends at zero in the batches and in the
ledger. Without the batches' row locks some of them would take a kit that is gone."""

import threading

import pytest
from django.db import connection

from komek.aid import services
from komek.aid.models import Batch, Distribution
from komek.core.roles import Role

THREADS = 20


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite writes one at a time: no race to lose"
)
@pytest.mark.django_db(transaction=True)
def test_twenty_hand_outs_of_the_last_five_kits(
    office, food, line, coordinator, make_staff, make_person
):
    services.receive(office=office, kind=food, quantity=5, by=coordinator, budget_line=line)
    jobs = [
        (make_person(f"Получатель {n}"), make_staff(Role.SOCIAL_WORKER)) for n in range(THREADS)
    ]
    start = threading.Barrier(THREADS)
    given: list[int] = []
    refused: list[str] = []
    failures: list[BaseException] = []

    def hand_out(person, worker) -> None:
        try:
            start.wait()
            given.append(
                services.distribute(person=person, office=office, items=[(food, 1)], by=worker).pk
            )
        except services.AidRefused as refusal:
            refused.append(refusal.rule)
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=hand_out, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(given) == 5
    assert refused == ["stock"] * 15
    assert Distribution.objects.count() == 5
    assert (
        sum(Batch.objects.filter(office=office, kind=food).values_list("quantity", flat=True)) == 0
    )
    assert services.ledger_balance(office, food) == 0


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite writes one at a time: no race to lose"
)
@pytest.mark.django_db(transaction=True)
def test_a_double_submit_at_the_same_moment_gives_one_distribution(
    office, food, line, social, coordinator, person, monthly_food
):
    services.receive(office=office, kind=food, quantity=5, by=coordinator, budget_line=line)
    start = threading.Barrier(2)
    given: list[int] = []
    failures: list[BaseException] = []

    def submit() -> None:
        try:
            start.wait()
            given.append(
                services.distribute(
                    person=person, office=office, items=[(food, 1)], by=social, key="twice"
                ).pk
            )
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(given) == 2 and given[0] == given[1]
    assert Distribution.objects.count() == 1
    assert services.ledger_balance(office, food) == 4
