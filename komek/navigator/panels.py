"""What the navigator shows on lower pages: the advice a person was given, as it was
given, on their page; the latest advice's status beside a caller on the call log."""

from datetime import date

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import get_language

from komek.navigator import selectors
from komek.navigator.models import Advice
from komek.people.access import Access, access_level


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _as_given(advice: Advice) -> dict:
    """The advice's answer as kept (never evaluated again), its lines in the reader's
    language as they were given in it, with the rule versions it used; those since
    replaced are named so the page can warn of them."""
    answer = advice.answer
    rules = list(advice.rules.all())
    titles = answer.get("titles", {}).get((get_language() or "ru")[:2], {}).get("obligations")
    lines = answer.get("obligations", [])
    if titles and len(titles) == len(lines):
        lines = [{**line, "title": title} for line, title in zip(lines, titles, strict=True)]
    return {
        "advice": advice,
        "on": _day(answer.get("on")),
        "since": _day(answer.get("status_since")),
        "obligations": [{**line, "due": _day(line.get("due"))} for line in lines],
        "rules": rules,
        "changed": any(not rule.current for rule in rules),
    }


def render_person_advice(request: HttpRequest, person) -> str:
    entries = [
        _as_given(advice)
        for advice in selectors.advice_for_person(user=request.user, person=person)
    ]
    context = {"person": person, "entries": entries}
    return render_to_string("navigator/panels/person.html", context, request=request)


def render_callers_advice(request: HttpRequest, people: list) -> dict[int, str]:
    """Each caller's latest status and a check opening beside the call form, their advice
    read at once; nothing for a caller whose record the user may not open."""
    shown = [person for person in people if access_level(request.user, person) >= Access.FULL]
    latest = selectors.advice_latest(people=shown)
    rendered = {}
    for person in shown:
        advice = latest.get(person.pk)
        since = _day(advice.answer.get("status_since")) if advice else None
        context = {"person": person, "latest": advice, "since": since}
        # No context processors: nothing of theirs is shown, and the lookup renders this
        # on every keystroke of a number.
        rendered[person.pk] = render_to_string("navigator/panels/caller.html", context)
    return rendered


def render_caller_advice(request: HttpRequest, person) -> str:
    return render_callers_advice(request, [person]).get(person.pk, "")
