"""The callback queue: whether it is safe to call back, asked at intake and shown before
the number; each attempt's outcome counted; an assignee told; the last attempt undone by
its author; the operator's home panel; all kept to the office."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from komek.audit.models import Action, AuditEntry
from komek.core.roles import Role
from komek.hotline import services
from komek.hotline.models import AttemptOutcome, CallbackAttempt, Contact, Outcome
from komek.hotline.personal_data import contacts_anonymise
from komek.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(make_staff):
    return make_staff(Role.HOTLINE_OPERATOR, username="aigerim")


def callback(operator, *, name="Бахром", safe=True, hours=1, **extra) -> Contact:
    return services.contact_log(
        operator=operator,
        submission_key=uuid.uuid4(),
        channel="call",
        outcome=Outcome.CALLBACK,
        callback_due=timezone.now() + timedelta(hours=hours),
        callback_safe=safe,
        caller_name=name,
        caller_phone="+77053334455",
        **extra,
    )


def log_form(**overrides) -> dict:
    data = {
        "caller_phone": "+7 705 333 44 55",
        "caller_name": "Бахром",
        "channel": "call",
        "direction": "in",
        "language": "uz",
        "question": "Не платят зарплату",
        "outcome": "callback",
        "callback_due": (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "submission_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def queue(client) -> str:
    return client.get(reverse("hotline:callbacks")).content.decode()


def attempt(client, contact, outcome, note=""):
    return client.post(
        reverse("hotline:callback_attempt", args=[contact.pk]), {"outcome": outcome, "note": note}
    )


def test_a_callback_is_refused_until_the_operator_says_whether_it_is_safe(client_for, operator):
    client = client_for(operator)
    response = client.post(reverse("hotline:log"), log_form())
    assert response.status_code == 200
    assert "Спросите, безопасно ли перезванивать." in response.content.decode()
    assert not Contact.objects.exists()

    client.post(reverse("hotline:log"), log_form(callback_safe="no"))
    assert Contact.objects.get().callback_safe is False


def test_the_safety_question_is_kept_only_for_a_callback(client_for, operator):
    client_for(operator).post(
        reverse("hotline:log"), log_form(outcome="answered", callback_safe="yes")
    )
    assert Contact.objects.get().callback_safe is None


def test_a_caller_not_safe_to_call_shows_a_warning_and_no_number_to_dial(client_for, operator):
    callback(operator, name="Нилуфар", safe=False)
    html = queue(client_for(operator))
    assert "data-not-safe" in html
    assert 'href="tel:' not in html
    assert html.index("data-not-safe") < html.index("+7 705")


def test_a_caller_safe_to_call_has_the_number_to_dial_after_the_flag(client_for, operator):
    callback(operator, safe=True)
    html = queue(client_for(operator))
    assert 'href="tel:+77053334455"' in html
    assert html.index("data-safe") < html.index('href="tel:')


def test_no_answer_keeps_the_callback_counted_and_reached_closes_it(client_for, operator):
    contact = callback(operator)
    client = client_for(operator)

    attempt(client, contact, AttemptOutcome.NO_ANSWER, note="Гудки")
    contact.refresh_from_db()
    assert contact.callback_done_at is None
    html = queue(client)
    assert 'data-attempts="1"' in html and "Гудки" in html

    attempt(client, contact, AttemptOutcome.REACHED)
    contact.refresh_from_db()
    assert contact.callback_done_at is not None
    assert f'id="callback-{contact.pk}"' not in queue(client)
    assert list(contact.callback_attempts.values_list("outcome", "made_by")) == [
        (AttemptOutcome.NO_ANSWER, operator.pk),
        (AttemptOutcome.REACHED, operator.pk),
    ]
    changes = (
        AuditEntry.objects.filter(
            action=Action.CHANGE, object_type="hotline.Contact", object_id=str(contact.pk)
        )
        .order_by("pk")
        .values_list("changes", flat=True)
    )
    assert [entry["callback_attempt"] for entry in changes] == [
        [None, "no_answer"],
        [None, "reached"],
    ]


@pytest.mark.parametrize("outcome", [AttemptOutcome.WRONG_NUMBER, AttemptOutcome.NOT_SAFE])
def test_a_wrong_number_or_not_safe_to_call_closes_the_callback(operator, outcome):
    contact = callback(operator)
    services.callback_attempt_record(contact=contact, made_by=operator, outcome=outcome)
    contact.refresh_from_db()
    assert contact.callback_done_at is not None


def test_an_attempt_on_a_closed_callback_is_refused(operator):
    contact = callback(operator)
    services.callback_attempt_record(
        contact=contact, made_by=operator, outcome=AttemptOutcome.REACHED
    )
    with pytest.raises(ValidationError):
        services.callback_attempt_record(
            contact=contact, made_by=operator, outcome=AttemptOutcome.NO_ANSWER
        )
    assert contact.callback_attempts.count() == 1


def test_an_unknown_outcome_is_refused_with_its_name_and_changes_nothing(client_for, operator):
    contact = callback(operator)
    client = client_for(operator)
    response = attempt(client, contact, "maybe")
    assert response.status_code == 302
    assert not CallbackAttempt.objects.exists()
    assert "Результат:" in queue(client)


def test_a_callback_tried_often_without_an_answer_is_flagged(client_for, operator, settings):
    settings.CALLBACK_ATTEMPTS_FLAG = 2
    contact = callback(operator)
    client = client_for(operator)
    attempt(client, contact, AttemptOutcome.NO_ANSWER)
    assert "data-flagged" not in queue(client)
    attempt(client, contact, AttemptOutcome.NO_ANSWER)
    assert "data-flagged" in queue(client)


def test_the_author_undoes_the_last_attempt_in_their_session_and_the_callback_waits_again(
    client_for, operator
):
    contact = callback(operator)
    client = client_for(operator)
    attempt(client, contact, AttemptOutcome.WRONG_NUMBER)
    made = CallbackAttempt.objects.get()
    assert reverse("hotline:callback_attempt_undo", args=[made.pk]) in queue(client)

    client.post(reverse("hotline:callback_attempt_undo", args=[made.pk]))

    contact.refresh_from_db()
    assert contact.callback_done_at is None
    assert not CallbackAttempt.objects.exists()
    assert AuditEntry.objects.filter(
        object_type="hotline.Contact", changes__callback_attempt=["wrong_number", None]
    ).exists()


def test_an_attempt_is_not_undone_by_another_session_or_another_operator(
    client_for, operator, make_staff
):
    contact = callback(operator)
    attempt(client_for(operator), contact, AttemptOutcome.NO_ANSWER)
    made = CallbackAttempt.objects.get()
    # The same operator signed in elsewhere: not the session that recorded it.
    client_for(operator).post(reverse("hotline:callback_attempt_undo", args=[made.pk]))
    colleague = make_staff(Role.HOTLINE_OPERATOR)
    with pytest.raises(ValidationError):
        services.callback_attempt_undo(attempt=made, undone_by=colleague)
    assert CallbackAttempt.objects.filter(pk=made.pk).exists()


def test_only_the_latest_attempt_can_be_undone(operator):
    contact = callback(operator)
    first = services.callback_attempt_record(
        contact=contact, made_by=operator, outcome=AttemptOutcome.NO_ANSWER
    )
    services.callback_attempt_record(
        contact=contact, made_by=operator, outcome=AttemptOutcome.NO_ANSWER
    )
    with pytest.raises(ValidationError):
        services.callback_attempt_undo(attempt=first, undone_by=operator)
    assert contact.callback_attempts.count() == 2


def test_the_assignee_is_notified_with_a_link_to_the_callback(client_for, operator, make_staff):
    colleague = make_staff(Role.HOTLINE_OPERATOR, username="dana")
    contact = callback(operator)
    client_for(operator).post(
        reverse("hotline:callback_assign", args=[contact.pk]), {"assignee": colleague.pk}
    )
    contact.refresh_from_db()
    assert contact.callback_assignee == colleague
    notification = Notification.objects.get(user=colleague)
    assert str(contact.pk) in notification.text
    assert notification.url.endswith(f"#callback-{contact.pk}")
    assert AuditEntry.objects.filter(
        object_type="hotline.Contact", changes__callback_assignee=[None, str(colleague)]
    ).exists()


def test_taking_a_callback_oneself_notifies_no_one(client_for, operator):
    contact = callback(operator)
    client_for(operator).post(
        reverse("hotline:callback_assign", args=[contact.pk]), {"assignee": operator.pk}
    )
    contact.refresh_from_db()
    assert contact.callback_assignee == operator
    assert not Notification.objects.exists()


def test_a_callback_is_not_given_to_staff_of_another_office(
    client_for, operator, make_staff, other_office
):
    outsider = make_staff(Role.HOTLINE_OPERATOR, office=other_office)
    contact = callback(operator)
    client_for(operator).post(
        reverse("hotline:callback_assign", args=[contact.pk]), {"assignee": outsider.pk}
    )
    contact.refresh_from_db()
    assert contact.callback_assignee is None
    with pytest.raises(ValidationError):
        services.callback_assign(contact=contact, assignee=outsider, assigned_by=operator)
    assert not Notification.objects.exists()


def test_another_office_sees_and_touches_none_of_the_callbacks(
    client_for, operator, make_staff, other_office
):
    contact = callback(operator)
    services.callback_attempt_record(
        contact=contact, made_by=operator, outcome=AttemptOutcome.NO_ANSWER
    )
    made = CallbackAttempt.objects.get()
    almaty = make_staff(Role.HOTLINE_OPERATOR, office=other_office)
    client = client_for(almaty)
    assert "Бахром" not in queue(client)
    assert "Бахром" not in client.get(reverse("core:home")).content.decode()
    assert attempt(client, contact, AttemptOutcome.REACHED).status_code == 404
    assign = reverse("hotline:callback_assign", args=[contact.pk])
    assert client.post(assign, {"assignee": almaty.pk}).status_code == 404
    undo = reverse("hotline:callback_attempt_undo", args=[made.pk])
    assert client.post(undo).status_code == 404
    contact.refresh_from_db()
    assert contact.callback_done_at is None and contact.callback_assignee is None


def test_viewing_the_queue_is_audited(client_for, operator):
    callback(operator)
    queue(client_for(operator))
    assert AuditEntry.objects.filter(
        actor=operator, action=Action.VIEW, detail="callbacks due"
    ).exists()


def test_the_operator_home_shows_todays_callbacks_and_their_recent_calls(
    client_for, operator, make_staff
):
    colleague = make_staff(Role.HOTLINE_OPERATOR)
    # Due now: today whatever the hour (an hour ahead is tomorrow after 23:00 in Almaty).
    callback(operator, name="Сегодня", hours=0)
    callback(operator, name="Послезавтра", hours=48)
    theirs = callback(operator, name="Коллеги")
    services.callback_assign(contact=theirs, assignee=colleague, assigned_by=colleague)
    logged = services.contact_log(
        operator=operator,
        submission_key=uuid.uuid4(),
        channel="call",
        outcome="answered",
        caller_name="Ойбек",
    )

    html = client_for(operator).get(reverse("core:home")).content.decode()

    due, recent = html.split('id="home-callbacks"')[1].split('id="home-recent"')
    assert "Сегодня" in due
    assert "Послезавтра" not in due and "Коллеги" not in due
    assert reverse("hotline:contact_detail", args=[logged.pk]) in recent
    assert AuditEntry.objects.filter(
        actor=operator, detail="home: callbacks due and recent contacts"
    ).exists()


def test_a_lawyer_home_shows_only_the_callbacks_given_to_them(client_for, operator, make_staff):
    lawyer = make_staff(Role.LAWYER)
    callback(operator, name="Ничей")
    client = client_for(lawyer)
    assert "data-home-callbacks" not in client.get(reverse("core:home")).content.decode()
    given = callback(operator, name="Юристу", hours=0)
    services.callback_assign(contact=given, assignee=lawyer, assigned_by=operator)
    html = client.get(reverse("core:home")).content.decode()
    assert "Юристу" in html and "Ничей" not in html


def test_anonymising_a_contact_blanks_its_attempts_notes(operator):
    contact = callback(operator)
    services.callback_attempt_record(
        contact=contact, made_by=operator, outcome=AttemptOutcome.NO_ANSWER, note="Ответила жена"
    )
    contacts_anonymise(Contact.objects.filter(pk=contact.pk))
    assert list(CallbackAttempt.objects.values_list("note", "outcome")) == [("", "no_answer")]
