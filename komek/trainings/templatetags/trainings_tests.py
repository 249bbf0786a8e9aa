"""The event page's section of tests, gain, item analysis and feedback, which the events
part includes (``trainings/event/_tests.html``) without knowing what it reads."""

from django import template

from komek.core.permissions import user_can
from komek.core.roles import Capability
from komek.trainings import quiz_selectors, results

register = template.Library()


@register.inclusion_tag("trainings/event/tests_section.html", takes_context=True)
def event_tests(context, event) -> dict:
    request = context["request"]
    tests = quiz_selectors.event_tests(event)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "event": event,
        "tests": [
            {"kind": kind, "test": test, "questions": test.items.count() if test else 0}
            for kind, test in tests.items()
        ],
        "can_manage": user_can(request.user, Capability.TRAININGS_MANAGE),
        "results": results.event_results(event),
        "feedback": results.feedback_summary(event),
    }
