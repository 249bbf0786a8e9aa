"""Editions: publishing a language once every segment is approved, the frozen text as
published (with a notice when the source has changed since), withdrawal, and the report
of every edition out of step with its source or with the law."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from komek.core.permissions import requires
from komek.core.roles import Capability
from komek.publications import markup, selectors, services
from komek.publications.forms import PublishForm, WithdrawForm
from komek.publications.models import Edition, EditionStatus, Language, Material
from komek.publications.views.common import abilities, add_refusal, language_name, material_of


def _languages_of(material: Material) -> list[str]:
    return [material.source_language, *material.target_languages]


def _law_as_of(material: Material):
    """The latest date an act the material cites came into force, else today."""
    dates = [ref.effective_from for ref in material.references.all() if ref.effective_from]
    return max(dates) if dates else timezone.localdate()


@requires(Capability.PUBLICATIONS_PUBLISH)
def publish(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    material = material_of(request, slug, purpose="publish")
    if lang not in _languages_of(material):
        raise Http404
    form = PublishForm(request.POST or None, initial={"law_as_of": _law_as_of(material)})
    if request.method == "POST" and form.is_valid():
        try:
            edition = services.edition_publish(
                user=request.user, material=material, language=lang, **form.cleaned_data
            )
        except ValidationError as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The edition is published."))
            return redirect(
                "publications:edition", slug=material.slug, lang=lang, number=edition.number
            )
    context = {
        "material": material,
        "language": lang,
        "language_name": language_name(lang),
        "progress": selectors.language_progress(material).get(lang),
        "current": selectors.published_edition(material, lang),
        "form": form,
    }
    return render(request, "publications/publish.html", context, status=400 if form.errors else 200)


# The notice on a published translation whose source has changed since, naming the
# source language as the reader knows it.
REVISED = {
    Language.RU: gettext_lazy(
        "The Russian text was updated on %(date)s; this translation is being revised."
    ),
}
REVISED_OTHER = gettext_lazy(
    "The original text (%(language)s) was updated on %(date)s; this translation is being revised."
)


def _revision_notice(edition: Edition) -> str:
    material = edition.material
    changed = material.source_changed_at
    if (
        edition.status != EditionStatus.PUBLISHED
        or edition.language == material.source_language
        or changed is None
        or changed <= edition.published_at
    ):
        return ""
    date = timezone.localtime(changed).date()
    shown = formats.date_format(date, "DATE_FORMAT")
    template = REVISED.get(material.source_language, REVISED_OTHER)
    return template % {"date": shown, "language": language_name(material.source_language)}


def _edition_page(request: HttpRequest, edition: Edition, form=None) -> HttpResponse:
    context = {
        "edition": edition,
        "material": edition.material,
        "language_name": language_name(edition.language),
        "body": [{**item, "html": markup.render(item["text"])} for item in edition.body],
        "notice": _revision_notice(edition),
        "may": abilities(request),
        "withdraw_form": form or WithdrawForm(),
        "others": edition.material.editions.filter(language=edition.language).exclude(
            pk=edition.pk
        ),
    }
    return render(request, "publications/edition.html", context, status=400 if form else 200)


def _edition(request: HttpRequest, slug: str, lang: str, number: int, purpose: str) -> Edition:
    material = material_of(request, slug, purpose=purpose)
    return get_object_or_404(material.editions, language=lang, number=number)


@requires(Capability.PUBLICATIONS_VIEW)
def edition(request: HttpRequest, slug: str, lang: str, number: int) -> HttpResponse:
    return _edition_page(request, _edition(request, slug, lang, number, "view"))


@requires(Capability.PUBLICATIONS_PUBLISH)
@require_POST
def withdraw(request: HttpRequest, slug: str, lang: str, number: int) -> HttpResponse:
    found = _edition(request, slug, lang, number, "publish")
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.edition_withdraw(user=request.user, edition=found, **form.cleaned_data)
        except ValidationError as refused:
            add_refusal(form, refused)
        else:
            messages.success(
                request, _("The edition is withdrawn: its copies are not to be handed out.")
            )
            return redirect("publications:edition", slug=slug, lang=lang, number=number)
    return _edition_page(request, found, form)


@requires(Capability.PUBLICATIONS_VIEW)
def staleness(request: HttpRequest) -> HttpResponse:
    rows = [
        {**row, "language_name": language_name(row["language"])}
        for row in selectors.staleness_report(user=request.user)
    ]
    return render(request, "publications/staleness.html", {"rows": rows})
