"""The translation editor, where a translator spends hours: per segment the source
rendered, the translation, its state, old and new source side by side when the source
changed, the glossary terms of the segment and translation memory; the reviewer approves
or sends back in the same place. Besides it: the translator's list of work, and the
exchange of files with their own tools."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komek.core.permissions import requires, user_can
from komek.core.roles import Capability
from komek.publications import exchange, markup, selectors, services
from komek.publications.forms import (
    ExportForm,
    ImportForm,
    ReviewForm,
    StateFilter,
    TranslationForm,
)
from komek.publications.models import TRANSLITERATED_FROM, GlossaryTerm, Material, State
from komek.publications.views.common import (
    abilities,
    language_name,
    material_of,
    progress_of,
    working_language,
)
from komek.publications.views.worddiff import word_diff

TEMPLATE = "publications/translate.html"


@requires(Capability.PUBLICATIONS_TRANSLATE)
def work(request: HttpRequest) -> HttpResponse:
    """What waits in the user's languages: every material and language with its counts."""
    languages = selectors.reviewer_languages(request.user)
    rows = []
    for material in selectors.material_list(user=request.user):
        progress = selectors.language_progress(material)
        for code in material.target_languages:
            if code in languages and code in progress:
                rows.append({"material": material, **progress_of(material, progress, code)})
    return render(request, "publications/work.html", {"rows": rows})


def _terms(material: Material, language: str) -> list[GlossaryTerm]:
    return list(
        GlossaryTerm.objects.filter(source_language=material.source_language, language=language)
    )


def _entry(row, terms: list[GlossaryTerm], form=None, error: str = "") -> dict:
    """A row of the editor with what the page shows beside it."""
    source = row.segment.source.casefold()
    return {
        "row": row,
        "state_label": State(row.state).label,
        "source_html": markup.render(row.segment.source),
        "diff": word_diff(row.old_source, row.new_source) if row.outdated else [],
        "terms": [term for term in terms if term.term.casefold() in source],
        "form": form,
        "error": error,
    }


def _context(request: HttpRequest, material: Material, language: str) -> dict:
    return {
        "material": material,
        "language": language,
        "language_name": language_name(language),
        "source_name": language_name(material.source_language),
        "transliterates_from": (
            language_name(TRANSLITERATED_FROM[language]) if language in TRANSLITERATED_FROM else ""
        ),
        "may": abilities(request),
        "may_review": user_can(request.user, Capability.PUBLICATIONS_REVIEW),
    }


@requires(Capability.PUBLICATIONS_TRANSLATE)
def translate(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    material = material_of(request, slug, purpose="translate")
    language = working_language(request, material, lang)
    rows = selectors.translation_rows(user=request.user, material=material, language=language)
    counts = {state: 0 for state in State.values}
    for row in rows:
        counts[row.state] += 1
    state_filter = StateFilter(request.GET or None)
    state = state_filter.cleaned_data["state"] if state_filter.is_valid() else ""
    terms = _terms(material, language)
    context = {
        **_context(request, material, language),
        "entries": [_entry(row, terms) for row in rows if not state or row.state == state],
        "counts": [(State(code).label, code, number) for code, number in counts.items()],
        "filter": state_filter,
        "state": state,
    }
    return render(request, TEMPLATE, context)


def _row_response(
    request: HttpRequest, material: Material, language: str, key: str, form=None, error: str = ""
) -> HttpResponse:
    """One segment of the editor: the htmx answer to each of its buttons."""
    rows = selectors.translation_rows(user=request.user, material=material, language=language)
    row = next((row for row in rows if row.segment.key == key), None)
    if row is None:
        raise Http404
    context = {
        **_context(request, material, language),
        "entry": _entry(row, _terms(material, language), form=form, error=error),
    }
    if not request.htmx:
        if error:
            messages.error(request, error)
        url = reverse("publications:translate", kwargs={"slug": material.slug, "lang": language})
        return redirect(f"{url}#segment-{key}")
    return render(request, f"{TEMPLATE}#segment", context)


@requires(Capability.PUBLICATIONS_TRANSLATE)
def translation(request: HttpRequest, slug: str, lang: str, key: str) -> HttpResponse:
    """One segment (GET) and its translation saved as a draft or sent for review (POST)."""
    material = material_of(request, slug, purpose="translate")
    language = working_language(request, material, lang)
    segment = get_object_or_404(material.segments, key=key)
    if request.method != "POST":
        return _row_response(request, material, language, key)
    form = TranslationForm(request.POST)
    if not form.is_valid():
        return _refused(request, material, language, key, form)
    try:
        services.translation_save(
            user=request.user,
            segment=segment,
            language=language,
            text=form.cleaned_data["text"],
            submit="submit" in request.POST,
            origin=form.cleaned_data["origin"],
        )
    except ValidationError as refused:
        return _row_response(request, material, language, key, form, " ".join(refused.messages))
    return _row_response(request, material, language, key)


def _refused(request, material, language, key, form) -> HttpResponse:
    errors = " ".join(error for errors in form.errors.values() for error in errors)
    if request.htmx:
        return _row_response(request, material, language, key, form, errors)
    return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")


@requires(Capability.PUBLICATIONS_REVIEW)
@require_POST
def review(request: HttpRequest, slug: str, lang: str, key: str) -> HttpResponse:
    """A reviewer approves a segment (its text corrected if need be) or sends it back with
    a note."""
    material = material_of(request, slug, purpose="translate")
    language = working_language(request, material, lang)
    segment = get_object_or_404(material.segments, key=key)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _refused(request, material, language, key, form)
    found = segment.translations.filter(language=language).first()
    if found is None:
        return _row_response(
            request, material, language, key, form, _("There is no translation to review yet.")
        )
    data = form.cleaned_data
    try:
        if data["decision"] == ReviewForm.APPROVE:
            text = data["text"].strip()
            services.translation_approve(
                user=request.user,
                translation=found,
                text=text if text and text != found.text else None,
            )
        else:
            services.translation_reject(user=request.user, translation=found, note=data["note"])
    except ValidationError as refused:
        return _row_response(request, material, language, key, form, " ".join(refused.messages))
    return _row_response(request, material, language, key)


@requires(Capability.PUBLICATIONS_TRANSLATE)
@require_POST
def transliterate(request: HttpRequest, slug: str, lang: str, key: str) -> HttpResponse:
    """A draft in one Uzbek script from the text in the other, for a reviewer to check."""
    material = material_of(request, slug, purpose="translate")
    language = working_language(request, material, lang)
    segment = get_object_or_404(material.segments, key=key)
    if language not in TRANSLITERATED_FROM:
        return _row_response(
            request, material, language, key, error=_("Only Uzbek is drafted by transliteration.")
        )
    try:
        services.translation_transliterate(user=request.user, segment=segment, language=language)
    except ValidationError as refused:
        return _row_response(request, material, language, key, error=" ".join(refused.messages))
    return _row_response(request, material, language, key)


EXPORTERS = {
    "xliff": (exchange.export_xliff, "application/x-xliff+xml", "xlf"),
    "po": (exchange.export_po, "text/x-gettext-translation", "po"),
}


@requires(Capability.PUBLICATIONS_TRANSLATE)
def export(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    """A language's segments as a file for the translator's own tool (XLIFF 1.2 or PO)."""
    material = material_of(request, slug, purpose="translate")
    language = working_language(request, material, lang)
    form = ExportForm(request.GET or None)
    if form.is_valid():
        write, content_type, extension = EXPORTERS[form.cleaned_data["format"]]
        response = HttpResponse(write(material, language), content_type=content_type)
        name = f"{material.slug}.{language}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, "publications/export.html", _context(request, material, language))


@requires(Capability.PUBLICATIONS_TRANSLATE)
def import_file(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    """A translated file back: every segment in it or none, each problem named."""
    material = material_of(request, slug, purpose="translate")
    language = working_language(request, material, lang)
    may_review = user_can(request.user, Capability.PUBLICATIONS_REVIEW)
    form = ImportForm(request.POST or None, request.FILES or None, may_review=may_review)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.import_translations(
                user=request.user,
                material=material,
                language=language,
                content=upload.read(),
                file_name=upload.name,
                approve=form.cleaned_data.get("approve", False),
            )
        except exchange.ImportRefused as refused:
            problems = list(refused.problems)
        except ValidationError as refused:
            problems = list(refused.messages)
        else:
            messages.success(
                request,
                _(
                    "The file is imported: %(imported)s segments written, "
                    "%(unchanged)s unchanged, %(empty)s left empty."
                )
                % {
                    "imported": len(result.imported),
                    "unchanged": len(result.unchanged),
                    "empty": len(result.empty),
                },
            )
            return redirect("publications:translate", slug=material.slug, lang=language)
    context = {**_context(request, material, language), "form": form, "problems": problems}
    status = 400 if form.errors or problems else 200
    return render(request, "publications/import.html", context, status=status)
