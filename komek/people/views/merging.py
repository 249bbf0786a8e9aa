"""Merging two records of one person from the staff pages: find the duplicate, compare
the two side by side, keep one with a reason; undo from the kept person's page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komek.core.countries import country_name
from komek.core.permissions import requires, shows_personal_data
from komek.core.roles import Capability
from komek.people import hooks, selectors
from komek.people.forms import MergeForm, SearchForm
from komek.people.merging import COORDINATOR_MERGES, may_merge, person_merge, person_merge_undo
from komek.people.models import Person

CANDIDATE_LIMIT = 10


def _candidates(request: HttpRequest, person: Person, query: str) -> list:
    """The records found for ``query`` that the user may open, other than ``person``."""
    found = selectors.person_search(user=request.user, query=query, limit=CANDIDATE_LIMIT + 1)
    return [match for match, can_open in found if can_open and match.person.pk != person.pk]


def _compared(people: list[Person], user) -> list[dict]:
    """Each line of the two records side by side, with whether they differ."""
    lines = [
        (_("Full name"), [person.full_name for person in people]),
        (
            _("Name as in the passport"),
            [f"{person.latin_surname} {person.latin_given_name}".strip() for person in people],
        ),
        (_("Date of birth"), [person.born_display for person in people]),
        (_("Sex"), [person.get_sex_display() for person in people]),
        (_("Citizenship"), [country_name(person.citizenship) for person in people]),
        (
            _("Phones"),
            [", ".join(phone.number for phone in person.phones.all()) for person in people],
        ),
        (
            _("Identity documents"),
            [", ".join(doc.number for doc in person.documents.all()) for person in people],
        ),
        (_("Office"), [str(person.office) for person in people]),
        (_("Registry number"), [person.ref for person in people]),
    ]
    counted = [hooks.counts(person, user) for person in people]
    lines += [
        (label, [str(counts[index][1]) for counts in counted])
        for index, (label, _count) in enumerate(counted[0])
    ]
    return [
        {"label": label, "values": values, "differs": len(set(values)) > 1}
        for label, values in lines
    ]


@requires(Capability.PEOPLE_CHANGE)
@shows_personal_data
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for(user=request.user, pk=pk)
    if person.merged_into_id:
        messages.error(request, _("This record is already merged into another person."))
        return redirect("people:detail", pk=person.pk)
    other_pk = request.POST.get("other") or request.GET.get("other")
    if not (other_pk or "").isdigit():
        search = SearchForm(request.GET or None)
        query = search.cleaned_data["q"].strip() if search.is_valid() else ""
        candidates = _candidates(request, person, query) if query else []
        context = {"person": person, "search": search, "query": query, "candidates": candidates}
        return render(request, "people/merge.html", context)
    other = selectors.person_get_for(user=request.user, pk=int(other_pk))
    if other.pk == person.pk or other.merged_into_id:
        messages.error(request, _("Choose another record: this one cannot be merged."))
        return redirect("people:merge", pk=person.pk)
    people = [person, other]
    form = MergeForm(request.POST or None, people=people)
    allowed = may_merge(request.user, person, other)
    if request.method == "POST" and allowed and form.is_valid():
        kept = form.cleaned_data["keep"]
        target, source = (person, other) if kept == person.pk else (other, person)
        try:
            person_merge(
                source=source,
                target=target,
                merged_by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(duplicate)s is merged into %(kept)s; the merge can be undone here.")
                % {"duplicate": source.full_name, "kept": target.full_name},
            )
            return redirect("people:detail", pk=target.pk)
    context = {
        "person": person,
        "other": other,
        "lines": _compared(people, request.user),
        "form": form,
        "refusal": None if allowed else _(COORDINATOR_MERGES),
    }
    return render(request, "people/merge.html", context)


@requires(Capability.PEOPLE_CHANGE)
@require_POST
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    merge = selectors.merge_get_for(user=request.user, pk=pk)
    try:
        person_merge_undo(merge=merge, undone_by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("people:detail", pk=merge.target_id)
    messages.success(
        request,
        _("The merge is undone: %(name)s is a record of their own again.")
        % {"name": merge.source.full_name},
    )
    return redirect("people:detail", pk=merge.source_id)
