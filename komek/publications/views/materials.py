"""The materials as their writers see them: the list with each language's progress, one
material with its source text (each segment edited in place), its legal references, its
languages and editions; a new material and its details."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komek.core.permissions import requires
from komek.core.roles import Capability
from komek.publications import markup, selectors, services
from komek.publications.forms import (
    MaterialForm,
    MaterialNewForm,
    ReferenceForm,
    SegmentForm,
    SourceForm,
)
from komek.publications.models import Material, Segment, SegmentKind
from komek.publications.views.common import (
    abilities,
    add_refusal,
    form_status,
    material_of,
    progress_of,
)

TEMPLATE = "publications/material.html"


def _languages(material: Material) -> list[dict]:
    progress = selectors.language_progress(material)
    return [
        progress_of(material, progress, code)
        for code in [material.source_language, *material.target_languages]
        if code in progress
    ]


@requires(Capability.PUBLICATIONS_VIEW)
def material_list(request: HttpRequest) -> HttpResponse:
    materials = [
        {"material": material, "languages": _languages(material)}
        for material in selectors.material_list(user=request.user)
    ]
    context = {"materials": materials, "may": abilities(request)}
    return render(request, "publications/list.html", context)


def _material_page(request: HttpRequest, material: Material, **forms) -> HttpResponse:
    segments = material.segments.all()
    context = {
        "material": material,
        "segments": [
            {"segment": segment, "html": markup.render(segment.source)} for segment in segments
        ],
        "references": material.references.all(),
        "languages": _languages(material),
        "editions": material.editions.order_by("language", "-number"),
        "may": abilities(request),
        "segment_form": forms.get("segment_form") or SegmentForm(),
        "reference_form": forms.get("reference_form") or ReferenceForm(),
    }
    status = max(form_status(request, form) for form in [None, *forms.values()])
    return render(request, TEMPLATE, context, status=status)


@requires(Capability.PUBLICATIONS_VIEW)
def material_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _material_page(request, material_of(request, slug))


@requires(Capability.PUBLICATIONS_EDIT)
def material_new(request: HttpRequest) -> HttpResponse:
    form = MaterialNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            material = services.material_create(user=request.user, **form.cleaned_data)
        except ValidationError as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The material is created: now write its text."))
            return redirect("publications:material", slug=material.slug)
    context = {"form": form, "title": _("New material")}
    return render(request, "publications/form.html", context, status=400 if form.errors else 200)


@requires(Capability.PUBLICATIONS_EDIT)
def material_edit(request: HttpRequest, slug: str) -> HttpResponse:
    material = material_of(request, slug, purpose="change")
    title = material.segments.filter(kind=SegmentKind.TITLE).first()
    initial = {
        "title": title.source if title else "",
        "kind": material.kind,
        "audience": material.audience,
        "topic": material.topic,
        "target_languages": material.target_languages,
    }
    form = MaterialForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        new_title = fields.pop("title")
        fields["target_languages"] = [
            code for code in fields["target_languages"] if code != material.source_language
        ]
        try:
            services.material_update(user=request.user, material=material, **fields)
            if title is not None:
                services.segment_edit(user=request.user, segment=title, source=new_title)
        except ValidationError as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("publications:material", slug=material.slug)
    context = {"form": form, "title": _("Material details"), "material": material}
    return render(request, "publications/form.html", context, status=400 if form.errors else 200)


@requires(Capability.PUBLICATIONS_EDIT)
@require_POST
def reference_add(request: HttpRequest, slug: str) -> HttpResponse:
    material = material_of(request, slug, purpose="change")
    form = ReferenceForm(request.POST)
    if form.is_valid():
        try:
            services.reference_add(user=request.user, material=material, **form.cleaned_data)
        except ValidationError as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The legal reference is added."))
            return redirect("publications:material", slug=material.slug)
    return _material_page(request, material, reference_form=form)


@requires(Capability.PUBLICATIONS_EDIT)
@require_POST
def reference_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    material = material_of(request, slug, purpose="change")
    reference = get_object_or_404(material.references, pk=pk)
    services.reference_remove(user=request.user, reference=reference)
    messages.success(request, _("The legal reference is removed."))
    return redirect("publications:material", slug=material.slug)


@requires(Capability.PUBLICATIONS_EDIT)
@require_POST
def segment_add(request: HttpRequest, slug: str) -> HttpResponse:
    material = material_of(request, slug, purpose="change")
    form = SegmentForm(request.POST)
    if form.is_valid():
        after = material.segments.filter(key=request.POST.get("after", "")).first()
        try:
            services.segment_add(
                user=request.user, material=material, after=after, **form.cleaned_data
            )
        except ValidationError as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The segment is added."))
            return redirect("publications:material", slug=material.slug)
    return _material_page(request, material, segment_form=form)


def _segment(material: Material, key: str) -> Segment:
    return get_object_or_404(material.segments, key=key)


@requires(Capability.PUBLICATIONS_EDIT)
def segment_edit(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """The segment's text in place: the form (GET), its saving (POST); to htmx the
    segment alone, to a browser without it the whole page."""
    material = material_of(request, slug, purpose="change")
    segment = _segment(material, key)
    form = SourceForm(request.POST or None, initial={"source": segment.source})
    editing = True
    if request.method == "POST" and form.is_valid():
        try:
            segment = services.segment_edit(
                user=request.user, segment=segment, source=form.cleaned_data["source"]
            )
        except ValidationError as refused:
            add_refusal(form, refused)
        else:
            editing = False
            if not request.htmx:
                messages.success(request, _("The segment is saved."))
                return redirect("publications:material", slug=material.slug)
    if request.GET.get("cancel"):
        editing = False
    entry = {"segment": segment, "html": markup.render(segment.source)}
    context = {
        "material": material,
        "entry": entry,
        "form": form if editing else None,
        "may": abilities(request),
    }
    if not request.htmx:
        template = "publications/segment_edit.html"
    elif editing:
        template = f"{TEMPLATE}#segment"
    else:
        template = "publications/segment_saved.html"
        context["languages"] = _languages(material)
    return render(request, template, context, status=form_status(request, form))


@requires(Capability.PUBLICATIONS_EDIT)
@require_POST
def segment_delete(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    material = material_of(request, slug, purpose="change")
    segment = _segment(material, key)
    try:
        services.segment_delete(user=request.user, segment=segment)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("The segment is deleted."))
    return redirect("publications:material", slug=material.slug)


@requires(Capability.PUBLICATIONS_EDIT)
@require_POST
def segment_move(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """One place up or down in the text."""
    material = material_of(request, slug, purpose="change")
    segment = _segment(material, key)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if step is None:
        return HttpResponse(_("Say whether to move it up or down."), status=400)
    try:
        services.segment_move(user=request.user, segment=segment, position=segment.position + step)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    url = reverse("publications:material", kwargs={"slug": material.slug})
    return redirect(f"{url}#segment-{segment.key}")
