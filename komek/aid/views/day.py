"""The distribution day: a queue of people served one after the other. What is handed out
(office, kind, quantity, budget line, place) is chosen once and kept in the session; then
each person is found by their registry number (typed or scanned) or by name, their
entitlement is shown at once, and Enter records the hand-out."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komek.aid import services
from komek.aid.forms import DaySetupForm, FindForm, GiveForm, reachable_offices
from komek.aid.models import AidKind, BudgetLine
from komek.core.permissions import requires, user_can
from komek.core.roles import Capability
from komek.people.models import Person
from komek.people.selectors import person_get_for, person_search

SESSION_KEY = "aid_day"
LAST_KEY = "aid_day_last"
MATCHES = 10


def _setup(request: HttpRequest) -> dict | None:
    """The session's choice as records, or None when there is none (or it is stale)."""
    chosen = request.session.get(SESSION_KEY)
    if not chosen:
        return None
    office = reachable_offices(request.user).filter(pk=chosen["office"]).first()
    kind = AidKind.objects.filter(pk=chosen["kind"], is_active=True).first()
    line = None
    if chosen["budget_line"] is not None:
        line = BudgetLine.objects.select_related("project").filter(pk=chosen["budget_line"]).first()
    if office is None or kind is None or (line is None and chosen["budget_line"] is not None):
        return None
    return {
        "office": office,
        "kind": kind,
        "quantity": chosen["quantity"],
        "budget_line": line,
        "place": chosen["place"],
        "household": chosen.get("household", False),
    }


def _stored_ref(query: str) -> str:
    """The registry number as it is stored when ``query`` is one typed in another case
    ("ast-0001" for "AST-0001"), else the query as typed. The people search finds a
    registry number as written; its upper and lower case forms are read through the same
    unique index, so a mixed-case number is found only as stored."""
    variants = {query, query.upper(), query.lower()}
    stored = [
        ref
        for ref in Person.objects.filter(ref__in=variants).values_list("ref", flat=True)
        if ref.casefold() == query.casefold()
    ]
    return stored[0] if len(stored) == 1 else query


def _found(request: HttpRequest, query: str) -> tuple[object | None, list[dict]]:
    """The person whose registry number was typed, in any case, or the people the query
    matches."""
    query = _stored_ref(query)
    found = person_search(user=request.user, query=query, limit=MATCHES)
    exact = [
        match.person
        for match, can_open in found
        if can_open and match.person.ref and match.person.ref.casefold() == query.casefold()
    ]
    if len(exact) == 1:
        return person_get_for(user=request.user, pk=exact[0].pk), []
    return None, [{"person": match.person, "can_open": can_open} for match, can_open in found]


def _page(request: HttpRequest, setup: dict | None, *, person=None, refused=None, **context):
    # What the page says of the person: the service's refusal when a hand-out was just
    # refused (stock, budget), else the entitlement check.
    outcome = refused
    if person is not None and setup is not None and refused is None:
        verdict = services.check(person=person, kind=setup["kind"], quantity=setup["quantity"])
        outcome = verdict if verdict.ok else verdict.refusal()
    context = {
        "setup": setup,
        "setup_form": context.pop("setup_form", None),
        "find_form": context.pop("find_form", None) or FindForm(),
        "person": person,
        "outcome": outcome,
        "give_form": GiveForm(initial={"person": person.pk}) if person is not None else None,
        "may_override": user_can(request.user, Capability.AID_APPROVE),
        "last": request.session.get(LAST_KEY),
        **context,
    }
    return render(request, "aid/day.html", context)


# Not marked as showing personal data: the page shows nobody until a person is looked up,
# and then ``person_search`` and ``person_get_for`` audit the reading.
@requires(Capability.AID_DISTRIBUTE)
def day(request: HttpRequest) -> HttpResponse:
    setup = _setup(request)
    # Someone sent here from their record: the day is set up first if it is not yet.
    person = None
    if request.GET.get("person", "").isdigit():
        person = person_get_for(user=request.user, pk=int(request.GET["person"]))
    if request.method == "POST" or setup is None or "change" in request.GET:
        initial = request.session.get(SESSION_KEY) or {"office": request.user.office_id}
        form = DaySetupForm(request.POST or None, user=request.user, initial=initial)
        if request.method == "POST" and form.is_valid():
            request.session[SESSION_KEY] = form.to_session()
            following = f"?person={person.pk}" if person is not None else ""
            return redirect(reverse("aid:day") + following)
        return _page(request, None, setup_form=form, returning_to=person)
    if person is not None:
        return _page(request, setup, person=person)
    find_form = FindForm(request.GET or None)
    if find_form.is_valid():
        person, matches = _found(request, find_form.cleaned_data["q"].strip())
        return _page(request, setup, person=person, matches=matches, find_form=find_form)
    return _page(request, setup, find_form=find_form if request.GET else None)


@requires(Capability.AID_DISTRIBUTE)
@require_POST
def give(request: HttpRequest) -> HttpResponse:
    setup = _setup(request)
    form = GiveForm(request.POST)
    if setup is None or not form.is_valid():
        messages.error(request, _("Choose what is handed out, then find the person again."))
        return redirect("aid:day")
    person = person_get_for(user=request.user, pk=form.cleaned_data["person"], purpose="change")
    reason = form.cleaned_data["override_reason"].strip()
    if reason and not user_can(request.user, Capability.AID_APPROVE):
        reason = ""
    try:
        distribution = services.distribute(
            person=person,
            office=setup["office"],
            items=[(setup["kind"], setup["quantity"])],
            by=request.user,
            budget_line=setup["budget_line"],
            place=setup["place"],
            household=setup["household"],
            key=str(form.cleaned_data["key"]),
            override_reason=reason,
        )
    except services.AidRefused as refused:
        person = person_get_for(user=request.user, pk=person.pk)
        return _page(request, setup, person=person, refused=refused)
    request.session[LAST_KEY] = {"pk": distribution.pk, "name": person.full_name}
    messages.success(
        request,
        _("Handed out to %(name)s: %(kind)s × %(quantity)d.")
        % {"name": person.full_name, "kind": setup["kind"], "quantity": setup["quantity"]},
    )
    return redirect("aid:day")
