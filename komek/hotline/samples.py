"""URL samples for the permission test (komek/core/url_samples.py): a topic and a contact."""

import uuid

from komek.hotline.services import contact_log, topic_create


def build(made: dict) -> dict[str, dict]:
    made["topic"] = topic_create(created_by=None, code="wages", name_ru="Зарплата")
    contact = contact_log(
        operator=made["user"],
        submission_key=uuid.uuid4(),
        channel="call",
        outcome="answered",
        caller_phone="+77012345678",
    )
    return {
        "hotline:contact_detail": {"pk": contact.pk},
        "hotline:contact_correct": {"pk": contact.pk},
        "hotline:link_person": {"pk": contact.pk},
        "hotline:callback_done": {"pk": contact.pk},
        "hotline:topic_edit": {"pk": made["topic"].pk},
    }
