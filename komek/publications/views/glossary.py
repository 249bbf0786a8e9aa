"""The glossary of legal terms: each term of the source language with its agreed
rendering in every language, those still to agree marked."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komek.core.permissions import requires
from komek.core.roles import Capability
from komek.publications import services
from komek.publications.forms import GlossaryForm
from komek.publications.models import GlossaryTerm, Language
from komek.publications.views.common import abilities, add_refusal


def _glossary_page(request: HttpRequest, form: GlossaryForm | None = None) -> HttpResponse:
    languages = [code for code in Language.values if code != Language.RU]
    terms: dict[str, dict[str, GlossaryTerm]] = {}
    for term in GlossaryTerm.objects.order_by("term", "language"):
        terms.setdefault(term.term, {})[term.language] = term
    rows = [
        {"term": term, "renderings": [renderings.get(code) for code in languages]}
        for term, renderings in terms.items()
    ]
    context = {
        "languages": [(code, Language(code).label) for code in languages],
        "rows": rows,
        "form": form or GlossaryForm(),
        "may": abilities(request),
    }
    return render(request, "publications/glossary.html", context, status=400 if form else 200)


@requires(Capability.PUBLICATIONS_VIEW)
def glossary(request: HttpRequest) -> HttpResponse:
    return _glossary_page(request)


@requires(Capability.PUBLICATIONS_EDIT)
@require_POST
def glossary_save(request: HttpRequest) -> HttpResponse:
    form = GlossaryForm(request.POST)
    if form.is_valid():
        try:
            services.glossary_save(user=request.user, **form.cleaned_data)
        except ValidationError as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The glossary is updated."))
            return redirect("publications:glossary")
    return _glossary_page(request, form)
