"""The person's record: open, register, edit, and add documents, consents, family."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komek.core import panels
from komek.core.permissions import requires
from komek.core.roles import Capability
from komek.people import selectors, services
from komek.people.access import Access, require_access
from komek.people.forms import ConsentForm, DocumentForm, FamilyLinkForm, PersonForm
from komek.people.models import SENSITIVE_VULNERABILITIES, Person, Vulnerability


def _vulnerability_choices(level: Access) -> list[tuple[str, str]]:
    if level >= Access.SENSITIVE:
        return list(Vulnerability.choices)
    return [
        (value, label)
        for value, label in Vulnerability.choices
        if value not in SENSITIVE_VULNERABILITIES
    ]


@requires(Capability.PEOPLE_VIEW)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    person, level = selectors.person_for_display(user=request.user, pk=pk)
    shown = dict(_vulnerability_choices(level))
    context = {
        "person": person,
        "sensitive": level >= Access.SENSITIVE,
        "vulnerabilities": [shown[item] for item in person.vulnerabilities if item in shown],
        "panels": panels.rendered(request, "people:detail", person),
        "document_form": DocumentForm(),
        "consent_form": ConsentForm(),
        "family_form": FamilyLinkForm(),
    }
    return render(request, "people/detail.html", context)


@requires(Capability.PEOPLE_CHANGE)
def create(request: HttpRequest) -> HttpResponse:
    choices = _vulnerability_choices(Access.SENSITIVE)
    form = PersonForm(request.POST or None, vulnerability_choices=choices)
    if request.method == "POST" and form.is_valid():
        person = services.person_create(
            created_by=request.user,
            office=request.user.office,
            phones=form.cleaned_data["phones"],
            **form.person_fields(),
        )
        services.person_assign(person=person, staff=request.user, assigned_by=request.user)
        messages.success(request, _("%(name)s is registered.") % {"name": person.full_name})
        return redirect("people:detail", pk=person.pk)
    return render(request, "people/form.html", {"form": form})


@requires(Capability.PEOPLE_CHANGE)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_edit(user=request.user, pk=pk)
    level = require_access(request.user, person, Access.FULL)
    hidden = [item for item in person.vulnerabilities if item in SENSITIVE_VULNERABILITIES]
    form = PersonForm(
        request.POST or None,
        instance=person,
        vulnerability_choices=_vulnerability_choices(level),
    )
    if request.method == "POST" and form.is_valid():
        fields = form.person_fields()
        if level < Access.SENSITIVE:
            # Keep what this user may not see rather than erase it.
            fields["vulnerabilities"] = [*fields["vulnerabilities"], *hidden]
        services.person_update(
            person=person, updated_by=request.user, phones=form.cleaned_data["phones"], **fields
        )
        messages.success(request, _("Changes saved."))
        return redirect("people:detail", pk=person.pk)
    return render(request, "people/form.html", {"form": form, "person": person})


def _add(request: HttpRequest, pk: int, form_class, save) -> HttpResponse:
    person = selectors.person_for_edit(user=request.user, pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        save(person, form)
        messages.success(request, _("Saved."))
    else:
        errors = " ".join(str(error) for field in form.errors.values() for error in field)
        messages.error(request, _("Not saved: %(errors)s") % {"errors": errors})
    return redirect("people:detail", pk=person.pk)


@requires(Capability.PEOPLE_CHANGE)
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add(
        request,
        pk,
        DocumentForm,
        lambda person, form: services.document_add(
            person=person, added_by=request.user, **form.cleaned_data
        ),
    )


@requires(Capability.PEOPLE_CHANGE)
@require_POST
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add(
        request,
        pk,
        ConsentForm,
        lambda person, form: services.consent_record(
            person=person, recorded_by=request.user, **form.cleaned_data
        ),
    )


@requires(Capability.PEOPLE_CHANGE)
@require_POST
def family_add(request: HttpRequest, pk: int) -> HttpResponse:
    def save(person: Person, form: FamilyLinkForm) -> None:
        relative = get_object_or_404(Person, pk=form.cleaned_data["relative_id"])
        services.family_link_add(
            person=person, relative=relative, kind=form.cleaned_data["kind"], added_by=request.user
        )

    return _add(request, pk, FamilyLinkForm, save)
