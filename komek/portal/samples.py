"""URL samples for the permission test (komek/core/url_samples.py): the portal's pages in
one of its languages. They are public and show no staff record."""


def build(made: dict) -> dict[str, dict]:
    return {
        "portal:home": {"lang": "tg"},
        "portal:callback": {"lang": "tg"},
        "portal:callback_sent": {"lang": "tg"},
    }
