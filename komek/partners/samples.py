"""URL samples for the permission test (komek/core/url_samples.py): a partner."""

from komek.partners.services import partner_create


def build(made: dict) -> dict[str, dict]:
    made["partner"] = partner_create(
        created_by=None,
        office=made["office"],
        name="Посольство Республики Таджикистан",
        name_kk="Тәжікстан Республикасының елшілігі",
        name_en="Embassy of the Republic of Tajikistan",
        kind="embassy",
        country="TJ",
        city="Астана",
    )
    partner = {"pk": made["partner"].pk}
    return {"partners:detail": partner, "partners:edit": partner}
