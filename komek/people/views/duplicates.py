"""The review queue of the duplicate search: the pairs of records its latest runs found
alike, surest first, each with the model's reasons; a reviewer compares and merges them
(the merge pages) or says they are not the same person, which every later run obeys."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from komek.core.permissions import requires, role_can, shows_personal_data
from komek.core.roles import Capability
from komek.people.forms import QueueFilterForm, SearchRequestForm
from komek.people.linkage import selectors
from komek.people.linkage.services import duplicate_decide, duplicate_search_request

# The model's comparisons (its output columns), as a reviewer reads them.
COMPARISONS = {
    "name": gettext_lazy("Full name"),
    "patronymic": gettext_lazy("Patronymic"),
    "born": gettext_lazy("Date of birth"),
    "phones": gettext_lazy("Phones"),
    "documents": gettext_lazy("Documents"),
    "citizenship": gettext_lazy("Citizenship"),
    "sex": gettext_lazy("Sex"),
}


def reasons(pair) -> list[dict]:
    """The pair's comparisons that weighed, the heaviest first: each with its level and
    the weight (in bits) it added for or against the two being one person."""
    weighed = [
        {
            "comparison": COMPARISONS.get(name, name),
            "level": _(reason["level"]) if reason["level"] else "",
            "weight": reason["weight"],
        }
        for name, reason in pair.reasons.items()
        if reason["weight"]
    ]
    return sorted(weighed, key=lambda reason: -abs(reason["weight"]))


@requires(Capability.PEOPLE_CHANGE)
@shows_personal_data
def queue(request: HttpRequest) -> HttpResponse:
    searches = selectors.searches(request.user)
    context = {"searches": searches, "polling": any(run.under_way for run in searches)}
    if request.htmx:
        # The searches' progress, polled while one is under way: no pair, no person.
        return render(request, "people/duplicates.html#searches", context)
    form = QueueFilterForm(request.GET or None, user=request.user)
    chosen = form.cleaned_data if form.is_valid() else {}
    found = selectors.review_queue(
        user=request.user,
        office=chosen.get("office"),
        min_score=float(chosen.get("min_score") or 0),
    )
    context |= {
        "form": form,
        "items": [{"pair": pair, "reasons": reasons(pair)} for pair in found.pairs],
        "more": found.more,
        "search_form": SearchRequestForm(user=request.user),
        "may_search": role_can(request.user, Capability.PEOPLE_MERGE_ACROSS),
    }
    return render(request, "people/duplicates.html", context)


@requires(Capability.PEOPLE_MERGE_ACROSS)
@require_POST
def search(request: HttpRequest) -> HttpResponse:
    form = SearchRequestForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            duplicate_search_request(office=form.cleaned_data["office"], requested_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The search for duplicates has started; its pairs appear here when it ends."),
            )
    else:
        messages.error(request, " ".join(str(error) for error in form.errors.get("office", [])))
    return redirect("people:duplicates")


@requires(Capability.PEOPLE_CHANGE)
@require_POST
def not_the_same(request: HttpRequest, pk: int) -> HttpResponse:
    pair = selectors.pair_get_for(user=request.user, pk=pk)
    try:
        duplicate_decide(
            person_a=pair.person_a, person_b=pair.person_b, same=False, decided_by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(a)s and %(b)s are kept apart: the search will not show them together again.")
            % {"a": pair.person_a.full_name, "b": pair.person_b.full_name},
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("people:duplicates")
    return redirect(back)
