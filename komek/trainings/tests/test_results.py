"""Scores, knowledge gain and item analysis on a small case computed by hand.

Pre-test q1, q2; post-test q1, q2, q3 (a is right everywhere):

    participant  pre (q1 q2)   post (q1 q2 q3)   pre %   post %   gain
    A            a  b          a  a  b            50      66.7    +16.7
    B            b  b          a  b  b             0      33.3    +33.3
    C            a  a          a  b  a           100      66.7    -33.3
    D            —             b  b  b             —       0        —

Gain over A, B, C: (16.7 + 33.3 - 33.3) / 3 = 5.56 points; 2 of 3 improved.
Post-test right: q1 3/4 = 75 %, q2 1/4 = 25 %, q3 1/4 = 25 %.
Pre-test right:  q1 2/3 = 66.7 %, q2 1/3 = 33.3 %, q3 not asked.
"""

import pytest

from komek.core.roles import Role
from komek.trainings import answers, results
from komek.trainings.models import Feedback
from komek.trainings.models import TestKind as Kind
from komek.trainings.tests.factories import make_question
from komek.trainings.tests.quiz_setup import seminar


@pytest.fixture
def coordinator(make_staff):
    return make_staff(Role.COORDINATOR)


@pytest.fixture
def held(office, coordinator):
    course = seminar(office=office, user=coordinator, people=4, questions=2)
    q1, q2 = course.questions
    q3 = make_question()
    course.questions.append(q3)
    a, b, c, d = course.enrolments
    pre = course.test(Kind.PRE, by=coordinator, questions=[q1, q2])
    post = course.test(Kind.POST, by=coordinator, questions=[q1, q2, q3])
    answers.answers_enter(
        test=pre, by=coordinator, cells={a.pk: ["a", "b"], b.pk: ["b", "b"], c.pk: ["a", "a"]}
    )
    answers.answers_enter(
        test=post,
        by=coordinator,
        cells={
            a.pk: ["a", "a", "b"],
            b.pk: ["a", "b", "b"],
            c.pk: ["a", "b", "a"],
            d.pk: ["b", "b", "b"],
        },
    )
    return course


def test_the_gain_counts_only_participants_who_took_both_tests(held):
    gain = results.event_results(held.event).gain
    assert gain.participants == 3
    assert gain.mean == pytest.approx(50 / 9)
    assert gain.improved == 2
    assert gain.improved_share == pytest.approx(200 / 3)


def test_each_participant_has_their_scores_and_gain(held):
    scores = {score.enrolment: score for score in results.event_results(held.event).scores}
    a, b, c, d = held.enrolments
    assert scores[a].pre == 50
    assert scores[a].post == pytest.approx(200 / 3)
    assert scores[b].gain == pytest.approx(100 / 3)
    assert scores[c].gain == pytest.approx(-100 / 3)
    assert (scores[d].pre, scores[d].post, scores[d].gain) == (None, 0, None)


def test_the_questions_most_still_got_wrong_come_first(held):
    q1, q2, q3 = held.questions
    items = results.event_results(held.event).items
    assert [(item.question, item.number) for item in items] == [(q2, 2), (q3, 3), (q1, 1)]
    shares = {item.question: (item.before, item.after) for item in items}
    assert shares[q1] == (pytest.approx(200 / 3), 75)
    assert shares[q2] == (pytest.approx(100 / 3), 25)
    assert shares[q3] == (None, 25)


def test_the_results_take_a_few_queries_whatever_the_number_of_participants(
    held, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        outcome = results.event_results(held.event)
        [score.enrolment.participant.surname for score in outcome.scores]
        [str(item.question) for item in outcome.items]


def test_the_feedback_summary_gives_mean_ratings_and_comments(held):
    for usefulness, comment in ((5, "Полезно"), (4, ""), (3, "Больше примеров")):
        Feedback.objects.create(
            event=held.event,
            usefulness=usefulness,
            organisation=4,
            trainers=5,
            comment=comment,
            submitted_on=held.event.ends_on,
        )
    summary = results.feedback_summary(held.event)
    assert (summary.count, summary.usefulness, summary.organisation) == (3, 4, 4)
    assert sorted(summary.comments) == ["Больше примеров", "Полезно"]
