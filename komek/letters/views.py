from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from komek.cases.selectors import case_get_for
from komek.core.permissions import requires
from komek.core.roles import Capability
from komek.letters import services
from komek.letters.declension import Case
from komek.letters.forms import (
    ChooseTemplateForm,
    LetterForm,
    LetterheadForm,
    MissingValuesForm,
    TemplateForm,
)
from komek.letters.models import Letter, Letterhead, LetterTemplate
from komek.letters.placeholders import CONDITIONS, DOCUMENTED
from komek.letters.selectors import letterhead_office_get_for, letterhead_offices_for

# The name of the button that sends the values the lawyer was asked for.
FILL = "fill"

DOWNLOADS = {
    "pdf": ("pdf", "application/pdf"),
    "docx": (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
}


@requires(Capability.LETTERS_MANAGE)
def template_list(request: HttpRequest) -> HttpResponse:
    letterheads = {letterhead.office_id: letterhead for letterhead in Letterhead.objects.all()}
    offices = [
        (office, letterheads.get(office.pk)) for office in letterhead_offices_for(user=request.user)
    ]
    context = {"templates": LetterTemplate.objects.all(), "offices": offices}
    return render(request, "letters/template_list.html", context)


@requires(Capability.LETTERS_MANAGE)
def template_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    template = get_object_or_404(LetterTemplate, pk=pk) if pk else None
    form = TemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        try:
            services.template_save(saved_by=request.user, template=template, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(request, _("Template saved."))
            return redirect("letters:templates")
    context = {
        "form": form,
        "template": template,
        "placeholders": DOCUMENTED,
        "cases": Case,
        "conditions": CONDITIONS.values(),
    }
    return render(request, "letters/template_edit.html", context)


@requires(Capability.LETTERS_MANAGE)
def letterhead_edit(request: HttpRequest, office_pk: int) -> HttpResponse:
    office = letterhead_office_get_for(user=request.user, pk=office_pk)
    letterhead = Letterhead.objects.filter(office=office).first()
    form = LetterheadForm(request.POST or None, instance=letterhead)
    if request.method == "POST" and form.is_valid():
        services.letterhead_save(saved_by=request.user, office=office, **form.cleaned_data)
        messages.success(request, _("Letterhead saved."))
        return redirect("letters:templates")
    return render(request, "letters/letterhead_edit.html", {"form": form, "office": office})


@requires(Capability.CASES_WORK)
def letter_write(request: HttpRequest, case_pk: int) -> HttpResponse:
    """Choose a template, give the values the case lacks, edit the filled-in text,
    generate the PDF and DOCX."""
    case = case_get_for(user=request.user, pk=case_pk, purpose="change")
    missing = form = None
    notes: list = []
    if request.method != "POST":
        choose, missing, form, notes = _draft(request, request.GET, case)
    elif FILL in request.POST:
        choose, missing, form, notes = _draft(request, request.POST, case)
    else:
        choose = ChooseTemplateForm(request.POST, case=case)
        form = LetterForm(request.POST)
        if form.is_valid() and choose.is_valid():
            try:
                letter = services.letter_generate(
                    case=case, created_by=request.user, **choose.cleaned_data, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                ready = _("Letter № %(number)s is ready.") % {"number": letter.number}
                messages.success(request, ready)
                return redirect("cases:detail", pk=case.pk)
    context = {
        "case": case,
        "choose": choose,
        "missing": missing,
        "form": form,
        "notes": notes,
        "fill": FILL,
    }
    return render(request, "letters/letter_write.html", context)


def _draft(request: HttpRequest, data, case) -> tuple:
    """The template chooser and, once a template is chosen, either the values the case
    lacks (asked first) or the letter filled from it, with what to check in it."""
    if "template" not in data:
        initial = {"referral": data.get("referral")}
        return ChooseTemplateForm(initial=initial, case=case), None, None, []
    choose = ChooseTemplateForm(data, case=case)
    if not choose.is_valid():
        return choose, None, None, []
    try:
        draft = services.draft(case=case, staff=request.user, **choose.cleaned_data)
        if draft.missing:
            missing = MissingValuesForm(data if FILL in data else None, missing=draft.missing)
            if not missing.is_valid():
                return choose, missing, None, []
            draft = services.draft(
                case=case, staff=request.user, given=missing.cleaned_data, **choose.cleaned_data
            )
    except ValidationError as error:
        choose.add_error(None, error)
        return choose, None, None, []
    return choose, None, LetterForm(initial=draft.initial), draft.notes


@requires(Capability.CASES_VIEW)
def letter_download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    if fmt not in DOWNLOADS:
        raise Http404
    letter = get_object_or_404(Letter, pk=pk)
    case_get_for(user=request.user, pk=letter.case_id, purpose="change")
    services.letter_opened(letter=letter, user=request.user, fmt=fmt)
    extension, content_type = DOWNLOADS[fmt]
    response = FileResponse(
        getattr(letter, extension).open("rb"),
        as_attachment=True,
        filename=f"{letter.number.replace('/', '-')}.{extension}",
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
