"""URL samples for the permission test (komek/core/url_samples.py): the status check of
the person of the samples, and where its advice is saved."""


def build(made: dict) -> dict[str, dict]:
    person = made["person"]
    return {
        "navigator:check_person": {"pk": person.pk},
        "navigator:advice_save": {"person_pk": person.pk},
    }
