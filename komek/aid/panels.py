"""What aid shows on lower pages: the aid a person (and their household) received, with
what they are entitled to now, on the person's page; the aid given within a case on the
case's page."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from komek.aid import selectors, services
from komek.aid.models import AidKind
from komek.aid.rules import household_of
from komek.core.permissions import user_can
from komek.core.roles import Capability
from komek.people.models import Person


def render_person_aid(request: HttpRequest, person) -> str:
    distributions = selectors.person_aid(person)
    relatives = Person.objects.filter(pk__in=household_of(person)).exclude(pk=person.pk)
    household = [(relative, selectors.person_aid(relative)) for relative in relatives]
    entitlements = []
    for kind in AidKind.objects.filter(is_active=True, rules__active=True).distinct():
        verdict = services.check(person=person, kind=kind, quantity=1)
        entitlements.append({"kind": kind, "ok": verdict.ok, "next": verdict.next_possible})
    context = {
        "person": person,
        "distributions": distributions,
        "household": household,
        "entitlements": entitlements,
        "may_request": user_can(request.user, Capability.AID_REQUEST),
        "may_distribute": user_can(request.user, Capability.AID_DISTRIBUTE),
    }
    return render_to_string("aid/person_aid.html", context, request=request)


def render_case_aid(request: HttpRequest, case) -> str:
    context = {
        "case": case,
        "distributions": [d for d in selectors.person_aid(case.client) if d.case_id == case.pk],
        "may_request": user_can(request.user, Capability.AID_REQUEST),
    }
    return render_to_string("aid/case_aid.html", context, request=request)
