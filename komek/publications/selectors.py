"""Reads of the booklets for pages, commands and reports: who may open which material,
the rows of a translation page with their glossary warnings and memory suggestions, each
language's progress and the staleness report."""

import re
from dataclasses import dataclass, field
from typing import Literal

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from komek.core.permissions import role_can
from komek.core.roles import Capability
from komek.publications import staleness
from komek.publications.models import (
    Edition,
    EditionStatus,
    GlossaryTerm,
    Language,
    Material,
    Reviewer,
    Segment,
    State,
    Translation,
)

ALL_LANGUAGES = [code for code, _label in Language.choices]
PURPOSE_CAPABILITIES = {
    "view": (Capability.PUBLICATIONS_VIEW,),
    "change": (Capability.PUBLICATIONS_EDIT,),
    "translate": (Capability.PUBLICATIONS_TRANSLATE, Capability.PUBLICATIONS_REVIEW),
    "publish": (Capability.PUBLICATIONS_PUBLISH,),
}


def reviewer_languages(user) -> list[str]:
    """The languages ``user`` translates and reviews: those of their ``Reviewer`` row; a
    staff member without one works in every language, an external translator in none."""
    if user is None or not user.is_authenticated:
        return []
    row = Reviewer.objects.filter(user=user).first()
    if row is not None:
        return [code for code in ALL_LANGUAGES if code in row.languages]
    return ALL_LANGUAGES if role_can(user, Capability.USE) else []


def material_list(*, user) -> QuerySet[Material]:
    """The materials ``user`` may see: every one for staff, and for an external translator
    those to be translated into one of their languages."""
    if role_can(user, Capability.PUBLICATIONS_VIEW):
        return Material.objects.all()
    if role_can(user, Capability.PUBLICATIONS_TRANSLATE) or role_can(
        user, Capability.PUBLICATIONS_REVIEW
    ):
        return _by_language(Material.objects.all(), reviewer_languages(user))
    return Material.objects.none()


def _by_language(materials: QuerySet[Material], languages: list[str]) -> QuerySet[Material]:
    # JSON "contains" on a list is not portable to SQLite: filtered in Python, few rows.
    chosen = [m.pk for m in materials if set(m.target_languages) & set(languages)]
    return materials.filter(pk__in=chosen)


def material_get_for(
    *,
    user,
    pk_or_slug: int | str,
    purpose: Literal["view", "change", "translate", "publish"] = "view",
) -> Material:
    """The material if ``user`` may use it for ``purpose``; 404 otherwise. An external
    translator reaches only materials in their languages, and only to translate."""
    lookup = {"pk": int(pk_or_slug)} if str(pk_or_slug).isdigit() else {"slug": str(pk_or_slug)}
    material = Material.objects.all().filter(**lookup).first()
    if material is None or not any(
        role_can(user, capability) for capability in PURPOSE_CAPABILITIES[purpose]
    ):
        raise Http404
    if (
        purpose == "translate"
        and not role_can(user, Capability.USE)
        and not set(material.target_languages) & set(reviewer_languages(user))
    ):
        raise Http404
    return material


def published_edition(material: Material, language: str) -> Edition | None:
    return Edition.objects.filter(
        material=material, language=language, status=EditionStatus.PUBLISHED
    ).first()


def _stem(word: str) -> str:
    # Russian legal terms decline ("временной регистрации"): match the word's stem.
    return word[: max(4, len(word) - 2)] if len(word) > 4 else word


def _term_pattern(term: str) -> re.Pattern:
    words = term.casefold().split()
    return re.compile(r"\s+".join(re.escape(_stem(word)) + r"\w*" for word in words))


def _warnings(terms: list[GlossaryTerm], source: str, text: str, language: str) -> list[str]:
    source_folded, text_folded = source.casefold(), text.casefold()
    warnings = []
    for term in terms:
        if not _term_pattern(term.term).search(source_folded):
            continue
        if not (term.approved and term.rendering):
            warnings.append(
                _("«%(term)s» has no approved rendering in %(language)s in the glossary.")
                % {"term": term.term, "language": language}
            )
        elif text and not _term_pattern(term.rendering).search(text_folded):
            warnings.append(
                _("«%(term)s» is rendered «%(rendering)s» in the glossary.")
                % {"term": term.term, "rendering": term.rendering}
            )
    return warnings


def _glossary(language: str) -> list[GlossaryTerm]:
    terms = {term.term: term for term in GlossaryTerm.objects.filter(source_language="ru")}
    for term in GlossaryTerm.objects.filter(language=language):
        terms[term.term] = term
    # A term known in some language but not in this one is still a term to render.
    return [
        term
        if term.language == language
        else GlossaryTerm(term=term.term, language=language, approved=False)
        for term in terms.values()
    ]


def glossary_warnings(*, source: str, text: str, language: str) -> list[str]:
    """What the glossary says of ``text`` as a rendering of ``source``: a term of the
    source with no approved rendering in ``language``, or whose rendering is not used."""
    return _warnings(_glossary(language), source, text, language)


def memory_suggestions(*, source: str, language: str, exclude_segment: Segment) -> list[str]:
    """Approved translations into ``language`` of the same source text elsewhere."""
    texts = (
        Translation.objects.filter(
            language=language,
            state=State.APPROVED,
            source_then=source.strip(),
        )
        .exclude(segment=exclude_segment)
        .order_by("-updated_at")
        .values_list("text", flat=True)
    )
    return list(dict.fromkeys(texts))


@dataclass
class TranslationRow:
    segment: Segment
    translation: Translation | None
    state: str
    outdated: bool
    old_source: str
    new_source: str
    glossary_warnings: list[str] = field(default_factory=list)
    memory_suggestions: list[str] = field(default_factory=list)


def _is_outdated(translation: Translation | None, segment: Segment) -> bool:
    return translation is not None and (
        translation.state == State.OUTDATED
        or (
            translation.state != State.UNTRANSLATED and translation.source_version < segment.version
        )
    )


def translation_rows(*, user, material: Material, language: str) -> list[TranslationRow]:
    """The material's segments with their translation into ``language``: state, the old
    and new source of an outdated one, the glossary's warnings and the memory's offers.
    404 for a language the user does not work in or the material is not translated into."""
    if language not in material.target_languages or language not in reviewer_languages(user):
        raise Http404
    translations = {
        t.segment_id: t
        for t in Translation.objects.filter(segment__material=material, language=language)
    }
    terms = _glossary(language)
    rows = []
    for segment in material.segments.order_by("position"):
        translation = translations.get(segment.pk)
        outdated = _is_outdated(translation, segment)
        state = State.OUTDATED if outdated else (translation.state if translation else "")
        rows.append(
            TranslationRow(
                segment=segment,
                translation=translation,
                state=state or State.UNTRANSLATED,
                outdated=outdated,
                old_source=translation.source_then if outdated and translation else "",
                new_source=segment.source,
                glossary_warnings=_warnings(
                    terms, segment.source, translation.text if translation else "", language
                ),
                memory_suggestions=[]
                if translation is not None and translation.state == State.APPROVED
                else memory_suggestions(
                    source=segment.source, language=language, exclude_segment=segment
                ),
            )
        )
    return rows


def _counts(material: Material, language: str) -> dict[str, int]:
    counts = {state: 0 for state in State.values}
    segments = list(material.segments.all())
    translations = {
        t.segment_id: t
        for t in Translation.objects.filter(segment__material=material, language=language)
    }
    for segment in segments:
        translation = translations.get(segment.pk)
        if _is_outdated(translation, segment):
            counts[State.OUTDATED] += 1
        else:
            counts[translation.state if translation else State.UNTRANSLATED] += 1
    return counts


def _source_state(material: Material, edition: Edition | None) -> str:
    if edition is None:
        return "in translation"
    if material.source_changed_at and material.source_changed_at > edition.published_at:
        return "outdated"
    return "published"


def _target_state(counts: dict[str, int], edition: Edition | None) -> str:
    total = sum(counts.values())
    if counts[State.OUTDATED]:
        return "outdated"
    if edition is not None and counts[State.APPROVED] == total:
        return "published"
    if counts[State.UNTRANSLATED] == total:
        return "not started"
    if counts[State.UNTRANSLATED] or counts[State.DRAFT]:
        return "in translation"
    return "in review"


def language_progress(material: Material) -> dict[str, dict]:
    """Each language of the material (the source first): where it stands ("published",
    "in review", "in translation", "outdated", "not started"), its segments counted per
    state and its published edition."""
    editions = {
        edition.language: edition
        for edition in Edition.objects.filter(material=material, status=EditionStatus.PUBLISHED)
    }
    progress = {}
    source = material.source_language
    source_counts = {state: 0 for state in State.values}
    source_counts[State.APPROVED] = material.segments.count()
    progress[source] = {
        "state": _source_state(material, editions.get(source)),
        "counts": source_counts,
        "edition": editions.get(source),
    }
    for language in material.target_languages:
        counts = _counts(material, language)
        progress[language] = {
            "state": _target_state(counts, editions.get(language)),
            "counts": counts,
            "edition": editions.get(language),
        }
    return progress


def staleness_report(*, user) -> list[dict]:
    """Every edition and language out of step with its source or with the law it cites
    (``komek.publications.staleness``), limited to the user's languages."""
    languages = set(reviewer_languages(user))
    if role_can(user, Capability.PUBLICATIONS_VIEW):
        languages |= set(ALL_LANGUAGES)
    return [row for row in staleness.report() if row["language"] in languages]
