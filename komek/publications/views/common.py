"""What the publication pages share: the material of the address, the languages a user
works in, and a form's status for htmx."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from komek.core.permissions import user_can
from komek.core.roles import Capability
from komek.publications import selectors
from komek.publications.models import Language, Material, State


def material_of(request: HttpRequest, slug: str, purpose: str = "view") -> Material:
    return selectors.material_get_for(user=request.user, pk_or_slug=slug, purpose=purpose)


def working_language(request: HttpRequest, material: Material, lang: str) -> str:
    """``lang`` if the material is translated into it and the user works in it; else 404,
    so that an external translator learns nothing of the other languages."""
    if lang not in material.target_languages or lang not in selectors.reviewer_languages(
        request.user
    ):
        raise Http404
    return lang


def language_name(code: str) -> str:
    return str(Language(code).label)


def form_status(request: HttpRequest, form) -> int:
    """400 for a refused form, except to htmx, which swaps only successful answers."""
    return 400 if form is not None and form.errors and not request.htmx else 200


def abilities(request: HttpRequest) -> dict[str, bool]:
    """What the user may do on the publication pages, for the buttons a page shows."""
    return {
        name: user_can(request.user, capability)
        for name, capability in {
            "edit": Capability.PUBLICATIONS_EDIT,
            "translate": Capability.PUBLICATIONS_TRANSLATE,
            "review": Capability.PUBLICATIONS_REVIEW,
            "publish": Capability.PUBLICATIONS_PUBLISH,
        }.items()
    }


# A language's progress as language_progress names it, in the reader's language.
PROGRESS_LABELS = {
    "published": _("published"),
    "in review": _("in review"),
    "in translation": _("in translation"),
    "outdated": _("outdated"),
    "not started": _("not started"),
}
PROGRESS_COLOURS = {
    "published": "success",
    "in review": "warning",
    "in translation": "info",
    "outdated": "danger",
    "not started": "secondary",
}


def progress_of(material, progress: dict, code: str) -> dict:
    """One language of a material with its progress, ready for a page."""
    entry = progress[code]
    return {
        "code": code,
        "name": language_name(code),
        "label": PROGRESS_LABELS.get(entry["state"], entry["state"]),
        "colour": PROGRESS_COLOURS.get(entry["state"], "secondary"),
        "source": code == material.source_language,
        "state": entry["state"],
        "edition": entry["edition"],
        "counts": [
            (State(state).label, number) for state, number in entry["counts"].items() if number
        ],
    }


def add_refusal(form, refused: ValidationError) -> None:
    """A service's refusal on the form: on the field it names where the form has that
    field, else above the form."""
    if not hasattr(refused, "error_dict"):
        form.add_error(None, refused)
        return
    for name, errors in refused.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
