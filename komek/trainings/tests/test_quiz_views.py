"""The organisers' pages: the bank, a test's questions, the grid, open and close, the QR
screen and the event page's section; and what other offices and roles get."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from komek.audit.models import Action, AuditEntry
from komek.conftest import make_user
from komek.core.roles import Role
from komek.trainings import answers
from komek.trainings.models import Attempt, AttemptSource, Question, QuestionKind, Topic
from komek.trainings.models import TestKind as Kind
from komek.trainings.tests.quiz_setup import seminar


@pytest.fixture
def coordinator(make_staff):
    return make_staff(Role.COORDINATOR)


@pytest.fixture
def held(office, coordinator):
    return seminar(office=office, user=coordinator)


def question_data(**overrides) -> dict:
    return {
        "topic": Topic.objects.get_or_create(name="Трудовая миграция")[0].pk,
        "kind": QuestionKind.SINGLE,
        "text": "Нужно ли разрешение на работу гражданину Кыргызстана?",
        "text_kk": "Қырғызстан азаматына жұмыс рұқсаты керек пе?",
        "choice_a": "Нет",
        "choice_a_correct": "on",
        "choice_b": "Да",
    } | overrides


def test_a_coordinator_writes_a_question_in_two_languages(client_for, coordinator):
    response = client_for(coordinator).post(reverse("trainings:question_create"), question_data())
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.text_kk.startswith("Қырғызстан")
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [
        ("Нет", True),
        ("Да", False),
    ]


def test_a_question_form_without_a_right_answer_says_so(client_for, coordinator):
    data = question_data()
    del data["choice_a_correct"]
    response = client_for(coordinator).post(reverse("trainings:question_create"), data)
    assert response.status_code == 200
    assert "Mark the correct answer" in response.content.decode()
    assert not Question.objects.exists()


def test_editing_an_answered_question_retires_it(client_for, coordinator, held):
    test = held.test(by=coordinator)
    answers.answers_enter(test=test, by=coordinator, cells={held.enrolments[0].pk: ["a"] * 3})
    old = held.questions[0]
    page = client_for(coordinator).get(reverse("trainings:question_edit", args=[old.pk]))
    assert "saving retires it" in page.content.decode()
    client_for(coordinator).post(
        reverse("trainings:question_edit", args=[old.pk]), question_data(text="Новый текст")
    )
    old.refresh_from_db()
    assert old.is_active is False
    assert Question.objects.filter(text="Новый текст", is_active=True).exists()


def test_the_bank_is_filtered_by_topic(client_for, coordinator, held):
    other = Topic.objects.create(name="Торговля людьми")
    Question.objects.filter(pk=held.questions[0].pk).update(topic=other, text="О торговле людьми")
    client = client_for(make_user("lawyer", Role.LAWYER, held.event.office))
    page = client.get(reverse("trainings:questions"), {"topic": other.pk}).content.decode()
    assert "О торговле людьми" in page
    assert "Вопрос?" not in page


def test_a_retired_question_leaves_the_bank_for_the_retired_list(client_for, coordinator, held):
    client = client_for(coordinator)
    Question.objects.filter(pk=held.questions[0].pk).update(text="Устаревший вопрос")
    client.post(reverse("trainings:question_retire", args=[held.questions[0].pk]))
    assert "Устаревший вопрос" not in client.get(reverse("trainings:questions")).content.decode()
    retired = client.get(reverse("trainings:questions"), {"retired": "on"}).content.decode()
    assert "Устаревший вопрос" in retired


def test_a_lawyer_sees_the_bank_but_changes_nothing(client_for, held):
    client = client_for(make_user("lawyer", Role.LAWYER, held.event.office))
    assert client.get(reverse("trainings:questions")).status_code == 200
    retire = reverse("trainings:question_retire", args=[held.questions[0].pk])
    assert client.post(retire).status_code == 403


def test_a_coordinator_builds_a_test_by_numbering_questions(client_for, coordinator, held):
    first, second, third = held.questions
    url = reverse("trainings:test_questions", args=[held.event.pk, Kind.POST])
    response = client_for(coordinator).post(
        url, {f"q{third.pk}": "1", f"q{first.pk}": "2", f"q{second.pk}": ""}
    )
    assert response.status_code == 302
    test = held.event.tests.get(kind=Kind.POST)
    assert [item.question for item in test.items.all()] == [third, first]


def test_a_coordinator_adds_a_whole_topic_to_a_test(client_for, coordinator, held):
    first, second, third = held.questions
    topic = Topic.objects.create(name="Торговля людьми")
    Question.objects.filter(pk__in=[second.pk, third.pk]).update(topic=topic)
    url = reverse("trainings:test_questions", args=[held.event.pk, Kind.PRE])
    client = client_for(coordinator)
    client.post(url, {f"q{first.pk}": "1"})
    client.post(f"{url}?topic={topic.pk}", {f"q{first.pk}": "1", "add_all": "1"})
    test = held.event.tests.get(kind=Kind.PRE)
    assert [item.question for item in test.items.all()] == [first, second, third]


def test_the_grid_saves_typed_letters_and_audits_its_reading(client_for, coordinator, held):
    test = held.test(by=coordinator)
    a, b, _c = held.enrolments
    client = client_for(coordinator)
    url = reverse("trainings:test_grid", args=[test.pk])
    page = client.get(url)
    assert "Ахметов" in page.content.decode()
    assert AuditEntry.objects.filter(actor=coordinator, action=Action.VIEW).exists()
    posted = {f"a-{a.pk}-0": "a", f"a-{a.pk}-1": "a", f"a-{a.pk}-2": "b", f"a-{b.pk}-0": "c"}
    assert client.post(url, posted).status_code == 302
    assert {attempt.enrolment: attempt.correct for attempt in Attempt.objects.all()} == {a: 2, b: 0}


def test_answers_sent_from_a_phone_after_the_grid_was_opened_stay(client_for, coordinator, held):
    test = held.test(by=coordinator, open_=True)
    a, b, _c = held.enrolments
    client = client_for(coordinator)
    url = reverse("trainings:test_grid", args=[test.pk])
    page = client.get(url).content.decode()
    assert f'name="was-{b.pk}" value="||"' in page
    chosen = {q.pk: [q.choices.first().pk] for q in held.questions}
    answers.attempt_submit(test=test, code=b.code, chosen=chosen)

    client.post(url, {f"a-{a.pk}-0": "b", f"was-{a.pk}": "||", f"was-{b.pk}": "||"})

    sources = {attempt.enrolment: attempt.source for attempt in Attempt.objects.all()}
    assert sources == {a: AttemptSource.PAPER, b: AttemptSource.PHONE}


def test_a_bad_cell_in_the_grid_is_named_and_nothing_is_saved(client_for, coordinator, held):
    test = held.test(by=coordinator)
    a, b, _c = held.enrolments
    url = reverse("trainings:test_grid", args=[test.pk])
    response = client_for(coordinator).post(
        url, {f"a-{a.pk}-0": "a", f"a-{a.pk}-1": "b", f"a-{b.pk}-2": "z"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Байжанова Ерлан, question 3: “z”: this question has only 3 answers" in page
    # What was typed stays in the cells, the bad one marked.
    assert f'name="a-{b.pk}-2" value="z"' in page
    assert 'aria-invalid="true"' in page
    assert not Attempt.objects.exists()


def test_the_organiser_opens_and_closes_the_test_from_its_screen(client_for, coordinator, held):
    test = held.test(by=coordinator)
    client = client_for(coordinator)
    screen = reverse("trainings:test_screen", args=[test.pk])
    client.post(reverse("trainings:test_open", args=[test.pk]), {"next": screen})
    test.refresh_from_db()
    assert test.is_open is True
    page = client.get(screen).content.decode()
    assert "<svg" in page
    assert "/trainings/t/" in page
    client.post(reverse("trainings:test_close", args=[test.pk]))
    test.refresh_from_db()
    assert test.is_open is False


def test_the_page_to_go_back_to_must_be_on_this_site(client_for, coordinator, held):
    test = held.test(by=coordinator)
    response = client_for(coordinator).post(
        reverse("trainings:test_open", args=[test.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("trainings:test_screen", args=[test.pk])


@pytest.mark.parametrize(
    "name", ["test_grid", "test_screen", "test_open", "test_close", "test_questions"]
)
def test_an_organiser_of_another_office_finds_no_test_of_the_first(
    client_for, coordinator, held, other_office, name
):
    test = held.test(by=coordinator)
    outsider = client_for(make_user("outsider", Role.COORDINATOR, other_office))
    args = [held.event.pk, Kind.PRE] if name == "test_questions" else [test.pk]
    url = reverse(f"trainings:{name}", args=args)
    assert outsider.get(url).status_code in (404, 405)
    assert outsider.post(url).status_code == 404
    test.refresh_from_db()
    assert test.is_open is False
    assert test.items.count() == 3


def render_section(event, user) -> str:
    request = RequestFactory().get("/")
    # As django-otp's middleware leaves a user who passed the second factor.
    user.is_verified = lambda: True
    request.user = user
    template = Template('{% include "trainings/event/_tests.html" %}')
    with translation.override("en"):
        return template.render(Context({"event": event, "request": request, "csrf_token": "x"}))


def test_the_event_page_section_shows_gain_items_and_feedback(coordinator, held):
    a, b, _c = held.enrolments
    pre, post = held.test(Kind.PRE, by=coordinator), held.test(Kind.POST, by=coordinator)
    answers.answers_enter(test=pre, by=coordinator, cells={a.pk: ["b"] * 3, b.pk: ["b"] * 3})
    answers.answers_enter(
        test=post, by=coordinator, cells={a.pk: ["a", "a", "b"], b.pk: ["a", "b", "b"]}
    )
    answers.feedback_submit(
        event=held.event, code=a.code, usefulness=5, organisation=4, trainers=5, comment="Спасибо"
    )
    page = render_section(held.event, coordinator)
    # (66.7 + 33.3) / 2 = 50 points, both improved.
    assert "Mean gain 50.0 percentage points; 100% improved, of 2 participants" in page
    assert "What the next seminar must cover" in page
    assert "Спасибо" in page
    assert reverse("trainings:test_grid", args=[post.pk]) in page


def test_the_section_shows_a_viewer_no_buttons(held):
    lawyer = make_user("lawyer", Role.LAWYER, held.event.office)
    page = render_section(held.event, lawyer)
    assert "No participant has taken both tests yet." in page
    assert reverse("trainings:feedback_screen", args=[held.event.pk]) not in page
