"""The days of stay in a rolling window: how many are used, when the current stay must
end, and when the window frees up again."""

from dataclasses import dataclass
from datetime import date, timedelta

from komek.navigator.engine.answer import Situation
from komek.navigator.engine.book import ONE_DAY
from komek.navigator.models import Rule


@dataclass(frozen=True)
class Window:
    days_used: int
    days_left: int
    due: date | None  # the last day the current stay may last
    overstaying_since: date | None
    frees_on: date | None


def stay_days(
    situation: Situation, *, entry_day_counts: bool, exit_day_counts: bool, start: date
) -> bytearray:
    """One byte per day from ``start`` to ``situation.on``: 1 for a day of stay. An
    earlier stay's exit day counts only if ``exit_day_counts``; the day of evaluation
    always counts (the person is still there)."""
    on = situation.on
    marks = bytearray((on - start).days + 1)
    stays = [(stay.entered, stay.left, False) for stay in situation.stays]
    stays.append((situation.entered, on, True))
    for entered, left, current in stays:
        first = entered if entry_day_counts else entered + ONE_DAY
        last = left if (current or exit_day_counts) else left - ONE_DAY
        first, last = max(first, start), min(last, on)
        if first <= last:
            lo, hi = (first - start).days, (last - start).days + 1
            marks[lo:hi] = b"\x01" * (hi - lo)
    return marks


def rolling_window(rule: Rule, situation: Situation) -> Window:
    """Days used on ``situation.on`` in the window of ``rule.window_days`` days ending that
    day, and what follows for the current stay; O(stays + window + current stay)."""
    limit, width, on = rule.days or 0, rule.window_days or 0, situation.on
    start = min(situation.entered, on) - timedelta(days=width)
    marks = stay_days(
        situation,
        entry_day_counts=rule.entry_day_counts,
        exit_day_counts=rule.exit_day_counts,
        start=start,
    )
    index_on = len(marks) - 1
    # used(D) for every D of the current stay, by a sliding window, to find the first
    # day it went over the limit.
    first_index = (situation.entered - start).days
    used = sum(marks[max(0, first_index - width + 1) : first_index + 1])
    overstaying_since = None
    for index in range(first_index, index_on + 1):
        if index > first_index:
            used += marks[index]
            if index - width >= 0:
                used -= marks[index - width]
        if used > limit and overstaying_since is None:
            overstaying_since = start + timedelta(days=index)
    days_used = used
    due = None
    if overstaying_since is None and limit < width:
        # Staying on: each further day adds one, a day leaving the window takes one off.
        future, d = used, 0
        while True:
            d += 1
            future += 1
            leaving = index_on + d - width
            if 0 <= leaving <= index_on:
                future -= marks[leaving]
            if future > limit:
                due = on + timedelta(days=d - 1)
                break
    elif overstaying_since is not None:
        due = overstaying_since - ONE_DAY
    frees_on = None
    if 0 < limit <= days_used:
        remaining, d = days_used, 0
        while remaining >= limit:
            d += 1
            leaving = index_on + d - width
            if 0 <= leaving <= index_on:
                remaining -= marks[leaving]
        frees_on = on + timedelta(days=d)
    return Window(
        days_used=days_used,
        days_left=max(0, limit - days_used),
        due=due,
        overstaying_since=overstaying_since,
        frees_on=frees_on,
    )
