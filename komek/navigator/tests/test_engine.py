"""The engine on hand-made rules, without the database: which version applies, which one
is followed, how deadlines and working days are counted, and the order of statuses."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from komek.navigator.engine import (
    Calendar,
    Membership,
    Rulebook,
    Situation,
    Stay,
    applies,
    evaluate,
)
from komek.navigator.models import Rule


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def rule(pk: int, kind: str = "stay_unregistered", **fields) -> Rule:
    defaults = {
        "code": f"rule-{pk}",
        "name": f"Rule {pk}",
        "source_act": "Act",
        "days": 5,
        "counting": "calendar",
        "count_from": "day_after",
    }
    return Rule(pk=pk, kind=kind, **{**defaults, **fields})


def book(*rules: Rule, groups=None, members=None, calendar=None) -> Rulebook:
    return Rulebook(
        rules=rules,
        rule_groups=groups or {},
        members=members or {},
        calendar=Calendar(calendar or {}),
    )


def situation(**fields) -> Situation:
    defaults = {"citizenship": "UZ", "entered": date(2023, 2, 1), "on": date(2023, 2, 3)}
    return Situation(**{**defaults, **fields})


def line(evaluation, code):
    (found,) = [line for line in evaluation.obligations if line.code == code]
    return found


def test_the_rule_of_highest_precedence_is_followed_and_the_other_named_in_why():
    general = rule(1, days=5, name="General")
    special = rule(2, days=30, precedence=10, name="Special")
    answer = evaluate(situation(), book(general, special))
    register = line(answer, "register")
    assert register.rule is special
    assert register.due == date(2023, 3, 3)
    assert any("General" in why and "yields" in why for why in register.why)


def test_on_equal_precedence_the_latest_in_force_then_the_oldest_row_is_followed():
    old = rule(1, days=5, valid_from=date(2012, 1, 1))
    new = rule(2, days=7, valid_from=date(2020, 1, 1))
    assert line(evaluate(situation(), book(old, new)), "register").rule is new
    twin = rule(3, days=9, valid_from=date(2020, 1, 1))
    assert line(evaluate(situation(), book(twin, new)), "register").rule is new


def test_a_rule_is_judged_by_the_date_of_entry_or_the_day_of_evaluation():
    by_entry = rule(1, valid_from=date(2023, 1, 27))
    by_day = rule(2, valid_from=date(2023, 1, 27), judged_by="evaluation")
    before = situation(entered=date(2023, 1, 26), on=date(2023, 2, 1))
    assert not applies(by_entry, book(by_entry), before)
    assert applies(by_day, book(by_day), before)


def test_valid_from_and_valid_to_are_both_in_force():
    bounded = rule(1, valid_from=date(2015, 1, 1), valid_to=date(2015, 12, 31))
    assert applies(bounded, book(bounded), situation(entered=date(2015, 1, 1)))
    assert applies(bounded, book(bounded), situation(entered=date(2015, 12, 31)))
    assert not applies(bounded, book(bounded), situation(entered=date(2016, 1, 1)))
    assert not applies(bounded, book(bounded), situation(entered=date(2014, 12, 31)))


def test_a_group_covers_a_country_only_while_it_is_a_member():
    eaeu = rule(1)
    rules = book(
        eaeu,
        groups={1: ("eaeu",)},
        members={"eaeu": (Membership("KG", date(2015, 8, 12), None),)},
    )
    assert not applies(eaeu, rules, situation(citizenship="KG", entered=date(2015, 8, 11)))
    assert applies(eaeu, rules, situation(citizenship="KG", entered=date(2015, 8, 12)))
    assert not applies(eaeu, rules, situation(citizenship="UZ", entered=date(2015, 8, 12)))


def test_citizenships_purposes_and_documents_decide_whether_a_rule_applies():
    kyrgyz = rule(1, countries=["KG"])
    assert applies(kyrgyz, book(kyrgyz), situation(citizenship="KG"))
    assert not applies(kyrgyz, book(kyrgyz), situation(citizenship="UZ"))
    work = rule(2, purposes=["work"])
    assert applies(work, book(work), situation(purpose="work"))
    assert not applies(work, book(work), situation(purpose=""))
    contract = rule(3, requires=["employment_contract"], excludes=["residence_permit"])
    assert applies(contract, book(contract), situation(documents={"employment_contract"}))
    assert not applies(contract, book(contract), situation())
    both = situation(documents={"employment_contract", "residence_permit"})
    assert not applies(contract, book(contract), both)


def test_registration_counts_as_held_from_the_day_it_was_done():
    registered = rule(1, requires=["registration"])
    rules = book(registered)
    assert applies(registered, rules, situation(registered=date(2023, 2, 2)))
    assert not applies(registered, rules, situation(registered=date(2023, 2, 10)))
    assert not applies(registered, rules, situation())


def test_calendar_deadlines_count_the_day_of_entry_or_start_the_day_after():
    counting_entry = rule(1, days=30, count_from="entry")
    counting_after = rule(2, days=30, count_from="day_after")
    assert line(evaluate(situation(), book(counting_entry)), "register").due == date(2023, 3, 2)
    assert line(evaluate(situation(), book(counting_after)), "register").due == date(2023, 3, 3)


def test_working_days_skip_weekends_and_holidays_and_count_a_working_weekend_day():
    calendar = {
        date(2023, 2, 2): "holiday",  # Thursday
        date(2023, 2, 3): "day_off",  # Friday
        date(2023, 2, 4): "working",  # Saturday
    }
    working = rule(1, days=3, counting="working", count_from="day_after")
    # Entered Wednesday 1 Feb: Saturday 4 (1), Monday 6 (2), Tuesday 7 (3).
    answer = evaluate(situation(), book(working, calendar=calendar))
    assert line(answer, "register").due == date(2023, 2, 7)
    assert Calendar(calendar).nth_working(date(2023, 2, 1), 1) == date(2023, 2, 1)


def test_registration_overdue_from_the_day_after_the_deadline_unless_registered_in_time():
    register = rule(1, days=5)
    late = evaluate(situation(on=date(2023, 2, 7)), book(register))
    assert (late.status, late.status_since) == ("registration_overdue", date(2023, 2, 7))
    done = evaluate(situation(on=date(2023, 2, 7), registered=date(2023, 2, 6)), book(register))
    assert done.status == "in_order"
    assert line(done, "register").met is True
    last_day = evaluate(situation(on=date(2023, 2, 6)), book(register))
    assert last_day.status == "in_order"


def test_overstaying_outranks_registration_overdue_which_outranks_work_without_permit():
    register = rule(1, days=5)
    leave = rule(2, kind="max_stay", days=10, count_from="entry")
    work = rule(3, kind="work_authorisation", permit="employer")
    rules = book(register, leave, work)
    answer = evaluate(situation(on=date(2023, 2, 20), purpose="work"), rules)
    assert (answer.status, answer.status_since) == ("overstaying", date(2023, 2, 11))
    answer = evaluate(situation(on=date(2023, 2, 8), purpose="work"), rules)
    assert (answer.status, answer.status_since) == ("registration_overdue", date(2023, 2, 7))
    answer = evaluate(situation(on=date(2023, 2, 2), purpose="work"), rules)
    assert (answer.status, answer.status_since) == ("working_without_permit", None)
    held = situation(on=date(2023, 2, 2), purpose="work", documents={"work_permit"})
    assert evaluate(held, rules).status == "in_order"


def test_work_is_explained_only_to_someone_who_works():
    work = rule(1, kind="work_authorisation", permit="none")
    assert evaluate(situation(purpose="private"), book(work)).obligations == ()
    contract = situation(purpose="private", documents={"employment_contract"})
    assert line(evaluate(contract, book(work)), "work").met is True


def test_every_permit_that_applies_is_a_way_to_work_unless_one_rule_needs_none():
    household = rule(1, kind="work_authorisation", permit="household", precedence=5)
    employer = rule(2, kind="work_authorisation", permit="employer")
    works = situation(purpose="work")
    answer = evaluate(works, book(household, employer))
    ways = [line for line in answer.obligations if line.code == "work"]
    assert [way.rule.pk for way in ways] == [1, 2]
    assert all(way.title.startswith("One way to work: ") for way in ways)
    assert answer.status == "working_without_permit"
    free = rule(3, kind="work_authorisation", permit="none", precedence=10)
    answer = evaluate(works, book(household, employer, free))
    assert [way.rule.pk for way in answer.obligations if way.code == "work"] == [3]
    assert answer.status == "in_order"


def test_every_fee_quota_and_document_rule_is_shown():
    fees = [rule(pk, kind="permit_fee", amount_mci=Decimal("2")) for pk in (1, 2)]
    quota = rule(3, kind="quota")
    document = rule(4, kind="document_needed", document="migration_card")
    answer = evaluate(situation(), book(*fees, quota, document))
    assert sorted(line.code for line in answer.obligations) == ["document", "fee", "fee", "quota"]


def test_sanctions_at_risk_are_those_of_the_status_held_or_ahead():
    register = rule(1, days=5)
    fine = rule(2, kind="sanction", for_status="registration_overdue", amount_mci=Decimal("10"))
    other = rule(3, kind="sanction", for_status="working_without_permit")
    ahead = evaluate(situation(), book(register, fine, other))
    assert [(line.rule, line.due) for line in ahead.sanctions] == [(fine, date(2023, 2, 7))]
    assert "10 MCI" in ahead.sanctions[0].title
    now = evaluate(situation(on=date(2023, 2, 10)), book(register, fine, other))
    assert [line.due for line in now.sanctions] == [date(2023, 2, 7)]


def test_the_rolling_window_counts_each_day_once_and_says_when_it_frees_up():
    window = rule(1, kind="rolling_window", days=5, window_days=10)
    stays = (Stay(date(2023, 1, 27), date(2023, 1, 29)), Stay(date(2023, 1, 28), date(2023, 1, 30)))
    answer = evaluate(
        situation(entered=date(2023, 2, 1), on=date(2023, 2, 1), stays=stays), book(window)
    )
    # 27–30 January and 1 February: 5 of 5 used; 27 January leaves the window on 6 February.
    assert (answer.days_used, answer.days_left) == (5, 0)
    assert answer.window_frees_on == date(2023, 2, 6)
    assert line(answer, "leave_window").due == date(2023, 2, 1)
    assert answer.counting == {"entry_day_counts": True, "exit_day_counts": True}


def test_unverified_rules_are_marked_in_why():
    answer = evaluate(situation(), book(rule(1)))
    assert "not verified by a lawyer" in line(answer, "register").why[0]
    assert "rule-1" in line(answer, "register").why[0]


def test_why_gives_the_arithmetic_with_short_dates_of_the_active_language():
    with translation.override("ru"):
        arithmetic = line(evaluate(situation(), book(rule(1))), "register").why[1]
    assert "01.02.2023" in arithmetic
    assert "06.02.2023" in arithmetic


def test_a_situation_survives_json():
    original = situation(
        stays=(Stay(date(2022, 5, 1), date(2022, 6, 1)),),
        purpose="work",
        registered=date(2023, 2, 2),
        documents=frozenset({"passport", "work_permit"}),
    )
    assert Situation.from_json(original.as_json()) == original
    assert original.as_json()["documents"] == ["passport", "work_permit"]


def test_the_rules_used_are_listed_once():
    register = rule(1)
    fine = rule(2, kind="sanction", for_status="registration_overdue")
    answer = evaluate(situation(), book(register, fine))
    assert answer.rules == (register, fine)


def test_a_rule_without_its_numbers_gives_a_line_without_a_due_date():
    register = rule(1, days=None, counting="working", name="Register somehow")
    window = rule(2, kind="rolling_window", days=None, window_days=None)
    answer = evaluate(situation(), book(register, window))
    assert [(line.code, line.title, line.due) for line in answer.obligations] == [
        ("register", "Register somehow", None)
    ]
    assert answer.days_used is None
