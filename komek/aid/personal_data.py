"""Aid's personal data, declared to ``core.personal_data``.

What was given, to whom and when is the centre's account to its donors: anonymising a
person's aid (or erasing the person) blanks what describes them (the place, the reasons
written, the purchase document naming them) and keeps the figures; the person's own
record, anonymised by the registry, no longer identifies them."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.aid.models import Distribution, DistributionItem, Purchase
from komek.core import personal_data
from komek.core.permissions import role_can
from komek.core.roles import Capability
from komek.people.access import Access, access_level

DISTRIBUTION_TEXTS = {"place": "", "reason": "", "override_reason": ""}
# Donors audit their projects for some years after they end; a default an administrator
# sets with ``komek retention``.
SEVEN_YEARS = 7 * 365 + 2


def _readable(user, pk: str) -> bool:
    distribution = Distribution.objects.select_related("person").filter(pk=pk).first()
    return (
        distribution is not None
        and role_can(user, Capability.AID_VIEW)
        and access_level(user, distribution.person) >= Access.FULL
    )


def _distributions_blanked(person) -> int:
    return personal_data.blank_rows(Distribution.objects.filter(person=person), DISTRIBUTION_TEXTS)


def _items_kept(rows_or_person) -> int:
    """An item holds nothing but its figures and the link to the person: nothing to blank
    (in any set of rows, or in a person's)."""
    return 0


def _documents_blanked(person) -> int:
    return personal_data.blank_rows(
        Purchase.objects.filter(distribution__person=person), {"document": ""}
    )


def declare_personal_data() -> None:
    personal_data.register(
        Distribution,
        lookups=["person"],
        blank=DISTRIBUTION_TEXTS,
        delete=_distributions_blanked,
        readable=_readable,
    )
    personal_data.register(
        DistributionItem, lookups=["person"], anonymise_rows=_items_kept, delete=_items_kept
    )
    personal_data.register(
        Purchase,
        lookups=["distribution__person"],
        blank={"document": ""},
        delete=_documents_blanked,
    )
    personal_data.register_category(
        "aid.distributions",
        label=_("Aid distributions: places, reasons and purchase documents"),
        default_days=SEVEN_YEARS,
        moment="created_at",
        untreated=distributions_untreated,
        treat=distributions_anonymise,
    )


def distributions_untreated():
    """Distributions with a text or a purchase document left."""
    return Distribution.objects.filter(
        ~Q(place="")
        | ~Q(reason="")
        | ~Q(override_reason="")
        | Q(pk__in=Purchase.objects.exclude(document="").values("distribution"))
    )


def distributions_anonymise(rows) -> int:
    """The figures (kinds, quantities, values, lines, dates) stay for the donors."""
    personal_data.blank_rows(Purchase.objects.filter(distribution__in=rows), {"document": ""})
    return personal_data.blank_rows(rows, DISTRIBUTION_TEXTS)
