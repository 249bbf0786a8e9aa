"""The person's record: open, register, edit, and add documents, consents, family."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komek.core import panels
from komek.core.permissions import requires, shows_personal_data
from komek.core.roles import Capability
from komek.people import selectors, services
from komek.people.access import Access, vulnerability_choices
from komek.people.forms import (
    ConsentForm,
    DocumentForm,
    FamilyLinkForm,
    PersonForm,
    refuse_if_similar,
)
from komek.people.models import Person


@requires(Capability.PEOPLE_VIEW)
@shows_personal_data
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for(user=request.user, pk=pk)
    shown = dict(vulnerability_choices(person.access))
    context = {
        "person": person,
        "sensitive": person.access >= Access.SENSITIVE,
        "vulnerabilities": [shown[item] for item in person.vulnerabilities if item in shown],
        "panels": panels.rendered(request, "people:detail", person),
        "merges": selectors.merges_into(person),
        "document_form": DocumentForm(),
        "consent_form": ConsentForm(),
        "family_form": FamilyLinkForm(user=request.user),
    }
    return render(request, "people/detail.html", context)


@requires(Capability.PEOPLE_CHANGE)
def create(request: HttpRequest) -> HttpResponse:
    choices = vulnerability_choices(Access.SENSITIVE)
    form = PersonForm(request.POST or None, vulnerability_choices=choices)
    similar: list[Person] = []
    if request.method == "POST" and form.is_valid():
        fields = form.person_fields()
        similar = refuse_if_similar(
            form,
            user=request.user,
            phones=form.cleaned_data["phones"],
            surname=fields["surname"],
            given_name=fields["given_name"],
            born_year=fields["born_year"],
            born_month=fields["born_month"],
            born_day=fields["born_day"],
        )
        if not similar:
            person = services.person_register(
                registered_by=request.user, phones=form.cleaned_data["phones"], **fields
            )
            messages.success(request, _("%(name)s is registered.") % {"name": person.full_name})
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/form.html", {"form": form, "similar": similar})


def _saved_meanwhile(stale: services.StaleEdit, level: Access) -> list[tuple[str, object]]:
    """The fields someone else saved while the user was editing, with their values now,
    as far as the user may see them."""
    current, visible = stale.current, dict(vulnerability_choices(level))

    def seen_vulnerabilities(row) -> list[str]:
        return [visible[item] for item in row.vulnerabilities if item in visible]

    rows: dict[str, tuple[str, object]] = {}
    for name in stale.changed:
        field = Person._meta.get_field(name)
        if name.startswith("born_"):
            rows["born"] = (_("Date of birth"), current.born_display)
        elif name == "vulnerabilities":
            shown = seen_vulnerabilities(current)
            if stale.seen is None or shown != seen_vulnerabilities(stale.seen):
                rows[name] = (field.verbose_name, ", ".join(shown))
        elif field.choices:
            rows[name] = (field.verbose_name, getattr(current, f"get_{name}_display")())
        else:
            rows[name] = (field.verbose_name, getattr(current, name))
    return list(rows.values())


@requires(Capability.PEOPLE_CHANGE)
@shows_personal_data
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    # The form shows the whole record: opening it is a read; saving is audited as a change.
    purpose = "view" if request.method == "GET" else "change"
    person = selectors.person_get_for(user=request.user, pk=pk, purpose=purpose)
    form = PersonForm(
        request.POST or None,
        instance=person,
        vulnerability_choices=vulnerability_choices(person.access),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.person_edit(
                person=person,
                edited_by=request.user,
                version=form.cleaned_data["version"],
                phones=form.cleaned_data["phones"],
                **form.person_fields(),
            )
        except services.StaleEdit as stale:
            conflict = _saved_meanwhile(stale, person.access)
            form.add_error(
                None,
                _(
                    "Someone saved this record while you were editing it. What they changed "
                    "is shown beside your form; nothing of theirs is overwritten until you "
                    "save again."
                ),
            )
            form.data = form.data.copy()
            form.data["version"] = stale.current.version
        else:
            messages.success(request, _("Changes saved."))
            return redirect("people:detail", pk=person.pk)
    context = {"form": form, "person": person, "conflict": conflict}
    return render(request, "people/form.html", context)


def _add(request: HttpRequest, pk: int, form_class, save, **form_kwargs) -> HttpResponse:
    person = selectors.person_get_for(user=request.user, pk=pk, purpose="change")
    form = form_class(request.POST, **form_kwargs)
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
        services.family_link_add(
            person=person,
            relative=form.cleaned_data["relative"],
            kind=form.cleaned_data["kind"],
            added_by=request.user,
        )

    return _add(request, pk, FamilyLinkForm, save, user=request.user)
