"""Published editions and their printed copies, for the print side's tests."""

from datetime import date

from komek.publications import printing, services
from komek.publications.models import Channel, Edition, Material
from komek.publications.tests.conftest import LAW_AS_OF, make_booklet, translate_all


def an_edition(user, *, language: str = "ru", material: Material | None = None) -> Edition:
    """The next edition of ``material`` (a new booklet by default) in ``language``, its
    segments translated and approved first when it is not the source language."""
    material = material or make_booklet(user)
    if language != material.source_language:
        translate_all(user, material, language)
    return services.edition_publish(
        user=user, material=material, language=language, law_as_of=LAW_AS_OF
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
