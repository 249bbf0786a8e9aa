"""The participants' pages on their phones: no account, the event's title and the
questions and nothing more; one attempt per code; refusals that reveal nothing."""

import re

import pytest
from django.urls import reverse

from komek.core.roles import Role
from komek.trainings import quiz_selectors, quizzes
from komek.trainings.models import Attempt, AttemptSource, Feedback, FeedbackSent, Question
from komek.trainings.tests.quiz_setup import seminar


@pytest.fixture
def coordinator(make_staff):
    return make_staff(Role.COORDINATOR)


@pytest.fixture
def held(office, coordinator):
    course = seminar(office=office, user=coordinator, venue="Академия МВД, ауд. 12")
    Question.objects.filter(pk=course.questions[0].pk).update(
        text="Срок регистрации?", text_kk="Тіркеу мерзімі?"
    )
    return course


@pytest.fixture
def test(held, coordinator):
    return held.test(by=coordinator, open_=True)


def take_url(test, **query) -> str:
    url = reverse("trainings:take", kwargs={"token": quiz_selectors.quiz_token(test)})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def right_answers(questions) -> dict[str, list[int]]:
    return {
        f"q{question.pk}": [c.pk for c in question.choices.all() if c.is_correct]
        for question in questions
    }


def test_the_page_shows_the_title_and_questions_and_nothing_else(client, held, test):
    response = client.get(take_url(test))
    page = response.content.decode()
    assert response.status_code == 200
    assert held.event.title in page
    assert "Срок регистрации?" in page
    for secret in ("Ахметов", "Байжанова", held.enrolments[0].code, "Академия МВД", "Астана"):
        assert secret not in page
    # Nothing tells the right answer from the others, and no staff layout comes with it.
    assert "correct" not in page.lower()
    assert "navbar" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert "style=" not in page


def test_the_page_speaks_kazakh_when_asked(client, test):
    response = client.get(take_url(test, lang="kk"))
    page = response.content.decode()
    assert "Тіркеу мерзімі?" in page
    assert '<html lang="kk">' in page
    assert response["Content-Language"] == "kk"


def test_a_participant_answers_with_their_code_once(client, held, test):
    data = {"code": held.enrolments[0].code, **right_answers(held.questions)}
    response = client.post(take_url(test), data)
    assert response.status_code == 200
    assert "Ваши ответы получены" in response.content.decode()
    attempt = Attempt.objects.get()
    assert (attempt.source, attempt.correct, attempt.enrolment) == (
        AttemptSource.PHONE,
        3,
        held.enrolments[0],
    )
    again = client.post(take_url(test), data).content.decode()
    assert "Ответы с этим кодом участника уже получены" in again
    assert Attempt.objects.count() == 1


def test_an_unknown_code_is_refused_without_a_word_about_anyone(client, held, test):
    data = {"code": "ZZZ999", **right_answers(held.questions)}
    response = client.post(take_url(test), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Такого кода участника на этом мероприятии нет" in page
    assert "Ахметов" not in page
    assert not Attempt.objects.exists()


def test_a_missing_answer_keeps_what_was_marked(client, held, test):
    data = {"code": held.enrolments[0].code, **right_answers(held.questions[:2])}
    response = client.post(take_url(test), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "На вопрос 3 нет ответа" in page
    first_right = data[f"q{held.questions[0].pk}"][0]
    assert re.search(rf'value="{first_right}"\s+checked', page)
    assert not Attempt.objects.exists()


def test_a_tampered_form_is_refused_as_unanswered(client, held, test):
    data = {"code": held.enrolments[0].code, **right_answers(held.questions)}
    data[f"q{held.questions[0].pk}"] = ["²", "99999999", "abc"]
    response = client.post(take_url(test), data)
    assert response.status_code == 400
    assert "На вопрос 1 нет ответа" in response.content.decode()


def test_a_closed_test_says_so_politely(client, held, coordinator, test):
    quizzes.test_close(test=test, by=coordinator)
    assert "не принимает ответы" in client.get(take_url(test)).content.decode()
    data = {"code": held.enrolments[0].code, **right_answers(held.questions)}
    assert "не принимает ответы" in client.post(take_url(test), data).content.decode()
    assert not Attempt.objects.exists()


def test_an_altered_address_finds_nothing(client, test):
    token = quiz_selectors.quiz_token(test)
    number, signature = token.split(".")
    forged = f"{int(number) + 1}.{signature}"
    assert client.get(reverse("trainings:take", kwargs={"token": forged})).status_code == 404
    # The feedback form's address of the same number is not the test's.
    feedback = quiz_selectors.feedback_token(test.event)
    assert client.get(reverse("trainings:take", kwargs={"token": feedback})).status_code == 404


def feedback_url(event) -> str:
    return reverse("trainings:feedback", kwargs={"token": quiz_selectors.feedback_token(event)})


def test_feedback_is_sent_once_per_code_and_kept_without_it(client, held):
    data = {
        "code": held.enrolments[1].code,
        "usefulness": "5",
        "organisation": "4",
        "trainers": "5",
        "comment": "Больше разборов случаев",
    }
    response = client.post(feedback_url(held.event), data)
    assert "Спасибо" in response.content.decode()
    feedback = Feedback.objects.get()
    assert (feedback.usefulness, feedback.comment) == (5, "Больше разборов случаев")
    assert FeedbackSent.objects.filter(enrolment=held.enrolments[1]).exists()
    again = client.post(feedback_url(held.event), data).content.decode()
    assert "с этим кодом участника уже получен" in again
    assert Feedback.objects.count() == 1


def test_feedback_with_an_unknown_code_is_refused_at_the_code(client, held):
    data = {"code": "NOPE", "usefulness": "5", "organisation": "4", "trainers": "5"}
    response = client.post(feedback_url(held.event), data)
    assert response.status_code == 400
    assert "Такого кода участника на этом мероприятии нет" in response.content.decode()
    assert not Feedback.objects.exists()
