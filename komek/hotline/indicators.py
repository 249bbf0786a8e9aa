"""The hotline's indicators: contacts (by channel, sex, age group, citizenship, topic,
office, month), people served and repeat contacts.

Every split of the contacts comes from the daily tallies (komek/hotline/tallies.py), read
once per scope (the "cube"); people served, in all and by office, from the tallies' daily
bitmaps of people; only people served by sex, citizenship or age group reads the contacts
(a person's age group is the one at each contact, so a year may count one person in two)."""

from collections import defaultdict

from django.db.models import Count, F, QuerySet
from django.utils.translation import gettext_lazy
from pyroaring import BitMap64

from komek.core import dimensions, indicators
from komek.core.dimensions import Dimension, choice_labels
from komek.core.indicators import Indicator, Placement, Scope, key_of, tally
from komek.hotline import tallies
from komek.hotline.models import Channel, Contact, Topic

# The columns of the tallies, by dimension.
COLUMNS = {
    "channel": "channel",
    "sex": "sex",
    "age_group": "age_group",
    "citizenship": "citizenship",
    "office": "office_id",
    "month": "month",
}


def topic_labels(keys: list[str]) -> dict[str, str]:
    topics = Topic.objects.in_bulk([int(key) for key in keys if key.isdigit()])
    return {key: topics[int(key)].label if int(key) in topics else key for key in keys}


CHANNEL = Dimension("channel", gettext_lazy("channel"), choice_labels(Channel))
TOPIC = Dimension("topic", gettext_lazy("topic"), topic_labels, overlapping=True)


def contacts_in(scope: Scope) -> QuerySet[Contact]:
    return Contact.objects.filter(**scope.moments("at"), **scope.owned())


def counted(scope: Scope) -> tallies.Counted:
    """The scope's period as the tallies read it, worked out once for all its figures."""
    if "counted" not in scope.memo:
        scope.memo["counted"] = tallies.counted(scope.start, scope.end)
    return scope.memo["counted"]


def live(scope: Scope) -> tallies.Live | None:
    """Today's contacts in the scope, read once for all its figures."""
    if "live" not in scope.memo:
        scope.memo["live"] = tallies.live(counted(scope), scope.offices)
    return scope.memo["live"]


# Where each dimension's value lies in a row of the tallies.
POSITIONS = {by: tallies.ROW.index(column) for by, column in COLUMNS.items()}
IDENTIFIED = tallies.ROW.index("identified")


def sums(scope: Scope) -> dict[str | None, dict[str, int]]:
    """The contacts in the scope summed by every dimension at once, in one pass over the
    tallies' rows (a quarter of a large office is some 10,000 of them): {dimension:
    {value: contacts}}, with None for all of them and "identified" for those of known
    people."""
    if "contacts" not in scope.memo:
        summed: dict[str, dict] = {by: defaultdict(int) for by in POSITIONS}
        everyone = identified = 0
        for row in tallies.contact_rows(counted(scope), scope.offices, live(scope)):
            contacts = row[-1]
            everyone += contacts
            identified += contacts if row[IDENTIFIED] else 0
            for by, position in POSITIONS.items():
                summed[by][row[position]] += contacts
        figures: dict[str | None, dict[str, int]] = {by: defaultdict(int) for by in summed}
        for by, values in summed.items():
            for value, n in values.items():
                figures[by][key_of(value)] += n
        figures[None] = {"": everyone}
        figures["identified"] = {"": identified}
        scope.memo["contacts"] = figures
    return scope.memo["contacts"]


def contacts(scope: Scope, by: str | None) -> dict[str, int]:
    if by == "topic":
        return tallies.topic_counts(counted(scope), scope.offices, live(scope))
    return dict(sums(scope)[by])


def served(scope: Scope) -> dict[int, BitMap64]:
    """The people served in the scope, per office."""
    if "people" not in scope.memo:
        scope.memo["people"] = tallies.people_served(counted(scope), scope.offices, live(scope))
    return scope.memo["people"]


def people_served(scope: Scope, by: str | None) -> dict[str, int]:
    if by is None:
        offices = served(scope).values()
        return {"": len(BitMap64.union(*offices)) if offices else 0}
    if by == "office":
        return {str(office): len(people) for office, people in served(scope).items()}
    known = contacts_in(scope).filter(person__isnull=False)
    people = tallies.with_age_group(known).annotate(
        sex=F("person__sex"), citizenship=F("person__citizenship")
    )
    return tally(people, COLUMNS[by], Count("person_id", distinct=True))


def repeat_contacts(scope: Scope, by: str | None) -> dict[str, int]:
    return {"": sums(scope)["identified"][""] - people_served(scope, None)[""]}


def register() -> None:
    dimensions.register(CHANNEL)
    dimensions.register(TOPIC)
    indicators.register(
        Indicator(
            code="contacts",
            name=gettext_lazy("Contacts"),
            description=gettext_lazy(
                "Calls, walk-ins, messages, outreach meetings and the public site's callback "
                "requests."
            ),
            computation=gettext_lazy(
                "Contacts whose time falls in the period, in the offices chosen. A contact "
                "about several topics counts once under each of them. Age is the age in the "
                "year of the contact, from the year of birth."
            ),
            breakdowns=("channel", "sex", "age_group", "citizenship", "topic", "office", "month"),
            compute=contacts,
            placement=Placement(
                order=10,
                headline=True,
                charts=("channel", "sex", "age_group", "citizenship", "topic", "office", "month"),
            ),
        )
    )
    indicators.register(
        Indicator(
            code="people_served",
            name=gettext_lazy("People served"),
            description=gettext_lazy("Different people who contacted the centre."),
            computation=gettext_lazy(
                "Registered people with at least one contact in the period, each counted "
                "once (anonymous callers are not counted)."
            ),
            breakdowns=("sex", "citizenship", "age_group", "office"),
            compute=people_served,
            additive=False,
            placement=Placement(order=20, headline=True),
        )
    )
    indicators.register(
        Indicator(
            code="repeat_contacts",
            name=gettext_lazy("Repeat contacts"),
            description=gettext_lazy("Contacts of people who had already contacted the centre."),
            computation=gettext_lazy(
                "Contacts of registered people in the period minus the people served: every "
                "contact after a person's first in the period."
            ),
            breakdowns=(),
            compute=repeat_contacts,
            placement=Placement(order=30, headline=True),
        )
    )
