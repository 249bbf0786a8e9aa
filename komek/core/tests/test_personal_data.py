"""Every model that points at a person is declared as holding personal data, so a
subject-access export or a retention run cannot miss one."""

from django.apps import apps

from komek.core import personal_data


def _points_at_person(model) -> bool:
    person = apps.get_model("people", "Person")
    return any(
        field.is_relation and field.related_model is person and not field.auto_created
        for field in model._meta.get_fields()
    )


def test_every_model_pointing_at_a_person_is_declared():
    undeclared = [
        model._meta.label
        for model in apps.get_models()
        if _points_at_person(model) and not personal_data.declares(model)
    ]
    assert undeclared == []


def test_a_history_model_is_declared_with_its_model():
    historical_person = apps.get_model("people", "HistoricalPerson")
    assert personal_data.declares(historical_person)
