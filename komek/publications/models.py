"""Booklets, leaflets and articles on the migration law, their translations and their
printed copies.

A material's body is a list of segments in its source language (Russian by default). Each
segment is translated into each target language through a workflow (untranslated → draft
→ needs review → approved); a change of a segment's source turns its translations
*outdated*, keeping the source each was made from so that a reviewer sees old and new
side by side. An edition is one language of a material published at one moment: a frozen
copy of the approved text, with the date of the law it reflects, its PDFs, its print runs
and the copies handed out. A newer edition supersedes it; a change of the law can
withdraw it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from komek.accounts.models import Office
from komek.core.jobs import FileJob
from komek.partners.models import Partner


class Language(models.TextChoices):
    """The languages a material is written and translated in, named in themselves (as a
    reader looks for their own language)."""

    RU = "ru", "Русский"
    UZ = "uz", "Oʻzbekcha"
    UZ_CYRL = "uz-Cyrl", "Ўзбекча"
    TG = "tg", "Тоҷикӣ"
    KY = "ky", "Кыргызча"
    KK = "kk", "Қазақша"
    EN = "en", "English"


# Drafted from one another by transliteration, then checked by a reviewer.
TRANSLITERATED_FROM = {Language.UZ_CYRL: Language.UZ, Language.UZ: Language.UZ_CYRL}


class Kind(models.TextChoices):
    BOOKLET = "booklet", _("booklet")
    LEAFLET = "leaflet", _("leaflet")
    POSTER = "poster", _("poster")
    ARTICLE = "article", _("web article")


class Audience(models.TextChoices):
    MIGRANTS = "migrants", _("migrant workers")
    FAMILIES = "families", _("migrants' families")
    EMPLOYERS = "employers", _("employers")
    OFFICIALS = "officials", _("officials")


class Topic(models.TextChoices):
    ENTRY_STAY = "entry_stay", _("entry and stay")
    REGISTRATION = "registration", _("registration")
    WORK = "work", _("work and permits")
    RIGHTS = "rights", _("rights and where to turn")
    DOCUMENTS = "documents", _("lost or taken documents")
    RETURN = "return", _("going home")
    HEALTH = "health", _("health")
    TRAFFICKING = "trafficking", _("trafficking and forced labour")


class Material(models.Model):
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.BOOKLET)
    audience = models.CharField(
        _("audience"), max_length=12, choices=Audience.choices, default=Audience.MIGRANTS
    )
    topic = models.CharField(_("topic"), max_length=14, choices=Topic.choices)
    source_language = models.CharField(
        _("source language"), max_length=8, choices=Language.choices, default=Language.RU
    )
    # The languages it is to be translated into (codes of Language), besides its source.
    target_languages = models.JSONField(_("target languages"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When any source segment last changed (the staleness report's "since").
    source_changed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["slug"]

    def __str__(self) -> str:
        title = self.segments.filter(kind=SegmentKind.TITLE).first()
        return title.source if title else self.slug


class LegalReference(models.Model):
    """An act and article a material explains. ``rule_code`` names the navigator's rule
    built on it, where there is one: a newer version of that rule means the material may
    no longer say what the law says."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="references")
    act = models.CharField(_("legal act"), max_length=300)
    article = models.CharField(_("article"), max_length=60, blank=True)
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    link = models.URLField(_("link to the text"), blank=True)
    rule_code = models.CharField(_("navigator rule"), max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legal reference")
        verbose_name_plural = _("legal references")
        ordering = ["material", "pk"]

    def __str__(self) -> str:
        return f"{self.act}, {self.article}" if self.article else self.act


class SegmentKind(models.TextChoices):
    TITLE = "title", _("title")
    HEADING = "heading", _("heading")
    PARAGRAPH = "paragraph", _("paragraph")
    LIST = "list", _("list")
    TABLE = "table", _("table")
    CALLOUT = "callout", _("callout")


class Segment(models.Model):
    """One translatable unit of a material's source text, in a small Markdown subset
    (rendered by komek.publications.markup, never as raw HTML). ``key`` is its stable id in
    exchange files; ``version`` counts the changes of its source."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="segments")
    key = models.SlugField(_("segment id"), max_length=20)
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=10, choices=SegmentKind.choices)
    source = models.TextField(_("source text"))
    version = models.PositiveIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["material", "position"]
        constraints = [
            models.UniqueConstraint(fields=["material", "key"], name="segment_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.material.slug}/{self.key}"


class State(models.TextChoices):
    UNTRANSLATED = "untranslated", _("untranslated")
    DRAFT = "draft", _("draft")
    NEEDS_REVIEW = "needs_review", _("needs review")
    APPROVED = "approved", _("approved")
    OUTDATED = "outdated", _("outdated")


class Origin(models.TextChoices):
    TYPED = "typed", _("typed")
    TRANSLITERATED = "transliterated", _("transliterated")
    MEMORY = "memory", _("from translation memory")
    IMPORTED = "imported", _("imported from a file")


class Translation(models.Model):
    """A segment in one target language. ``source_version`` and ``source_then`` are the
    segment's version and source text the translation was made from: when the segment's
    version is newer, the translation is outdated and the two sources are compared."""

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    text = models.TextField(_("translation"), blank=True)
    state = models.CharField(
        _("state"), max_length=14, choices=State.choices, default=State.UNTRANSLATED
    )
    origin = models.CharField(_("origin"), max_length=14, choices=Origin.choices, blank=True)
    source_version = models.PositiveIntegerField(default=0)
    source_then = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["segment__position", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["segment", "language"], name="translation_segment_language_unique"
            )
        ]
        indexes = [models.Index(fields=["language", "state"], name="translation_language_state")]

    def __str__(self) -> str:
        return f"{self.segment} [{self.language}]"


class Reviewer(models.Model):
    """The languages a translator or reviewer works in. An external reviewer (role
    ``translator``) sees the translation pages of these languages and nothing else; staff
    reviewers without a row review every language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="publication_reviewer"
    )
    languages = models.JSONField(_("languages"), default=list)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("translation reviewer")
        verbose_name_plural = _("translation reviewers")

    def __str__(self) -> str:
        return str(self.user)


class GlossaryTerm(models.Model):
    """A legal term of the source language and its agreed rendering in one language."""

    term = models.CharField(_("term"), max_length=200)
    source_language = models.CharField(
        _("source language"), max_length=8, choices=Language.choices, default=Language.RU
    )
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    rendering = models.CharField(_("rendering"), max_length=200, blank=True)
    approved = models.BooleanField(_("approved"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["term", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "source_language", "language"], name="glossary_term_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.term} → {self.rendering}"


class EditionStatus(models.TextChoices):
    PUBLISHED = "published", _("published")
    SUPERSEDED = "superseded", _("superseded by a newer edition")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Edition(models.Model):
    """One language of a material as published: ``body`` is the frozen list of
    ``{"key", "kind", "text"}`` at publication, so it stays readable however the segments
    change afterwards. ``law_as_of`` is the date of the legal text it reflects."""

    material = models.ForeignKey(Material, on_delete=models.PROTECT, related_name="editions")
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    number = models.PositiveIntegerField(_("edition"))
    status = models.CharField(
        _("status"), max_length=10, choices=EditionStatus.choices, default=EditionStatus.PUBLISHED
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.JSONField(default=list)
    law_as_of = models.DateField(_("law as of"))
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawal_reason = models.CharField(_("reason"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["material", "language", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["material", "language", "number"], name="edition_number_unique"
            ),
            models.UniqueConstraint(
                fields=["material", "language"],
                condition=Q(status="published"),
                name="edition_one_published",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.material.slug} [{self.language}] #{self.number}"


class FileKind(models.TextChoices):
    BOOKLET = "booklet", _("A5 booklet")
    IMPOSED = "imposed", _("imposed for saddle-stitch printing (A4, two up)")


class EditionFile(FileJob):
    """A PDF of an edition, written in the background and kept with it."""

    folder = "publications"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=8, choices=FileKind.choices)
    pages = models.PositiveIntegerField(default=0)

    class Meta(FileJob.Meta):
        verbose_name = _("edition file")
        verbose_name_plural = _("edition files")


class PrintRun(models.Model):
    """Copies of an edition printed and delivered to an office's stock."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="print_runs"
    )
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("copies"))
    printer = models.CharField(_("printer"), max_length=200)
    cost = models.DecimalField(_("cost"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="KZT")
    # The project it is charged to (an aid project's code, where the aid module keeps one).
    project_code = models.CharField(_("project"), max_length=40, blank=True)
    printed_on = models.DateField(_("printed on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("print run")
        verbose_name_plural = _("print runs")
        ordering = ["-printed_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="print_run_copies")]

    def __str__(self) -> str:
        return f"{self.edition} × {self.quantity}"


class Channel(models.TextChoices):
    OFFICE = "office", _("at the office")
    OUTREACH = "outreach", _("outreach point")
    TRAINING = "training", _("training event")
    PARTNER = "partner", _("partner organisation")


class Handout(models.Model):
    """Copies of an edition given out from an office's stock."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="handouts"
    )
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("where"), max_length=10, choices=Channel.choices)
    place = models.CharField(_("place or event"), max_length=200, blank=True)
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    quantity = models.PositiveIntegerField(_("copies"))
    handed_out_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("copies handed out")
        verbose_name_plural = _("copies handed out")
        ordering = ["-handed_out_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="handout_copies")]

    def __str__(self) -> str:
        return f"{self.edition} × {self.quantity}"
