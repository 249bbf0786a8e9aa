import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from komek.accounts.scoping import OfficeOwned
from komek.core.names import in_reader_language


class Topic(models.Model):
    """A consultation topic. Data the coordinators edit, not code."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ru = models.CharField(_("name in Russian"), max_length=150)
    name_kk = models.CharField(_("name in Kazakh"), max_length=150, blank=True)
    name_en = models.CharField(_("name in English"), max_length=150, blank=True)
    # How migrants read the topic on the public portal (komek/core/names.py).
    name_uz = models.CharField(_("name in Uzbek (Latin)"), max_length=150, blank=True)
    name_uz_cyrl = models.CharField(_("name in Uzbek (Cyrillic)"), max_length=150, blank=True)
    name_tg = models.CharField(_("name in Tajik"), max_length=150, blank=True)
    name_ky = models.CharField(_("name in Kyrgyz"), max_length=150, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return in_reader_language(self, "name", primary="name_ru")


class Channel(models.TextChoices):
    CALL = "call", _("call")
    WALK_IN = "walk_in", _("walk-in")
    MESSAGE = "message", _("message")
    OUTREACH = "outreach", _("outreach meeting")
    # A callback the person asked for on the centre's public site: nobody took it.
    WEB_FORM = "web_form", _("web form")


class Direction(models.TextChoices):
    INCOMING = "in", _("incoming")
    OUTGOING = "out", _("outgoing")


class Outcome(models.TextChoices):
    ANSWERED = "answered", _("answered")
    REFERRED_LAWYER = "lawyer", _("referred to a lawyer")
    REFERRED_PARTNER = "partner", _("referred to a partner")
    CALLBACK = "callback", _("callback needed")


class ContactLanguage(models.TextChoices):
    RU = "ru", "Русский"
    KK = "kk", "Қазақша"
    UZ = "uz", "Oʻzbekcha"
    TG = "tg", "Тоҷикӣ"
    KY = "ky", "Кыргызча"
    EN = "en", "English"
    OTHER = "other", _("other")


class Contact(OfficeOwned):
    """A call, walk-in, message or outreach meeting, with or without a known person."""

    at = models.DateTimeField(_("when"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    direction = models.CharField(
        _("direction"), max_length=3, choices=Direction.choices, default=Direction.INCOMING
    )
    language = models.CharField(
        _("language"), max_length=5, choices=ContactLanguage.choices, default=ContactLanguage.RU
    )
    # None for a callback requested through the web form: no one of the staff took it.
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
    )
    caller_phone = models.CharField(_("caller's phone"), max_length=20, blank=True)
    caller_name = models.CharField(_("caller's name"), max_length=100, blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True)
    question = models.TextField(_("question"), blank=True)
    answer = models.TextField(_("answer given"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    duration_seconds = models.PositiveIntegerField(_("duration, seconds"), null=True, blank=True)
    callback_due = models.DateTimeField(_("call back by"), null=True, blank=True)
    callback_done_at = models.DateTimeField(_("called back"), null=True, blank=True)
    # Asked when a callback is requested: a call to a person who hides from an employer or
    # lives with an abuser can put them in danger. None: not asked (a contact logged
    # before the question, or no callback requested).
    callback_safe = models.BooleanField(_("safe to call back"), null=True, blank=True)
    callback_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who calls back"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # One key per form shown: a resubmitted form finds its contact instead of a twin.
    submission_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["submission_key"])

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["caller_phone", "-at"]),
            models.Index(fields=["person", "-at"]),
            # An office's contacts newest first (read backwards), and the people it served
            # in a period counted from the index alone; the same without the office.
            models.Index(fields=["office", "at", "person"], name="contact_office_at_person"),
            models.Index(fields=["at", "person"], name="contact_at_person"),
            models.Index(
                fields=["office", "callback_due"],
                condition=Q(callback_due__isnull=False, callback_done_at__isnull=True),
                name="contact_open_callbacks",
            ),
            # Callers referred to a lawyer, office by office: the queue of those waiting
            # for a case reads them without the office's other contacts.
            models.Index(
                fields=["office", "at"],
                condition=Q(outcome="lawyer"),
                name="contact_referred_to_lawyer",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="callback") | Q(callback_due__isnull=False),
                name="contact_callback_has_due_time",
            )
        ]

    def __str__(self) -> str:
        # No words of the interface: the audit log keeps this as the contact's name.
        who = self.caller_name or self.caller_phone or "—"
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {who}"

    @property
    def from_web_form(self) -> bool:
        return self.channel == Channel.WEB_FORM

    @property
    def reference(self) -> str:
        """The short code the sender of a web-form request is shown and may quote on the
        phone: random like the submission key it is cut from, never the row's id."""
        code = self.submission_key.hex[:8].upper()
        return f"{code[:4]}-{code[4:]}"

    @property
    def callback_overdue(self) -> bool:
        return bool(
            self.callback_due and not self.callback_done_at and self.callback_due < timezone.now()
        )

    @property
    def last_callback_attempt(self) -> "CallbackAttempt | None":
        """The latest try at calling back (the attempts come in order; the queue reads them
        with the contacts)."""
        attempts = list(self.callback_attempts.all())
        return attempts[-1] if attempts else None


class AttemptOutcome(models.TextChoices):
    REACHED = "reached", _("reached")
    NO_ANSWER = "no_answer", _("no answer")
    WRONG_NUMBER = "wrong_number", _("wrong number")
    NOT_SAFE = "not_safe", _("not safe to call")


# An attempt with one of these outcomes closes the callback; after "no answer" it waits
# for the next try.
CLOSING_OUTCOMES = frozenset(
    {AttemptOutcome.REACHED, AttemptOutcome.WRONG_NUMBER, AttemptOutcome.NOT_SAFE}
)


class CallbackAttempt(models.Model):
    """One try at calling a caller back, with what came of it: the queue counts the tries
    and shows the last one, so that the next operator knows what was done."""

    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        on_delete=models.CASCADE,
        related_name="callback_attempts",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=AttemptOutcome.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("callback attempt")
        verbose_name_plural = _("callback attempts")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.outcome}"

    @property
    def closes(self) -> bool:
        return self.outcome in CLOSING_OUTCOMES


class WebRequestMark(models.Model):
    """One submission of the public callback form, kept only as keyed hashes of where it
    came from, of the number it gave and of the proof of work it carried: counted to limit
    how many requests one address or number sends within a window (rows, so that every
    server process counts the same), and to refuse a proof used before. Deleted once past
    the window."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    address = models.CharField(max_length=64)
    phone = models.CharField(max_length=64, blank=True)
    proof = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["address", "at"]),
            models.Index(fields=["phone", "at"]),
            models.Index(fields=["proof"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.address[:8]}"


class TalliedDay(models.Model):
    """A past day whose contacts are counted in ``ContactTally`` and ``TopicTally``. A
    change to one of that day's contacts, or to their people, removes the day: it is
    counted again when next asked for (komek/hotline/tallies.py)."""

    day = models.DateField(unique=True)

    def __str__(self) -> str:
        return str(self.day)


class ContactCounts(models.Model):
    """Contacts of one office counted by everything the indicators split them by."""

    office = models.ForeignKey("accounts.Office", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10)
    sex = models.CharField(max_length=1, blank=True)
    citizenship = models.CharField(max_length=2, blank=True)
    age_group = models.CharField(max_length=5, blank=True)
    identified = models.BooleanField()
    n = models.PositiveIntegerField()

    class Meta:
        abstract = True


class ContactTally(ContactCounts):
    """The contacts of one past day in one office: dashboards sum these rows instead of
    reading millions of contacts."""

    day = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["day", "office"])]

    def __str__(self) -> str:
        return f"{self.day} {self.office_id} {self.channel}: {self.n}"


class TalliedMonth(models.Model):
    """A past month whose days are all counted and summed into ``ContactMonthTally`` and
    ``PeopleServedMonth`` (its first day stands for it): a year is then twelve months'
    rows instead of 365 days'. Forgetting one of its days removes the month too."""

    month = models.DateField(unique=True)

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class ContactMonthTally(ContactCounts):
    """The sum of a tallied month's ``ContactTally`` rows in one office."""

    month = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["month", "office"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.office_id} {self.channel}: {self.n}"


class TopicTally(models.Model):
    day = models.DateField()
    office = models.ForeignKey("accounts.Office", on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["day", "office"])]

    def __str__(self) -> str:
        return f"{self.day} {self.office_id} {self.topic_id}: {self.n}"


class PeopleServedDay(models.Model):
    """The people with a contact on one past day in one office, as a compressed bitmap of
    their ids (``pyroaring.BitMap64.serialize()``): the people served in any period and
    offices are the union of its days, counted exactly without reading the contacts."""

    day = models.DateField()
    office = models.ForeignKey("accounts.Office", on_delete=models.CASCADE, related_name="+")
    people = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "office"], name="people_served_day_office")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.office_id}"


class PeopleServedMonth(models.Model):
    """The union of a tallied month's ``PeopleServedDay`` bitmaps in one office."""

    month = models.DateField()
    office = models.ForeignKey("accounts.Office", on_delete=models.CASCADE, related_name="+")
    people = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "office"], name="people_served_month_office")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.office_id}"
