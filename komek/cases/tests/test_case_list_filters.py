"""The case list's "my open cases" and "overdue" filters, case by case on the edges: what
is done, due today or answered does not count as late; what is closed or someone else's
is not "mine"; what the user may not see stays out of both."""

from datetime import date, timedelta

import pytest
import time_machine

from komek.cases import selectors, services
from komek.cases.models import Status
from komek.cases.referrals import referral_answer
from komek.cases.tests.conftest import send
from komek.core.roles import Role

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def colleague(make_staff):
    return make_staff(Role.LAWYER, username="aigerim")


@pytest.fixture
def open_case(lawyer, client_person, topic):
    def factory(title, *, by=lawyer, **extra):
        return services.case_open(
            opened_by=by, client=client_person, kind="legal", category=topic, title=title, **extra
        )

    return factory


def task(case, user, *, due_on):
    return services.task_add(
        case=case, created_by=user, title=f"{case.title}: позвонить", assignee=user, due_on=due_on
    )


def titles(cases) -> set[str]:
    return {case.title for case in cases}


@pytest.fixture
def cases(open_case, lawyer, colleague, embassy, consented, make_staff, other_office):
    """A lawyer's cases and their colleague's, each on one edge of the two filters."""
    yesterday = TODAY - timedelta(days=1)
    late = open_case("late task")
    task(late, lawyer, due_on=yesterday)
    done = open_case("task done")
    services.task_done(case_task=task(done, lawyer, due_on=yesterday), done_by=lawyer)
    task(open_case("task due today"), lawyer, due_on=TODAY)
    answered_late = open_case("referral answered late")
    referral = send(answered_late, lawyer, embassy, sent_on=TODAY - timedelta(days=30))
    referral_answer(
        referral=referral, recorded_by=lawyer, answered_on=yesterday, answer="Да", outcome="done"
    )
    unanswered = open_case("referral unanswered", by=colleague)
    send(unanswered, colleague, embassy, sent_on=TODAY - timedelta(days=15))
    awaited = open_case("referral awaited until today")
    send(awaited, lawyer, embassy, sent_on=TODAY - timedelta(days=14))
    closed = open_case("closed with a late task")
    task(closed, lawyer, due_on=yesterday)
    services.case_move(case=closed, moved_by=lawyer, to=Status.IN_PROGRESS, assigned=True)
    services.case_move(
        case=closed, moved_by=lawyer, to=Status.RESOLVED, assigned=True, outcome="documents"
    )
    open_case("sensitive and mine", sensitive=True)
    secret = open_case("sensitive, someone else's", by=colleague, sensitive=True)
    task(secret, colleague, due_on=yesterday)
    elsewhere = make_staff(Role.LAWYER, username="dana", office=other_office)
    far = open_case("another office's", by=elsewhere, assign=[lawyer])
    task(far, elsewhere, due_on=yesterday)


def test_my_open_cases_are_the_open_ones_assigned_to_me_that_i_may_see(cases, lawyer):
    mine = selectors.case_list(user=lawyer, mine=True, open_only=True)
    assert titles(mine) == {
        "Паспорт",
        "late task",
        "task done",
        "task due today",
        "referral answered late",
        "referral awaited until today",
        "sensitive and mine",
    }


def test_my_cases_include_the_closed_ones_without_open_only(cases, lawyer):
    assert "closed with a late task" in titles(selectors.case_list(user=lawyer, mine=True))


def test_overdue_cases_have_an_open_task_or_an_unanswered_referral_past_its_date(cases, lawyer):
    overdue = selectors.case_list(user=lawyer, overdue=True)
    assert titles(overdue) == {"late task", "referral unanswered", "closed with a late task"}


def test_my_open_overdue_cases_combine_both_filters(cases, lawyer):
    assert titles(selectors.case_list(user=lawyer, mine=True, open_only=True, overdue=True)) == {
        "late task"
    }


def test_a_coordinator_sees_every_overdue_case_of_the_office_sensitive_ones_too(cases, make_staff):
    coordinator = make_staff(Role.COORDINATOR)
    overdue = titles(selectors.case_list(user=coordinator, overdue=True))
    assert overdue == {
        "late task",
        "referral unanswered",
        "closed with a late task",
        "sensitive, someone else's",
    }
