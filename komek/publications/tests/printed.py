"""Editions and their printed copies for the print side's tests, made directly: an
edition is a frozen row, whatever workflow published it."""

from datetime import date

from komek.publications import printing
from komek.publications.models import Channel, Edition, Material

BODY = [
    {"key": "title", "kind": "title", "text": "Памятка трудовому мигранту"},
    {"key": "s0001", "kind": "paragraph", "text": "Встаньте на учёт в течение **трёх** дней."},
]


def an_edition(by, *, language="ru", title="Памятка трудовому мигранту", body=BODY, material=None):
    if material is None:
        material = Material.objects.create(
            slug="pamyatka", topic="registration", target_languages=["uz"], created_by=by
        )
    return Edition.objects.create(
        material=material,
        language=language,
        number=1,
        title=title,
        body=body,
        law_as_of=date(2026, 9, 1),
        published_by=by,
    )


def print_copies(edition, office, user, quantity=100, printed_on=date(2026, 10, 5)):
    return printing.print_run_record(
        user=user,
        edition=edition,
        office=office,
        quantity=quantity,
        printer="Типография «Астана-Полиграф»",
        printed_on=printed_on,
    )


def hand_out(edition, office, user, quantity, channel=Channel.TRAINING, **extra):
    extra.setdefault("place", "Семинар для мигрантов, ЦОН")
    return printing.handout_record(
        user=user,
        edition=edition,
        office=office,
        channel=channel,
        quantity=quantity,
        handed_out_on=date(2026, 10, 20),
        **extra,
    )
