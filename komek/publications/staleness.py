"""Which editions and languages are out of step with their source text or with the law.

Out of step with the source: a published edition whose material's segments changed (or
were added or removed) after it was published; a language without a published edition
whose translations are outdated. Out of step with the law: a published edition citing a
navigator rule (``LegalReference.rule_code``) whose current version was written after the
edition was published or is in force from after the date of the law the edition reflects,
or citing an article in force only after that date."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from komek.navigator.models import Rule
from komek.publications.models import Edition, EditionStatus, Material, State, Translation


def _day(moment: datetime | date) -> date:
    return timezone.localdate(moment) if isinstance(moment, datetime) else moment


def _since(moments: list[datetime | date]) -> datetime | date:
    """The earliest of rule versions' dates and datetimes, compared as days."""
    return min(moments, key=_day)


def _source_rows(material: Material, editions: dict[str, Edition]) -> list[dict]:
    rows = []
    segments = list(material.segments.all())
    keys = {segment.key for segment in segments}
    for language in [material.source_language, *material.target_languages]:
        edition = editions.get(language)
        if edition is not None:
            frozen = {part["key"] for part in edition.body} | {"title"}
            changed = [
                s for s in segments if s.changed_at > edition.published_at or s.key not in frozen
            ]
            removed = frozen - keys
            count = len(changed) + len(removed)
            if not count:
                continue
            moments = [s.changed_at for s in changed]
            if removed and material.source_changed_at:
                moments.append(material.source_changed_at)
            rows.append(
                {
                    "material": material,
                    "language": language,
                    "edition": edition,
                    "reason": "source",
                    "segments": count,
                    "since": min(moments) if moments else edition.published_at,
                    "detail": ", ".join(sorted([s.key for s in changed] + sorted(removed))),
                }
            )
            continue
        outdated = [
            t
            for t in Translation.objects.filter(segment__material=material, language=language)
            .exclude(state=State.UNTRANSLATED)
            .select_related("segment")
            if t.state == State.OUTDATED or t.source_version < t.segment.version
        ]
        if outdated:
            rows.append(
                {
                    "material": material,
                    "language": language,
                    "edition": None,
                    "reason": "source",
                    "segments": len(outdated),
                    "since": min(t.segment.changed_at for t in outdated),
                    "detail": ", ".join(t.segment.key for t in outdated),
                }
            )
    return rows


def _law_rows(
    material: Material, editions: dict[str, Edition], rules: dict[str, Rule]
) -> list[dict]:
    rows = []
    references = list(material.references.all())
    for language, edition in editions.items():
        reasons, moments = [], []
        for reference in references:
            rule = rules.get(reference.rule_code) if reference.rule_code else None
            if rule is not None and (
                rule.created_at > edition.published_at
                or (rule.valid_from is not None and rule.valid_from > edition.law_as_of)
            ):
                reasons.append(
                    _("%(rule)s, version %(version)s")
                    % {"rule": rule.name, "version": rule.version}
                )
                moments.append(
                    rule.valid_from
                    if rule.valid_from is not None and rule.valid_from > edition.law_as_of
                    else rule.created_at
                )
            if (
                reference.effective_from is not None
                and reference.effective_from > edition.law_as_of
            ):
                reasons.append(
                    _("%(reference)s, in force from %(day)s")
                    % {"reference": reference, "day": reference.effective_from.isoformat()}
                )
                moments.append(reference.effective_from)
        if reasons:
            rows.append(
                {
                    "material": material,
                    "language": language,
                    "edition": edition,
                    "reason": "law",
                    # The whole edition is to be read again against the law.
                    "segments": len(edition.body) + 1,
                    "since": _since(moments),
                    "detail": "; ".join(reasons),
                }
            )
    return rows


def report() -> list[dict]:
    """Every row out of step, oldest first: ``{material, language, edition, reason
    ("source" or "law"), segments, since, detail}``."""
    rules = {rule.code: rule for rule in Rule.objects.filter(replaced_by__isnull=True)}
    rows = []
    for material in Material.objects.prefetch_related("references"):
        editions = {
            edition.language: edition
            for edition in Edition.objects.filter(material=material, status=EditionStatus.PUBLISHED)
        }
        rows += _source_rows(material, editions)
        rows += _law_rows(material, editions, rules)
    return sorted(rows, key=lambda row: (_day(row["since"]), row["material"].slug, row["language"]))
