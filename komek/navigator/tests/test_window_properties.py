"""The rolling window against a day-by-day count, for random stays and counting methods."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from komek.navigator.engine import Situation, Stay, rolling_window
from komek.navigator.models import Rule

START = date(2023, 1, 1)
ONE_DAY = timedelta(days=1)


@st.composite
def windows(draw):
    width = draw(st.integers(min_value=1, max_value=200))
    return Rule(
        pk=1,
        kind="rolling_window",
        days=draw(st.integers(min_value=1, max_value=width)),
        window_days=width,
        entry_day_counts=draw(st.booleans()),
        exit_day_counts=draw(st.booleans()),
    )


@st.composite
def situations(draw):
    """Up to 10 earlier stays (overlapping ones too) within 400 days before the current
    entry, which lies 0–400 days before the day of evaluation."""
    entered = START + timedelta(days=draw(st.integers(min_value=400, max_value=800)))
    stays = []
    for _ in range(draw(st.integers(min_value=0, max_value=10))):
        first = entered - timedelta(days=draw(st.integers(min_value=0, max_value=400)))
        length = draw(st.integers(min_value=0, max_value=120))
        stays.append(Stay(first, min(first + timedelta(days=length), entered)))
    on = entered + timedelta(days=draw(st.integers(min_value=0, max_value=400)))
    return Situation(citizenship="UZ", entered=entered, on=on, stays=tuple(stays))


def stay_days(rule: Rule, situation: Situation) -> set[date]:
    """Each day of stay, one at a time, as the rule counts them."""
    days = set()
    periods = [(stay.entered, stay.left, False) for stay in situation.stays]
    periods.append((situation.entered, situation.on, True))
    for entered, left, current in periods:
        day = entered
        while day <= left:
            entry_ok = day != entered or rule.entry_day_counts
            exit_ok = current or day != left or rule.exit_day_counts
            if entry_ok and exit_ok and day <= situation.on:
                days.add(day)
            day += ONE_DAY
    return days


def used(days: set[date], width: int, on: date) -> int:
    return sum(1 for day in days if on - timedelta(days=width - 1) <= day <= on)


def brute_force(rule: Rule, situation: Situation) -> tuple:
    days = stay_days(rule, situation)
    limit, width, on = rule.days, rule.window_days, situation.on
    days_used = used(days, width, on)
    over = None
    day = situation.entered
    while day <= on:
        if used(days, width, day) > limit:
            over = day
            break
        day += ONE_DAY
    due = None
    if over is not None:
        due = over - ONE_DAY
    elif limit < width:
        staying = set(days)
        day = on
        while True:
            staying.add(day + ONE_DAY)
            if used(staying, width, day + ONE_DAY) > limit:
                due = day
                break
            day += ONE_DAY
    frees = None
    if days_used >= limit:
        day = on + ONE_DAY
        while used(days, width, day) >= limit:
            day += ONE_DAY
        frees = day
    return days_used, max(0, limit - days_used), due, over, frees


@settings(max_examples=150, deadline=None)
@given(windows(), situations())
def test_the_window_equals_a_day_by_day_count(rule, situation):
    window = rolling_window(rule, situation)
    got = (
        window.days_used,
        window.days_left,
        window.due,
        window.overstaying_since,
        window.frees_on,
    )
    assert got == brute_force(rule, situation)


@settings(max_examples=300, deadline=None)
@given(windows(), situations())
def test_days_used_never_exceed_the_window(rule, situation):
    assert 0 <= rolling_window(rule, situation).days_used <= rule.window_days


@settings(max_examples=300, deadline=None)
@given(windows(), situations(), st.integers(min_value=0, max_value=400))
def test_a_further_day_of_stay_never_lowers_the_days_used(rule, situation, back):
    before = rolling_window(rule, situation).days_used
    extra = situation.entered - timedelta(days=back)
    more = Situation(
        citizenship=situation.citizenship,
        entered=situation.entered,
        on=situation.on,
        stays=(*situation.stays, Stay(extra, extra)),
    )
    assert rolling_window(rule, more).days_used >= before
