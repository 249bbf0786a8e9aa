"""The demo's round of seminars, made through the services: five regions, officials of the
migration police and labour inspection with their attendance, tests showing a gain and a
question most still miss, certificates for those who attended enough, feedback, and a
training of trainers still to come; loading it again changes nothing."""

from collections import Counter

import pytest
from django.utils import timezone

from komek.core import demo
from komek.trainings import certificates, results
from komek.trainings.demo.data import PLANNED, ROUND
from komek.trainings.models import (
    Agency,
    Attempt,
    AttemptSource,
    Certificate,
    Event,
    EventStatus,
    Feedback,
    Participant,
)


@pytest.fixture
def loaded(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo.load("accounts", "partners", "trainings")


def test_the_round_holds_five_seminars_in_five_regions_and_plans_a_sixth(loaded):
    held = Event.objects.filter(status=EventStatus.HELD)
    assert sorted(held.values_list("region", flat=True)) == [
        "KZ-33",
        "KZ-61",
        "KZ-71",
        "KZ-75",
        "KZ-79",
    ]
    assert set(held.values_list("office__code", flat=True)) == {"astana", "almaty", "shymkent"}
    assert all(event.ends_on < timezone.localdate() for event in held)
    planned = Event.objects.get(status=EventStatus.PLANNED)
    assert planned.title == PLANNED.title
    assert planned.starts_on > timezone.localdate()
    for event in held:
        assert 10 <= event.enrolments.count() <= 15
        assert event.topics.count() == 3
        assert event.organisers.filter(short_name="МОМ").exists()


def test_the_officials_are_mostly_migration_police_and_labour_inspectors(loaded):
    agencies = list(Participant.objects.values_list("agency", flat=True))
    police_and_labour = [
        agency
        for agency in agencies
        if agency in (Agency.MIGRATION_POLICE, Agency.LABOUR_INSPECTION)
    ]
    assert len(police_and_labour) > 0.8 * len(agencies)
    assert set(Participant.objects.values_list("sex", flat=True)) == {"M", "F"}
    # Officials met again are one row in the registry: at the round table in Jetisu and at
    # the training of trainers.
    assert (
        Participant.objects.filter(enrolments__event__region="KZ-33")
        .filter(enrolments__event__region="KZ-75")
        .exists()
    )
    assert (
        Participant.objects.filter(enrolments__event__status=EventStatus.PLANNED)
        .filter(enrolments__event__status=EventStatus.HELD)
        .count()
        == 2
    )


def test_every_seminar_shows_a_gain_and_the_trafficking_question_is_still_missed(loaded):
    missed_most = Counter()
    for event in Event.objects.filter(status=EventStatus.HELD):
        shown = results.event_results(event)
        assert shown.gain.participants >= 8
        assert shown.gain.mean > 0
        assert shown.gain.improved_share > 50
        # The item analysis puts first the question most still got wrong after.
        missed_most[shown.items[0].question.text] += 1
    (question, _events), *_others = missed_most.most_common()
    assert "принудительном труде" in question
    phones = Attempt.objects.filter(source=AttemptSource.PHONE)
    assert set(phones.values_list("test__event__city", flat=True)) == {"Астана", "Алматы"}


def test_certificates_go_to_those_who_attended_enough_and_no_one_else(loaded):
    for event in Event.objects.filter(status=EventStatus.HELD):
        issued = Certificate.objects.filter(enrolment__event=event)
        assert issued.count() == certificates.eligible(event).count()
        assert 0 < issued.count() < event.enrolments.count()
        assert all(certificate.issued_at.date() >= event.ends_on for certificate in issued)
    assert not Certificate.objects.filter(enrolment__event__status=EventStatus.PLANNED).exists()


def test_some_participants_sent_feedback(loaded):
    for event in Event.objects.filter(status=EventStatus.HELD):
        summary = results.feedback_summary(event)
        assert summary.count >= 3
        assert 3 <= summary.usefulness <= 5
        assert summary.comments


def test_loading_the_demo_again_makes_nothing_new(loaded):
    counts = (Event.objects.count(), Participant.objects.count(), Feedback.objects.count())
    gain = results.event_results(Event.objects.get(title=ROUND[0].title)).gain
    demo.load("trainings")
    assert counts == (
        Event.objects.count(),
        Participant.objects.count(),
        Feedback.objects.count(),
    )
    assert results.event_results(Event.objects.get(title=ROUND[0].title)).gain == gain
