"""The indicators of trainings for officials: events held (by region and format), officials
trained (by agency, region and sex) and their knowledge gain from the pre- to the
post-test, with the dimensions of region, agency and training format.

An event counts as held in the period of its first day, once a participant was marked
present (a planned event nobody came to, or a cancelled one, was not held). An official
counts as trained in the period of a day they were present, once however many events;
their region is the one they serve in, where the event's is where it was held."""

from django.db.models import (
    Avg,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy

from komek.core import dimensions, indicators, regions
from komek.core.dimensions import Dimension
from komek.core.indicators import Indicator, Number, Placement, Scope, tally
from komek.trainings.models import (
    Agency,
    Attempt,
    Attendance,
    Enrolment,
    Event,
    EventStatus,
    Format,
    TestKind,
)

EVENT_COLUMNS = {
    "office": "office_id",
    "month": "month",
    "region": "region",
    "training_format": "format",
}
PARTICIPANT_COLUMNS = {
    "office": "office",
    "month": "month",
    "region": "participant_region",
    "agency": "agency",
    "sex": "sex",
}


def _region_labels(keys: list[str]) -> dict[str, str]:
    return dimensions.not_recorded({key: str(regions.label(key)) if key else "" for key in keys})


DIMENSIONS = (
    Dimension("region", gettext_lazy("region of Kazakhstan"), _region_labels),
    Dimension("agency", gettext_lazy("agency"), dimensions.choice_labels(Agency)),
    Dimension("training_format", gettext_lazy("training format"), dimensions.choice_labels(Format)),
)


def held_events(scope: Scope, *, agency: str = "") -> QuerySet[Event]:
    """The events held that began in the scope's period: not cancelled, someone (of
    ``agency``, if given) marked present."""
    present = Attendance.objects.filter(enrolment__event=OuterRef("pk"))
    if agency:
        present = present.filter(enrolment__participant__agency=agency)
    return (
        Event.objects.exclude(status=EventStatus.CANCELLED)
        .filter(Exists(present), **scope.days("starts_on"), **scope.owned())
        .annotate(month=TruncMonth("starts_on"))
    )


def presence(scope: Scope, *, agency: str = "") -> QuerySet[Attendance]:
    """The days officials (of ``agency``, if given) were present in the scope's period,
    with the official's agency, region and sex."""
    days = Attendance.objects.exclude(enrolment__event__status=EventStatus.CANCELLED).filter(
        **scope.days("day"), **scope.owned("enrolment__event__office")
    )
    if agency:
        days = days.filter(enrolment__participant__agency=agency)
    return days.annotate(
        month=TruncMonth("day"),
        office=F("enrolment__event__office_id"),
        participant=F("enrolment__participant_id"),
        participant_region=F("enrolment__participant__region"),
        agency=F("enrolment__participant__agency"),
        sex=F("enrolment__participant__sex"),
    )


# What an enrolment's gain is split by, through its event and participant.
ENROLMENT_SPLITS = {
    "month": TruncMonth("event__starts_on"),
    "office": F("event__office_id"),
    "participant_region": F("participant__region"),
    "agency": F("participant__agency"),
    "sex": F("participant__sex"),
}


def _score(kind: str) -> Subquery:
    """The enrolment's score in its event's test of ``kind``, in per cent."""
    attempts = Attempt.objects.filter(enrolment=OuterRef("pk"), test__kind=kind, total__gt=0)
    score = ExpressionWrapper(100.0 * F("correct") / F("total"), output_field=FloatField())
    return Subquery(attempts.annotate(score=score).values("score")[:1])


def knowledge_gain(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """``enrolments`` that took both tests of their event, each with its ``gain``: the
    post-test's score less the pre-test's, in percentage points."""
    return (
        enrolments.annotate(pre=_score(TestKind.PRE), post=_score(TestKind.POST))
        .filter(pre__isnull=False, post__isnull=False)
        .annotate(gain=ExpressionWrapper(F("post") - F("pre"), output_field=FloatField()))
    )


def events(scope: Scope, by: str | None) -> dict[str, Number]:
    return tally(held_events(scope), EVENT_COLUMNS.get(by))


def officials_trained(scope: Scope, by: str | None) -> dict[str, Number]:
    return tally(presence(scope), PARTICIPANT_COLUMNS.get(by), Count("participant", distinct=True))


def gain(scope: Scope, by: str | None) -> dict[str, Number]:
    enrolments = Enrolment.objects.exclude(event__status=EventStatus.CANCELLED).filter(
        **scope.days("event__starts_on"), **scope.owned("event__office")
    )
    gains = knowledge_gain(enrolments)
    column = PARTICIPANT_COLUMNS.get(by)
    if column is not None:
        # Only the column split by: the dashboard asks for this figure twice a render.
        gains = gains.annotate(**{column: ENROLMENT_SPLITS[column]})
    figures = tally(gains, column, Avg("gain"), empty=None)
    return {key: round(value, 1) for key, value in figures.items()}


def register() -> None:
    for dimension in DIMENSIONS:
        dimensions.register(dimension)
    for indicator in (
        Indicator(
            code="trainings_events",
            name=gettext_lazy("Training events held"),
            description=gettext_lazy(
                "Seminars, round tables, trainings of trainers and online trainings for officials."
            ),
            computation=gettext_lazy(
                "Events that began in the period, were not cancelled and had at least one "
                "participant marked present; the region is where the event was held."
            ),
            breakdowns=tuple(EVENT_COLUMNS),
            compute=events,
            placement=Placement(order=79, charts=("region", "training_format")),
        ),
        Indicator(
            code="trainings_officials_trained",
            name=gettext_lazy("Officials trained"),
            description=gettext_lazy(
                "Officials (police, labour inspectors, judges...) present at the centre's "
                "trainings."
            ),
            computation=gettext_lazy(
                "Participants marked present on at least one day of a training in the period, "
                "each counted once however many events they attended; the region is the one "
                "they serve in."
            ),
            breakdowns=tuple(PARTICIPANT_COLUMNS),
            compute=officials_trained,
            additive=False,
            placement=Placement(order=77, headline=True, charts=("agency", "sex", "region")),
        ),
        Indicator(
            code="trainings_knowledge_gain",
            name=gettext_lazy("Knowledge gain of officials trained, points"),
            description=gettext_lazy(
                "How much better participants answered the post-test than the pre-test."
            ),
            computation=gettext_lazy(
                "The mean, over the participants who took both tests of an event that began "
                "in the period, of their post-test score less their pre-test score, each in "
                "per cent of the test's questions: percentage points."
            ),
            breakdowns=tuple(PARTICIPANT_COLUMNS),
            compute=gain,
            additive=False,
            proportional=False,
            placement=Placement(order=78, headline=True),
        ),
    ):
        indicators.register(indicator)
