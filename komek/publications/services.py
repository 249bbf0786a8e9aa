"""Writes to the booklets: their source text, its translations through the review
workflow, the glossary and the editions published from approved text.

Every write is one transaction, audited, and refuses with a ``ValidationError`` that says
what to do, leaving nothing written. A change of a segment's source turns its translations
*outdated*; each translation keeps the source it was made from (``source_then``) so that
the reviewer compares old and new. Published editions are frozen copies: they are never
changed by an edit of the segments (the staleness report finds them)."""

import re
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.audit.models import Action
from komek.audit.services import create_audited, record, update_audited
from komek.core.permissions import role_can
from komek.core.roles import Capability
from komek.publications import exchange, translit
from komek.publications.models import (
    TRANSLITERATED_FROM,
    Edition,
    EditionStatus,
    GlossaryTerm,
    Language,
    LegalReference,
    Material,
    Origin,
    Reviewer,
    Segment,
    SegmentKind,
    State,
    Translation,
)
from komek.publications.selectors import reviewer_languages

MATERIAL_FIELDS = ("slug", "kind", "audience", "topic", "source_language", "target_languages")
REFERENCE_FIELDS = ("material", "act", "article", "effective_from", "link", "rule_code")
GLOSSARY_FIELDS = ("term", "source_language", "language", "rendering", "approved", "note")
EDITION_FIELDS = ("material", "language", "number", "status", "title", "law_as_of")
TITLE_KEY = "title"
# The addresses of the module's own pages (/publications/new/ …), which a material's
# address /publications/<slug>/ would never reach.
RESERVED_SLUGS = frozenset({"new", "work", "staleness", "glossary", "print"})
KEY_PATTERN = re.compile(r"^s(\d+)$")
LANGUAGE_CODES = set(Language.values)


def _check_languages(source_language: str, target_languages: Iterable[str]) -> list[str]:
    targets = list(dict.fromkeys(target_languages))
    unknown = sorted(set(targets) - LANGUAGE_CODES)
    if unknown:
        raise ValidationError(
            {"target_languages": _("Unknown languages: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    if source_language in targets:
        raise ValidationError(
            {"target_languages": _("The source language is not translated into itself.")}
        )
    return targets


def _title(material: Material) -> Segment:
    return material.segments.get(key=TITLE_KEY)


def _touch_source(material: Material, moment) -> None:
    Material.objects.filter(pk=material.pk).update(source_changed_at=moment)
    material.source_changed_at = moment


def _check_may_translate(user, material: Material, language: str) -> None:
    if language not in material.target_languages:
        raise ValidationError(
            _("%(language)s is not one of this material's target languages.")
            % {"language": language}
        )
    # No user: a command run by someone with the server's shell.
    if user is None:
        return
    may_translate = role_can(user, Capability.PUBLICATIONS_TRANSLATE) or role_can(
        user, Capability.PUBLICATIONS_REVIEW
    )
    if not may_translate or language not in reviewer_languages(user):
        raise ValidationError(
            _("You do not work in %(language)s: ask a coordinator to add it to your languages.")
            % {"language": language}
        )


def _check_may_review(user, language: str) -> None:
    if user is not None and (
        not role_can(user, Capability.PUBLICATIONS_REVIEW)
        or language not in reviewer_languages(user)
    ):
        raise ValidationError(
            _("You may not review translations into %(language)s.") % {"language": language}
        )


@transaction.atomic
def material_create(
    *,
    user,
    slug: str,
    kind: str,
    audience: str,
    topic: str,
    title: str,
    source_language: str = "ru",
    target_languages: list[str],
) -> Material:
    """A new material with its title as its first segment (key "title")."""
    targets = _check_languages(source_language, target_languages)
    if not title.strip():
        raise ValidationError({"title": _("Give the material a title.")})
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            {"slug": _("“%(slug)s” names a page of its own: choose another.") % {"slug": slug}}
        )
    material = create_audited(
        obj=Material(
            slug=slug,
            kind=kind,
            audience=audience,
            topic=topic,
            source_language=source_language,
            target_languages=targets,
            created_by=user,
        ),
        actor=user,
        fields=MATERIAL_FIELDS,
    )
    create_audited(
        obj=Segment(
            material=material,
            key=TITLE_KEY,
            position=0,
            kind=SegmentKind.TITLE,
            source=title.strip(),
            changed_by=user,
        ),
        actor=user,
        fields=("key", "kind", "source"),
    )
    return material


@transaction.atomic
def material_update(*, user, material: Material, **fields) -> Material:
    """Change the material's fields; ``title`` edits its title segment (which outdates the
    title's translations like any source edit). The source language stays once any
    segment is translated."""
    title = fields.pop("title", None)
    unknown = set(fields) - set(MATERIAL_FIELDS)
    if unknown:
        raise TypeError(f"material_update() got unknown fields: {', '.join(sorted(unknown))}")
    source_language = fields.get("source_language", material.source_language)
    if "target_languages" in fields or "source_language" in fields:
        fields["target_languages"] = _check_languages(
            source_language, fields.get("target_languages", material.target_languages)
        )
    if (
        source_language != material.source_language
        and Translation.objects.filter(segment__material=material).exists()
    ):
        raise ValidationError(
            {"source_language": _("The source language cannot change once text is translated.")}
        )
    material = update_audited(obj=material, actor=user, changes=fields, fields=MATERIAL_FIELDS)
    if title is not None:
        segment_edit(user=user, segment=_title(material), source=title)
    return material


@transaction.atomic
def reference_add(
    *,
    user,
    material: Material,
    act: str,
    article: str = "",
    effective_from: date | None = None,
    link: str = "",
    rule_code: str = "",
) -> LegalReference:
    return create_audited(
        obj=LegalReference(
            material=material,
            act=act.strip(),
            article=article.strip(),
            effective_from=effective_from,
            link=link.strip(),
            rule_code=rule_code.strip(),
        ),
        actor=user,
        fields=REFERENCE_FIELDS,
    )


@transaction.atomic
def reference_remove(*, user, reference: LegalReference) -> None:
    record(actor=user, action=Action.DELETE, obj=reference, detail=str(reference))
    reference._history_user = user  # type: ignore[attr-defined]  # simple_history's
    reference.delete()


def _next_key(material: Material) -> str:
    numbers = [
        int(match.group(1))
        for key in material.segments.values_list("key", flat=True)
        if (match := KEY_PATTERN.match(key))
    ]
    return f"s{max(numbers, default=0) + 1:04d}"


def _locked_material(material: Material) -> Material:
    return Material.objects.select_for_update().get(pk=material.pk)


@transaction.atomic
def segment_add(
    *, user, material: Material, kind: str, source: str, after: Segment | None = None
) -> Segment:
    """A new source segment, at the end or just after ``after``; its key is the next free
    "s0001"-style id of the material."""
    _locked_material(material)
    if kind == SegmentKind.TITLE:
        raise ValidationError({"kind": _("A material has one title: edit it instead.")})
    if not source.strip():
        raise ValidationError({"source": _("Write the segment's text.")})
    if after is not None:
        if after.material_id != material.pk:
            raise ValidationError(_("That segment belongs to another material."))
        position = after.position + 1
        material.segments.filter(position__gte=position).update(position=F("position") + 1)
    else:
        last = material.segments.aggregate(last=Max("position"))["last"]
        position = (last or 0) + 1
    now = timezone.now()
    segment = create_audited(
        obj=Segment(
            material=material,
            key=_next_key(material),
            position=position,
            kind=kind,
            source=source.strip(),
            changed_at=now,
            changed_by=user,
        ),
        actor=user,
        fields=("key", "kind", "position", "source"),
    )
    _touch_source(material, now)
    return segment


@transaction.atomic
def segment_edit(*, user, segment: Segment, source: str) -> Segment:
    """Change the segment's source. Its translations turn outdated, each keeping the
    source it was made from; published editions stay as they were."""
    locked = Segment.objects.select_for_update().get(pk=segment.pk)
    source = source.strip()
    if not source:
        raise ValidationError({"source": _("Write the segment's text.")})
    if source == locked.source:
        return locked
    now = timezone.now()
    segment = update_audited(
        obj=locked,
        actor=user,
        changes={
            "source": source,
            "version": locked.version + 1,
            "changed_at": now,
            "changed_by": user,
        },
        fields=("source", "version"),
    )
    outdated = segment.translations.exclude(state__in=[State.UNTRANSLATED, State.OUTDATED])
    for translation in outdated.select_for_update():
        before = translation.state
        translation.state = State.OUTDATED
        translation._history_user = user  # type: ignore[attr-defined]  # simple_history's
        translation.save(update_fields=["state"])
        record(
            actor=user,
            action=Action.CHANGE,
            obj=translation,
            changes={"state": [before, State.OUTDATED.value]},
            detail=f"source of {segment.key} changed to version {segment.version}",
        )
    _touch_source(segment.material, now)
    return segment


@transaction.atomic
def segment_move(*, user, segment: Segment, position: int) -> Segment:
    """Put the segment at ``position`` (1 is the first after the title) and renumber."""
    material = _locked_material(segment.material)
    if segment.key == TITLE_KEY:
        raise ValidationError(_("The title stays first."))
    others = list(material.segments.exclude(key=TITLE_KEY).exclude(pk=segment.pk))
    index = min(max(position, 1), len(others) + 1) - 1
    ordered = [*others[:index], segment, *others[index:]]
    before = segment.position
    for number, each in enumerate(ordered, start=1):
        if each.position != number:
            Segment.objects.filter(pk=each.pk).update(position=number)
    segment.position = index + 1
    record(
        actor=user,
        action=Action.CHANGE,
        obj=segment,
        changes={"position": [before, segment.position]},
    )
    _touch_source(material, timezone.now())
    return segment


@transaction.atomic
def segment_delete(*, user, segment: Segment) -> None:
    """Remove the segment and its translations; editions keep their frozen copy."""
    material = _locked_material(segment.material)
    if segment.key == TITLE_KEY:
        raise ValidationError(_("A material keeps its title: edit it instead."))
    record(actor=user, action=Action.DELETE, obj=segment, detail=segment.source[:300])
    segment._history_user = user  # type: ignore[attr-defined]  # simple_history's
    segment.delete()
    _touch_source(material, timezone.now())


def _translation_locked(segment: Segment, language: str) -> Translation:
    translation, _created = Translation.objects.select_for_update().get_or_create(
        segment=segment, language=language
    )
    return translation


def _write(translation: Translation, *, user, changes: dict, detail: str = "") -> Translation:
    before = {field: getattr(translation, field) for field in ("text", "state", "origin")}
    for field, value in changes.items():
        setattr(translation, field, value)
    translation._history_user = user  # type: ignore[attr-defined]  # simple_history's
    translation.full_clean()
    translation.save()
    record(
        actor=user,
        action=Action.CHANGE,
        obj=translation,
        changes={
            field: [before[field], getattr(translation, field)]
            for field in before
            if before[field] != getattr(translation, field)
        },
        detail=detail,
    )
    return translation


def _save(
    *, user, segment: Segment, language: str, text: str, state: str, origin: str
) -> Translation:
    """Write ``text`` as the translation of the segment's current source; an approved
    one is stamped as reviewed by ``user``."""
    segment = Segment.objects.select_related("material").get(pk=segment.pk)
    _check_may_translate(user, segment.material, language)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the translation; an empty one is not saved.")})
    translation = _translation_locked(segment, language)
    now = timezone.now()
    reviewed = {"reviewed_by": user, "reviewed_at": now} if state == State.APPROVED else {}
    return _write(
        translation,
        user=user,
        changes={
            "text": text,
            "state": state,
            "origin": origin,
            "source_version": segment.version,
            "source_then": segment.source,
            "updated_by": user,
            "updated_at": now,
            **reviewed,
        },
    )


@transaction.atomic
def translation_save(
    *,
    user,
    segment: Segment,
    language: str,
    text: str,
    submit: bool = False,
    origin: str = Origin.TYPED,
) -> Translation:
    """Save a translation of the segment's current source: a draft, or submitted for
    review."""
    return _save(
        user=user,
        segment=segment,
        language=language,
        text=text,
        state=State.NEEDS_REVIEW if submit else State.DRAFT,
        origin=origin,
    )


@transaction.atomic
def translation_approve(*, user, translation: Translation, text: str | None = None) -> Translation:
    """Approve the translation, corrected to ``text`` if given. A translation made from an
    older source is approved only with a text written against the current one."""
    translation = Translation.objects.select_for_update().get(pk=translation.pk)
    segment = Segment.objects.select_related("material").get(pk=translation.segment_id)
    _check_may_review(user, translation.language)
    _check_may_translate(user, segment.material, translation.language)
    changes: dict = {
        "state": State.APPROVED,
        "reviewed_by": user,
        "reviewed_at": timezone.now(),
    }
    if text is not None and text.strip() != translation.text:
        if not text.strip():
            raise ValidationError({"text": _("Write the translation; an empty one is not saved.")})
        changes.update(
            text=text.strip(), source_version=segment.version, source_then=segment.source
        )
        changes.update(updated_by=user, updated_at=timezone.now())
    elif translation.state == State.OUTDATED or translation.source_version != segment.version:
        raise ValidationError(
            _(
                "The source of %(key)s changed after this translation was made: compare the "
                "old and new source, correct the translation and save it before approving."
            )
            % {"key": segment.key}
        )
    elif translation.state == State.UNTRANSLATED or not translation.text:
        raise ValidationError(_("There is no translation to approve yet."))
    return _write(translation, user=user, changes=changes)


@transaction.atomic
def translation_reject(*, user, translation: Translation, note: str) -> Translation:
    """Send the translation back to its translator as a draft, saying why."""
    translation = Translation.objects.select_for_update().get(pk=translation.pk)
    _check_may_review(user, translation.language)
    if not note.strip():
        raise ValidationError({"note": _("Say what is wrong, so the translator can fix it.")})
    if translation.state == State.UNTRANSLATED:
        raise ValidationError(_("There is no translation to reject yet."))
    return _write(translation, user=user, changes={"state": State.DRAFT}, detail=note.strip())


def _script_twin_text(segment: Segment, language: str) -> str:
    other = TRANSLITERATED_FROM[Language(language)]
    if segment.material.source_language == other:
        return segment.source
    twin = Translation.objects.filter(
        segment=segment,
        language=other,
        state__in=[State.APPROVED, State.DRAFT, State.NEEDS_REVIEW],
        source_version=segment.version,
    ).first()
    if twin is None or not twin.text:
        raise ValidationError(
            _(
                "There is no current %(other)s text of this segment to transliterate: "
                "translate it into %(other)s first."
            )
            % {"other": other}
        )
    return twin.text


@transaction.atomic
def translation_transliterate(*, user, segment: Segment, language: str) -> Translation:
    """Draft Uzbek in one script from its text in the other, for a reviewer to check."""
    if language not in TRANSLITERATED_FROM:
        raise ValidationError(
            _("Only Uzbek is drafted by transliteration, not %(language)s.")
            % {"language": language}
        )
    segment = Segment.objects.select_related("material").get(pk=segment.pk)
    text = _script_twin_text(segment, language)
    convert = translit.latin_to_cyrillic if language == "uz-Cyrl" else translit.cyrillic_to_latin
    return _save(
        user=user,
        segment=segment,
        language=language,
        text=convert(text),
        state=State.NEEDS_REVIEW,
        origin=Origin.TRANSLITERATED,
    )


def _publishable(material: Material, language: str) -> tuple[list[Segment], dict[int, str]]:
    segments = list(material.segments.order_by("position"))
    if language == material.source_language:
        return segments, {}
    approved = {
        translation.segment_id: translation.text
        for translation in Translation.objects.filter(
            segment__material=material,
            language=language,
            state=State.APPROVED,
            source_version=F("segment__version"),
        )
    }
    return segments, approved


@transaction.atomic
def edition_publish(*, user, material: Material, language: str, law_as_of: date) -> Edition:
    """Publish the approved text of ``language`` as its next edition, frozen; the edition
    it replaces is superseded. Refused, naming them, while any segment is not approved."""
    material = _locked_material(material)
    if language != material.source_language and language not in material.target_languages:
        raise ValidationError(
            _("%(language)s is not one of this material's languages.") % {"language": language}
        )
    if law_as_of is None:
        raise ValidationError({"law_as_of": _("Give the date of the law the text reflects.")})
    segments, approved = _publishable(material, language)
    if language == material.source_language:
        texts = {segment.pk: segment.source for segment in segments}
    else:
        missing = [segment.key for segment in segments if segment.pk not in approved]
        if missing:
            raise ValidationError(
                _("Not every segment is approved yet: %(keys)s. Approve them before publishing.")
                % {"keys": ", ".join(missing)}
            )
        texts = approved
    previous = Edition.objects.select_for_update().filter(
        material=material, language=language, status=EditionStatus.PUBLISHED
    )
    for edition in previous:
        update_audited(
            obj=edition,
            actor=user,
            changes={"status": EditionStatus.SUPERSEDED},
            fields=EDITION_FIELDS,
        )
    last = Edition.objects.filter(material=material, language=language).aggregate(
        last=Max("number")
    )["last"]
    return create_audited(
        obj=Edition(
            material=material,
            language=language,
            number=(last or 0) + 1,
            title=next(texts[s.pk] for s in segments if s.key == TITLE_KEY),
            body=[
                {"key": s.key, "kind": s.kind, "text": texts[s.pk]}
                for s in segments
                if s.key != TITLE_KEY
            ],
            law_as_of=law_as_of,
            published_at=timezone.now(),
            published_by=user,
        ),
        actor=user,
        fields=EDITION_FIELDS,
    )


@transaction.atomic
def edition_withdraw(*, user, edition: Edition, reason: str) -> Edition:
    """Withdraw the edition (its copies are no longer handed out), saying why."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.status == EditionStatus.WITHDRAWN:
        raise ValidationError(_("This edition is withdrawn already."))
    if not reason.strip():
        raise ValidationError({"withdrawal_reason": _("Say why the edition is withdrawn.")})
    return update_audited(
        obj=edition,
        actor=user,
        changes={
            "status": EditionStatus.WITHDRAWN,
            "withdrawn_at": timezone.now(),
            "withdrawn_by": user,
            "withdrawal_reason": reason.strip(),
        },
        fields=(*EDITION_FIELDS, "withdrawal_reason"),
    )


@transaction.atomic
def glossary_save(
    *,
    user,
    term: str,
    language: str,
    rendering: str,
    approved: bool,
    note: str = "",
    source_language: str = "ru",
) -> GlossaryTerm:
    """Add the term's rendering in ``language``, or change it."""
    term = term.strip()
    if approved and not rendering.strip():
        raise ValidationError({"rendering": _("An approved term needs its rendering.")})
    existing = (
        GlossaryTerm.objects.select_for_update()
        .filter(term=term, source_language=source_language, language=language)
        .first()
    )
    values = {"rendering": rendering.strip(), "approved": approved, "note": note.strip()}
    if existing is None:
        return create_audited(
            obj=GlossaryTerm(
                term=term, source_language=source_language, language=language, **values
            ),
            actor=user,
            fields=GLOSSARY_FIELDS,
        )
    return update_audited(obj=existing, actor=user, changes=values, fields=GLOSSARY_FIELDS)


@transaction.atomic
def import_translations(
    *,
    user,
    material: Material,
    language: str,
    content: bytes,
    file_name: str,
    approve: bool = False,
) -> exchange.ImportResult:
    """Import a translator's XLIFF or PO file: every unit is checked first, and the file is
    refused whole (``exchange.ImportRefused`` naming each problem) if any is wrong.
    Imported segments land as "needs review", or approved if ``approve`` and ``user`` may
    review."""
    material = _locked_material(material)
    _check_may_translate(user, material, language)
    if approve:
        _check_may_review(user, language)
    segments = {segment.key: segment for segment in material.segments.all()}
    units = exchange.parse(content, file_name)
    exchange.check(units, segments, language)
    result = exchange.ImportResult()
    current = {
        translation.segment_id: translation
        for translation in Translation.objects.filter(segment__material=material, language=language)
    }
    for unit in units:
        # A unit the translator left unsure ("fuzzy") is reviewed whatever ``approve`` says.
        state = State.APPROVED if approve and not unit.fuzzy else State.NEEDS_REVIEW
        if not unit.target.strip():
            result.empty.append(unit.id)
            continue
        segment = segments[unit.id]
        existing = current.get(segment.pk)
        if (
            existing is not None
            and existing.text == unit.target.strip()
            and existing.source_version == segment.version
            and existing.state in (state, State.APPROVED)
        ):
            result.unchanged.append(unit.id)
            continue
        _save(
            user=user,
            segment=segment,
            language=language,
            text=unit.target,
            state=state,
            origin=Origin.IMPORTED,
        )
        result.imported.append(unit.id)
    record(
        actor=user,
        action=Action.CHANGE,
        obj=material,
        detail=f"{file_name} [{language}]: {len(result.imported)} imported"[:500],
    )
    return result


@transaction.atomic
def translator_languages_set(*, by, translator, languages: list[str]) -> Reviewer:
    """Give ``translator`` the languages they translate and review (none: no access)."""
    unknown = sorted(set(languages) - LANGUAGE_CODES)
    if unknown:
        raise ValidationError(
            {"languages": _("Unknown languages: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    chosen = [code for code in Language.values if code in languages]
    existing = Reviewer.objects.select_for_update().filter(user=translator).first()
    if existing is None:
        return create_audited(
            obj=Reviewer(user=translator, languages=chosen), actor=by, fields=("user", "languages")
        )
    return update_audited(
        obj=existing, actor=by, changes={"languages": chosen}, fields=("languages",)
    )
