"""The "I have a problem" entry points: a person's situation in their words, what to do
first, the booklets' topics that explain it (``komek.publications.models.Topic``), and
whether the navigator's answer (the days of stay, the registration deadline) helps."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from komek.publications.models import Topic


@dataclass(frozen=True)
class Situation:
    slug: str
    title: Promise
    first_steps: tuple[Promise, ...]
    topics: tuple[str, ...]
    navigator: bool


SITUATIONS = (
    Situation(
        "passport-taken",
        _("My passport was taken or lost"),
        (
            _("An employer or an intermediary may not keep your passport: ask for it back."),
            _(
                "If it is lost or stolen, get a police certificate of the loss: your "
                "embassy asks for it."
            ),
            _("Call the hotline: a lawyer helps you with the embassy and the employer."),
        ),
        (Topic.DOCUMENTS, Topic.TRAFFICKING),
        True,
    ),
    Situation(
        "wages-not-paid",
        _("My wages are not paid"),
        (
            _("Write down the days you worked, the address and the employer's name."),
            _("Keep every paper and message about your work and pay."),
            _("Call the hotline: a lawyer tells you where to complain."),
        ),
        (Topic.RIGHTS, Topic.WORK),
        False,
    ),
    Situation(
        "registration",
        _("Registration and how long I may stay"),
        (
            _("Check by when you must register and how many days you may stay."),
            _("The receiving party (the landlord or the employer) registers you."),
        ),
        (Topic.REGISTRATION, Topic.ENTRY_STAY),
        True,
    ),
    Situation(
        "detained-relative",
        _("A relative is detained"),
        (
            _("Find out where the person is held and by which body."),
            _("Everyone detained has the right to a lawyer and to call their family."),
            _("Call the hotline and your country's embassy."),
        ),
        (Topic.RIGHTS,),
        False,
    ),
    Situation(
        "going-home",
        _("I want to go home"),
        (
            _("Check that your stay is in order before you leave: an overstay is fined."),
            _("Without a passport, your embassy issues a certificate of return."),
        ),
        (Topic.RETURN, Topic.DOCUMENTS),
        True,
    ),
    Situation(
        "health",
        _("I am ill or injured"),
        (
            _("In an emergency call 103 (ambulance) or 112."),
            _("Call the hotline to learn where to be treated."),
        ),
        (Topic.HEALTH,),
        False,
    ),
)
BY_SLUG = {situation.slug: situation for situation in SITUATIONS}
