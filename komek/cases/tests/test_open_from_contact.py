"""Cases put "Open a case" on the hotline's pages through an action: hotline itself names
nothing of cases."""

import re
import uuid
from pathlib import Path

from django.urls import reverse

from komek.core.roles import Role
from komek.hotline.services import contact_log


def logged(operator, topic, **fields):
    return contact_log(
        operator=operator,
        submission_key=uuid.uuid4(),
        topics=[topic],
        channel="call",
        question="Потерял паспорт",
        **fields,
    )


def test_the_page_of_a_contact_linked_to_a_person_offers_to_open_a_case(
    client_for, make_staff, client_person, topic
):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    contact = logged(operator, topic, person=client_person, outcome="answered")
    page = client_for(operator).get(reverse("hotline:contact_detail", args=[contact.pk]))
    opening = reverse("cases:open", args=[client_person.pk]) + f"?contact={contact.pk}"
    assert f'href="{opening}">Открыть дело</a>' in page.content.decode()


def test_the_page_of_an_unidentified_callers_contact_offers_no_case(client_for, make_staff, topic):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    contact = logged(operator, topic, caller_name="Бахром", outcome="lawyer")
    page = client_for(operator).get(reverse("hotline:contact_detail", args=[contact.pk]))
    assert "Открыть дело" not in page.content.decode()


def test_logging_a_caller_referred_to_a_lawyer_offers_to_open_a_case_at_once(
    client_for, make_staff, client_person, topic
):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    form = {
        "person": client_person.pk,
        "channel": "call",
        "direction": "in",
        "language": "ru",
        "topics": [topic.pk],
        "question": "Потерял паспорт",
        "submission_key": str(uuid.uuid4()),
    }
    client = client_for(operator)
    referred = client.post(reverse("hotline:log"), {**form, "outcome": "lawyer"}, follow=True)
    assert "Открыть дело" in referred.content.decode()
    form["submission_key"] = str(uuid.uuid4())
    answered = client.post(reverse("hotline:log"), {**form, "outcome": "answered"}, follow=True)
    assert "Обращение записано." in answered.content.decode()
    assert "Открыть дело" not in answered.content.decode()


def test_a_case_opened_from_a_contact_starts_with_its_question_and_a_malformed_one_is_ignored(
    client_for, make_staff, client_person, topic
):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    contact = logged(operator, topic, person=client_person, outcome="lawyer")
    client = client_for(operator)
    url = reverse("cases:open", args=[client_person.pk])
    assert "Потерял паспорт" in client.get(url, {"contact": contact.pk}).content.decode()
    for malformed in ("abc", "-1", "1.5"):
        page = client.get(url, {"contact": malformed})
        assert page.status_code == 200
        assert "Потерял паспорт" not in page.content.decode()


def test_hotline_names_no_module_and_no_url_of_cases():
    hotline = Path(__file__).resolve().parents[2] / "hotline"
    naming_cases = re.compile(r"komek\.cases|[\"']cases:")
    offenders = [
        str(path.relative_to(hotline))
        for path in hotline.rglob("*")
        if path.suffix in {".py", ".html"} and naming_cases.search(path.read_text())
    ]
    assert offenders == []
