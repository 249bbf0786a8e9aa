"""Trainings for officials: events (seminars, round tables...) held in Kazakhstan's
regions, the officials who attend them (a registry of their own, apart from the people the
centre helps), attendance per day, pre- and post-tests built from a question bank, the
answers, certificates with a public verification page, and anonymous feedback.

Participants are officials, not beneficiaries: their rows are personal data all the same
(name, phone, email), declared as such and audited where they are shown or exported."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from komek.accounts.scoping import OfficeOwned
from komek.core import regions
from komek.core.dimensions import Sex
from komek.core.jobs import FileJob
from komek.core.names import in_reader_language, named, named_each

MONEY = {"max_digits": 14, "decimal_places": 2}


class Format(models.TextChoices):
    SEMINAR = "seminar", _("seminar")
    ROUND_TABLE = "round_table", _("round table")
    TRAINING_OF_TRAINERS = "tot", _("training of trainers")
    ONLINE = "online", _("online training")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class Agency(models.TextChoices):
    MIGRATION_POLICE = "migration_police", _("migration police")
    LABOUR_INSPECTION = "labour_inspection", _("labour inspection")
    EMPLOYMENT_CENTRE = "employment_centre", _("akimat employment centre")
    BORDER_SERVICE = "border_service", _("border service")
    PROSECUTOR = "prosecutor", _("prosecutor's office")
    COURT = "court", _("court")
    NGO = "ngo", _("NGO")
    OTHER = "other", _("other")


class Topic(models.Model):
    """A subject a training covers and its questions are about (labour migration law,
    registration, trafficking indicators...): data the centre edits, in ru/kk/en."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_kk = models.CharField(_("name in Kazakh"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training topic")
        verbose_name_plural = _("training topics")
        ordering = ["name"]

    def __str__(self) -> str:
        return in_reader_language(self, "name")


class Event(OfficeOwned):
    """One training event; ``office`` is the office that organises it, whose staff see it."""

    title = models.CharField(_("title"), max_length=300)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), related_name="events", blank=True
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    region = models.CharField(_("region"), max_length=6, choices=regions.choices)
    city = models.CharField(_("city"), max_length=100)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    organisers = models.ManyToManyField(
        "partners.Partner",
        verbose_name=_("organisers and partners"),
        related_name="training_events",
        blank=True,
    )
    trainers = models.CharField(_("trainers"), max_length=500, blank=True)
    hours = models.PositiveSmallIntegerField(_("academic hours"), default=8)
    # A participant is certified who attended at least this many of the event's days.
    days_required = models.PositiveSmallIntegerField(
        _("days to attend for a certificate"), default=1
    )
    budget = models.DecimalField(_("budget, KZT"), null=True, blank=True, **MONEY)
    budget_line = models.ForeignKey(
        "aid.BudgetLine",
        verbose_name=_("charged to the budget line"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_events",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[topics, organisers])
    # The audit entries of an event keep the ids of its topics and organisers.
    history_display = {
        "topics": named_each("trainings.Topic"),
        "organisers": named_each("partners.Partner"),
    }

    class Meta:
        verbose_name = _("training event")
        verbose_name_plural = _("training events")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="event_dates"
            ),
            models.CheckConstraint(condition=Q(days_required__gte=1), name="event_days_required"),
        ]
        indexes = [models.Index(fields=["region", "starts_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def region_label(self):
        return regions.label(self.region)


class Participant(models.Model):
    """An official who attended or is registered for a training. One row per person across
    events: the services find an existing row by the folded name and agency first."""

    surname = models.CharField(_("surname"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    agency = models.CharField(_("agency"), max_length=20, choices=Agency.choices)
    unit = models.CharField(_("unit"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=6, choices=regions.choices)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # komek.people.names.name_key(surname, given_name): the same official written in
    # Cyrillic or Latin, with or without the Kazakh letters, has one key.
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["name_key"])

    class Meta:
        verbose_name = _("training participant")
        verbose_name_plural = _("training participants")
        ordering = ["surname", "given_name", "pk"]

    def __str__(self) -> str:
        return " ".join(part for part in (self.surname, self.given_name, self.patronymic) if part)


class Enrolment(models.Model):
    """A participant registered for an event. ``code`` is the participant's code for the
    event's public test and feedback pages: short, random, printed on the sign-in sheet."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="enrolments")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="enrolments"
    )
    code = models.CharField(_("participant code"), max_length=12, unique=True)
    enrolled_at = models.DateTimeField(auto_now_add=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enrolled by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["event", "participant"], name="enrolment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} @ {self.event_id}"


class Attendance(models.Model):
    """A participant was present on one day of the event."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField(_("day"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "day"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.day}"


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")


class Question(models.Model):
    """A question of the bank, in Russian and Kazakh. A question already answered is not
    edited (the answers would change meaning): it is retired and a new one written."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="questions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text = models.TextField(_("question"))
    text_kk = models.TextField(_("question in Kazakh"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    # The audit entries of a question keep the id of its topic.
    history_display = {"topic_id": named("trainings.Topic")}

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["topic__name", "pk"]

    def __str__(self) -> str:
        return in_reader_language(self, "text")


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("answer"), max_length=500)
    text_kk = models.CharField(_("answer in Kazakh"), max_length=500, blank=True)
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        verbose_name = _("answer choice")
        verbose_name_plural = _("answer choices")
        ordering = ["question", "order", "pk"]

    def __str__(self) -> str:
        return in_reader_language(self, "text")


class TestKind(models.TextChoices):
    PRE = "pre", _("pre-test")
    POST = "post", _("post-test")


class Test(models.Model):
    """The pre- or post-test of an event: questions from the bank, open to participants'
    own answers (on their phones) only while ``is_open``."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tests")
    kind = models.CharField(_("test"), max_length=4, choices=TestKind.choices)
    questions = models.ManyToManyField(
        Question, verbose_name=_("questions"), through="TestQuestion", related_name="tests"
    )
    is_open = models.BooleanField(_("open for answers"), default=False)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("test")
        verbose_name_plural = _("tests")
        constraints = [models.UniqueConstraint(fields=["event", "kind"], name="test_unique")]

    def __str__(self) -> str:
        # Kept as written in audit entries: no label in the writer's language.
        return str(self.event)


class TestQuestion(models.Model):
    test = models.ForeignKey(Test, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["test", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["test", "question"], name="test_question_unique")
        ]

    def __str__(self) -> str:
        return f"{self.test_id}.{self.order}"


class AttemptSource(models.TextChoices):
    PAPER = "paper", _("entered from paper")
    PHONE = "phone", _("answered on a phone")


class Attempt(models.Model):
    """One participant's answers to one test: one attempt per participant and test."""

    test = models.ForeignKey(Test, on_delete=models.CASCADE, related_name="attempts")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    source = models.CharField(max_length=5, choices=AttemptSource.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    # Kept by the services with the answers: questions right, out of the test's questions.
    correct = models.PositiveSmallIntegerField(default=0)
    total = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["test", "enrolment"], name="attempt_unique")]

    def __str__(self) -> str:
        return f"{self.correct}/{self.total}"

    @property
    def percent(self) -> float:
        return 100 * self.correct / self.total if self.total else 0.0


class Answer(models.Model):
    """The choices a participant marked for one question (several for multiple choice;
    none when left blank). A question is right when exactly its correct choices are marked."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    choices = models.ManyToManyField(Choice, related_name="+", blank=True)
    is_correct = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.question_id}"


class Certificate(models.Model):
    """A participant's certificate of an event. Its public verification page is reached by
    a signed identifier (``komek.trainings.certificates``), which says whether it stands."""

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.PROTECT, related_name="certificate"
    )
    number = models.CharField(_("number"), max_length=30, unique=True)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.number


class CertificateBatch(FileJob):
    """The certificates of a whole event, written in the background as one ZIP."""

    folder = "certificates"
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="certificate_batches")


class Feedback(models.Model):
    """A participant's anonymous opinion of an event: ratings from 1 to 5 and a comment.
    Only the enrolment's code was needed to send it, and it is not kept with the answer:
    ``FeedbackSent`` stops a second form from the same code without saying whose this is."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    usefulness = models.PositiveSmallIntegerField(_("how useful"))
    organisation = models.PositiveSmallIntegerField(_("how well organised"))
    trainers = models.PositiveSmallIntegerField(_("the trainers"))
    comment = models.TextField(_("comment"), blank=True)
    submitted_on = models.DateField(_("sent"))

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(usefulness__range=(1, 5))
                & Q(organisation__range=(1, 5))
                & Q(trainers__range=(1, 5)),
                name="feedback_ratings",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.usefulness}/{self.organisation}/{self.trainers}"


class FeedbackSent(models.Model):
    """That an enrolment's code has sent its feedback, kept apart from the feedback."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return str(self.enrolment_id)
