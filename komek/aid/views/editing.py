"""A coordinator adds and changes the aid kinds, the entitlement rules and the approval
bands, and the donors, their projects and budget lines; each page shows the record's
change history."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from komek.aid import editing
from komek.aid.forms_editing import (
    BandForm,
    DonorForm,
    KindForm,
    LineForm,
    ProjectForm,
    RuleForm,
)
from komek.aid.models import AidKind, ApprovalBand, BudgetLine, Donor, EntitlementRule, Project
from komek.core.history import history_items
from komek.core.permissions import requires
from komek.core.roles import Capability


def _edit(
    request: HttpRequest,
    *,
    form_class: type[ModelForm],
    obj: Model | None,
    save: Callable[..., Model],
    title: str,
    back: str = "aid:kinds",
) -> HttpResponse:
    """The form of a new record (``obj`` None) or of ``obj``; ``save`` writes the form's
    values through the service, whose refusal is shown on the field it names; once saved,
    or cancelled, the coordinator is back on the page ``back``."""
    form = form_class(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            save(by=request.user, **form.cleaned_data)
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(back)
    history = None
    if obj is not None:
        history = history_items(obj.history.select_related("history_user"))  # type: ignore[attr-defined]
    context = {"form": form, "title": title, "obj": obj, "history": history, "back": back}
    return render(request, "aid/editing/form.html", context, status=400 if form.errors else 200)


@requires(Capability.AID_MANAGE)
def kind_create(request: HttpRequest) -> HttpResponse:
    return _edit(
        request, form_class=KindForm, obj=None, save=editing.kind_create, title=_("New aid kind")
    )


@requires(Capability.AID_MANAGE)
def kind_edit(request: HttpRequest, pk: int) -> HttpResponse:
    kind = get_object_or_404(AidKind, pk=pk)

    def save(**fields) -> Model:
        return editing.kind_update(kind=kind, **fields)

    return _edit(request, form_class=KindForm, obj=kind, save=save, title=str(kind))


@requires(Capability.AID_MANAGE)
def rule_create(request: HttpRequest) -> HttpResponse:
    return _edit(
        request,
        form_class=RuleForm,
        obj=None,
        save=editing.rule_create,
        title=_("New entitlement rule"),
    )


@requires(Capability.AID_MANAGE)
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(EntitlementRule, pk=pk)

    def save(**fields) -> Model:
        return editing.rule_update(rule=rule, **fields)

    return _edit(request, form_class=RuleForm, obj=rule, save=save, title=_("Entitlement rule"))


@requires(Capability.AID_MANAGE)
def band_create(request: HttpRequest) -> HttpResponse:
    return _edit(
        request,
        form_class=BandForm,
        obj=None,
        save=editing.band_create,
        title=_("New approval band"),
    )


@requires(Capability.AID_MANAGE)
def band_edit(request: HttpRequest, pk: int) -> HttpResponse:
    band = get_object_or_404(ApprovalBand, pk=pk)

    def save(**fields) -> Model:
        return editing.band_update(band=band, **fields)

    return _edit(request, form_class=BandForm, obj=band, save=save, title=_("Approval band"))


@requires(Capability.AID_MANAGE)
def donor_create(request: HttpRequest) -> HttpResponse:
    return _edit(
        request,
        form_class=DonorForm,
        obj=None,
        save=editing.donor_create,
        title=_("New donor"),
        back="aid:budgets",
    )


@requires(Capability.AID_MANAGE)
def donor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    donor = get_object_or_404(Donor, pk=pk)

    def save(**fields) -> Model:
        return editing.donor_update(donor=donor, **fields)

    return _edit(
        request, form_class=DonorForm, obj=donor, save=save, title=str(donor), back="aid:budgets"
    )


@requires(Capability.AID_MANAGE)
def project_create(request: HttpRequest) -> HttpResponse:
    return _edit(
        request,
        form_class=ProjectForm,
        obj=None,
        save=editing.project_create,
        title=_("New donor project"),
        back="aid:budgets",
    )


@requires(Capability.AID_MANAGE)
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=pk)

    def save(**fields) -> Model:
        return editing.project_update(project=project, **fields)

    return _edit(
        request,
        form_class=ProjectForm,
        obj=project,
        save=save,
        title=str(project),
        back="aid:budgets",
    )


@requires(Capability.AID_MANAGE)
def line_create(request: HttpRequest) -> HttpResponse:
    return _edit(
        request,
        form_class=LineForm,
        obj=None,
        save=editing.line_create,
        title=_("New budget line"),
        back="aid:budgets",
    )


@requires(Capability.AID_MANAGE)
def line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(BudgetLine.objects.select_related("project"), pk=pk)

    def save(**fields) -> Model:
        return editing.line_update(line=line, **fields)

    return _edit(
        request, form_class=LineForm, obj=line, save=save, title=str(line), back="aid:budgets"
    )
