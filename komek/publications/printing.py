"""Printed copies of editions: print runs delivered to an office's stock, copies handed out
from it (at the office, at an outreach point, at a training, through a partner), and what
each office still holds.

An edition that is no longer the one to read (withdrawn when the law it explains changed,
or superseded by a newer edition) keeps its printed copies in the stock, flagged: they are
not to be handed out, and the service refuses to record them handed out."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts.models import Office
from komek.audit.services import create_audited
from komek.partners.models import Partner
from komek.publications.models import Channel, Edition, EditionStatus, Handout, PrintRun

PRINT_RUN_FIELDS = [
    "edition",
    "office",
    "quantity",
    "printer",
    "cost",
    "currency",
    "project_code",
    "printed_on",
]
HANDOUT_FIELDS = [
    "edition",
    "office",
    "channel",
    "place",
    "partner",
    "quantity",
    "handed_out_on",
]


def _refuse_unless_current(edition: Edition) -> None:
    if edition.status != EditionStatus.PUBLISHED:
        raise ValidationError(
            _(
                "Edition %(edition)s is %(status)s: its copies are not to be handed out or "
                "printed again. Use the current edition of the material."
            )
            % {"edition": edition.number, "status": edition.get_status_display()}
        )


def _refuse_other_office(user, office: Office) -> None:
    if not user.spans_offices and office.pk != user.office_id:
        raise ValidationError(_("You record copies of your own office only."))


def copies_left(*, edition: Edition, office: Office) -> int:
    """Copies of ``edition`` printed for ``office`` and not yet handed out."""
    printed = PrintRun.objects.filter(edition=edition, office=office).aggregate(n=Sum("quantity"))[
        "n"
    ]
    handed = Handout.objects.filter(edition=edition, office=office).aggregate(n=Sum("quantity"))[
        "n"
    ]
    return (printed or 0) - (handed or 0)


@transaction.atomic
def print_run_record(
    *,
    user,
    edition: Edition,
    office: Office,
    quantity: int,
    printer: str,
    cost: Decimal | None = None,
    currency: str = "KZT",
    project_code: str = "",
    printed_on: date,
) -> PrintRun:
    """Copies of the current edition printed and delivered to ``office``."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    _refuse_unless_current(edition)
    _refuse_other_office(user, office)
    if cost is not None and cost < 0:
        raise ValidationError(_("The cost cannot be negative."))
    run = PrintRun(
        edition=edition,
        office=office,
        quantity=quantity,
        printer=printer,
        cost=cost,
        currency=currency.upper(),
        project_code=project_code,
        printed_on=printed_on,
        recorded_by=user,
    )
    return create_audited(obj=run, actor=user, fields=PRINT_RUN_FIELDS)


@transaction.atomic
def handout_record(
    *,
    user,
    edition: Edition,
    office: Office,
    channel: str,
    quantity: int,
    handed_out_on: date,
    place: str = "",
    partner: Partner | None = None,
) -> Handout:
    """Copies given out from ``office``'s stock: never more than it holds, never of an
    edition withdrawn or superseded. The edition's row is locked so that two hand-outs
    recorded at once cannot both take the last copies."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    _refuse_unless_current(edition)
    _refuse_other_office(user, office)
    if channel == Channel.PARTNER and partner is None:
        raise ValidationError(_("Choose the partner organisation the copies were given to."))
    if channel in (Channel.OUTREACH, Channel.TRAINING) and not place.strip():
        raise ValidationError(_("Name the outreach point or the training event."))
    if quantity < 1:
        raise ValidationError(_("Give the number of copies handed out (at least one)."))
    left = copies_left(edition=edition, office=office)
    if quantity > left:
        raise ValidationError(
            _(
                "%(office)s holds %(left)s copies of this edition: %(quantity)s cannot be "
                "handed out. Record a print run first, or give fewer copies."
            )
            % {"office": office, "left": left, "quantity": quantity}
        )
    handout = Handout(
        edition=edition,
        office=office,
        channel=channel,
        place=place.strip(),
        partner=partner if channel == Channel.PARTNER else None,
        quantity=quantity,
        handed_out_on=handed_out_on,
        recorded_by=user,
    )
    return create_audited(obj=handout, actor=user, fields=HANDOUT_FIELDS)


@dataclass(frozen=True)
class StockRow:
    edition: Edition
    office: Office
    printed: int
    handed_out: int

    @property
    def left(self) -> int:
        return self.printed - self.handed_out

    @property
    def do_not_hand_out(self) -> bool:
        """Copies of an edition withdrawn or superseded, still on the shelves."""
        return self.edition.status != EditionStatus.PUBLISHED and self.left > 0


def _offices_of(user) -> dict:
    return {} if user.spans_offices else {"office": user.office_id}


def stock(*, user) -> list[StockRow]:
    """The copies of each edition each office holds (the user's office, or every office
    for national roles), the flagged ones first."""
    scope = _offices_of(user)
    printed = (
        PrintRun.objects.filter(**scope)
        .values("edition", "office")
        .annotate(n=Sum("quantity"))
        .order_by()
    )
    handed = (
        Handout.objects.filter(**scope)
        .values("edition", "office")
        .annotate(n=Sum("quantity"))
        .order_by()
    )
    handed_of = {(row["edition"], row["office"]): row["n"] for row in handed}
    editions = Edition.objects.select_related("material").in_bulk(
        {row["edition"] for row in printed}
    )
    offices = Office.objects.in_bulk({row["office"] for row in printed})
    rows = [
        StockRow(
            edition=editions[row["edition"]],
            office=offices[row["office"]],
            printed=row["n"],
            handed_out=handed_of.get((row["edition"], row["office"]), 0),
        )
        for row in printed
    ]
    return sorted(
        rows,
        key=lambda row: (
            not row.do_not_hand_out,
            str(row.office),
            row.edition.material.slug,
            row.edition.language,
            -row.edition.number,
        ),
    )


def print_runs(*, user):
    """The print runs of the user's office (or of every office for national roles)."""
    return PrintRun.objects.filter(**_offices_of(user)).select_related(
        "edition__material", "office", "recorded_by"
    )


def handouts(*, user):
    """The copies handed out from the user's office (or every office for national roles)."""
    return Handout.objects.filter(**_offices_of(user)).select_related(
        "edition__material", "office", "partner", "recorded_by"
    )


def demo_load() -> int:
    """A print run of the demo booklet's Russian edition for the Astana office and copies
    handed out at a training, unless there are print runs already; the number of copies
    left in stock. Runs after the booklet's loader (komek.publications.demo)."""
    from komek.accounts.models import User
    from komek.publications.demo import SLUG

    if not PrintRun.objects.exists():
        coordinator = User.objects.get(username="coordinator")
        astana = Office.objects.get(code="astana")
        edition = Edition.objects.get(
            material__slug=SLUG, language="ru", status=EditionStatus.PUBLISHED
        )
        today = timezone.localdate()
        print_run_record(
            user=coordinator,
            edition=edition,
            office=astana,
            quantity=500,
            printer="Типография «Полиграф-Астана»",
            cost=Decimal("137500.00"),
            currency="KZT",
            project_code="iom-2026",
            printed_on=today - timedelta(days=20),
        )
        handout_record(
            user=User.objects.get(username="operator"),
            edition=edition,
            office=astana,
            channel=Channel.TRAINING,
            place="Семинар «Ваши права на работе», ЦОН Есильского района",
            quantity=60,
            handed_out_on=today - timedelta(days=6),
        )
    return sum(row.left for row in stock(user=User.objects.get(username="coordinator")))


def register() -> None:
    """What the print side plugs into the rest of Komek, called from
    ``PublicationsConfig.ready()``: indicators and the permission test's URL samples of its
    pages (the printed copies are reached from the publications' page, not the menu, which
    fits one row)."""
    from komek.core import url_samples
    from komek.publications import indicators

    indicators.register()
    url_samples.register("komek.publications.samples_print")
