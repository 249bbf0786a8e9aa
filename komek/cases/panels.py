"""What cases show on lower pages: the person page's list of their cases, the open
cases of a caller in the hotline's caller history, and on the home page a caseworker's
day (their cases, overdue tasks, awaited answers, new assignments), the callers waiting
for a lawyer, and the cases nobody works on."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from komek.cases import handover, selectors

# The home page shows the start of a list; its page shows the rest.
HOME_LENGTH = 5


def render_person_cases(request: HttpRequest, person) -> str:
    return render_to_string(
        "cases/person_cases.html",
        {"cases": selectors.person_cases(user=request.user, person=person), "person": person},
        request=request,
    )


def render_desk(request: HttpRequest, user) -> str:
    desk = selectors.desk(user=user)
    if not desk:
        return ""
    context = {
        "desk": desk,
        "days": selectors.NEW_ASSIGNMENT_DAYS,
        "today": timezone.localdate(),
    }
    return render_to_string("cases/home/desk.html", context, request=request)


def render_lawyer_queue(request: HttpRequest, user) -> str:
    # Most home pages find nobody waiting: the count is cheap and reads nobody's data.
    if not handover.lawyer_queue_count(user):
        return ""
    contacts = handover.lawyer_queue(user=user, limit=HOME_LENGTH)
    return render_to_string("cases/home/queue.html", {"contacts": contacts}, request=request)


def render_unassigned(request: HttpRequest, user) -> str:
    cases = selectors.unassigned_cases(user=user)
    if not cases:
        return ""
    return render_to_string("cases/home/unassigned.html", {"cases": cases}, request=request)


def render_callers_cases(request: HttpRequest, people: list) -> dict[int, str]:
    """Each caller's open cases and who works on them, read at once; nothing for a
    caller with none."""
    cases = selectors.open_cases_of_each(user=request.user, people=people)
    # Without the request's context processors: the lookup renders it as the operator
    # types, and it shows none of what they add.
    return {
        person_id: render_to_string("cases/caller_cases.html", {"cases": of_person})
        for person_id, of_person in cases.items()
    }


def render_caller_cases(request: HttpRequest, person) -> str:
    return render_callers_cases(request, [person]).get(person.pk, "")
