"""Demo aid: the kinds the centre gives, IOM's and UNHCR's projects with their lines, the
rules (with their source, to be verified), stock in Astana and Almaty with a batch near
its expiry date, a food distribution day twelve days ago, a second package refused within
30 days and then given by the coordinator's override, and a ticket home for the Uzbek
client of case AST-0001 after the embassy's certificate of return: requested, approved,
purchased, handed over. Everything goes through the services; what they stamped "now" is
then set back to the day it happened."""

from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from komek.accounts.models import Office, User
from komek.aid import services
from komek.aid.models import (
    AidKind,
    Approval,
    ApprovalBand,
    BudgetLine,
    Distribution,
    DistributionItem,
    Donor,
    EntitlementRule,
    Project,
    Purchase,
    StockMovement,
)
from komek.cases.demo import day_at
from komek.cases.models import Referral, Request
from komek.people.models import Person

# code, name (ru, kk, en), unit, value KZT, cash, stocked, needs approval, approval above,
# expires
KINDS = [
    (
        "food",
        "Продуктовый набор",
        "Азық-түлік жиынтығы",
        "Food package",
        "package",
        15000,
        False,
        True,
        False,
        None,
        True,
    ),
    (
        "hygiene",
        "Гигиенический набор",
        "Гигиеналық жиынтық",
        "Hygiene kit",
        "kit",
        8000,
        False,
        True,
        False,
        None,
        False,
    ),
    (
        "baby",
        "Детский набор",
        "Балалар жиынтығы",
        "Baby kit",
        "kit",
        12000,
        False,
        True,
        False,
        None,
        True,
    ),
    (
        "winter",
        "Комплект зимней одежды",
        "Қысқы киім жиынтығы",
        "Winter clothes set",
        "set",
        25000,
        False,
        True,
        False,
        None,
        False,
    ),
    (
        "ticket-bus",
        "Билет домой (автобус)",
        "Үйге билет (автобус)",
        "Ticket home (bus)",
        "ticket",
        35000,
        False,
        False,
        True,
        None,
        False,
    ),
    (
        "ticket-rail",
        "Билет домой (поезд)",
        "Үйге билет (пойыз)",
        "Ticket home (rail)",
        "ticket",
        45000,
        False,
        False,
        True,
        None,
        False,
    ),
    (
        "ticket-air",
        "Билет домой (самолёт)",
        "Үйге билет (ұшақ)",
        "Ticket home (air)",
        "ticket",
        160000,
        False,
        False,
        True,
        None,
        False,
    ),
    (
        "medical",
        "Оплата лечения",
        "Емделуге төлем",
        "Medical payment",
        "kzt",
        1,
        True,
        False,
        False,
        50000,
        False,
    ),
    (
        "cash",
        "Денежная помощь",
        "Ақшалай көмек",
        "Cash grant",
        "kzt",
        1,
        True,
        False,
        True,
        None,
        False,
    ),
]

DONORS = [
    (
        "iom",
        "Международная организация по миграции",
        "Халықаралық көші-қон ұйымы",
        "International Organization for Migration",
    ),
    (
        "unhcr",
        "Управление ООН по делам беженцев",
        "БҰҰ Босқындар ісі жөніндегі басқармасы",
        "UNHCR",
    ),
]

# donor, code, name, line code, line name, kinds, amount
LINES = [
    (
        "iom",
        "iom-protect-2026",
        "Защита уязвимых мигрантов",
        "relief",
        "Продукты, гигиена, одежда",
        ["food", "hygiene", "baby", "winter"],
        3_000_000,
    ),
    (
        "iom",
        "iom-protect-2026",
        "Защита уязвимых мигрантов",
        "return",
        "Добровольное возвращение",
        ["ticket-bus", "ticket-rail", "ticket-air"],
        1_500_000,
    ),
    (
        "unhcr",
        "unhcr-crisis-2026",
        "Помощь в кризисных ситуациях",
        "medical",
        "Медицинская помощь",
        ["medical"],
        1_000_000,
    ),
    (
        "unhcr",
        "unhcr-crisis-2026",
        "Помощь в кризисных ситуациях",
        "cash",
        "Денежная помощь",
        ["cash", "winter"],
        500_000,
    ),
]

SOURCE = "Положение центра о гуманитарной помощи (проект 2026 г.)"
# kinds counted together, max quantity, max value, days, per, vulnerabilities, case
# categories. One ticket home in 12 months, whether by bus, rail or air.
RULES = [
    (["food"], 1, None, 30, "household", [], []),
    (
        ["ticket-bus", "ticket-rail", "ticket-air"],
        1,
        None,
        365,
        "person",
        [],
        ["return", "documents"],
    ),
    (
        ["medical"],
        None,
        300000,
        365,
        "person",
        ["serious_illness", "pregnant", "disability"],
        ["health"],
    ),
]
BANDS = [(Decimal(30000), 0), (Decimal(150000), 1), (None, 2)]

# office, kind, quantity, batch, expires in days (None: no date), line code
STOCK = [
    ("astana", "food", 120, "IOM-2026-03", 200, "relief"),
    ("astana", "food", 20, "IOM-2025-11", 12, "relief"),
    ("astana", "hygiene", 60, "IOM-H-2026", None, "relief"),
    ("astana", "baby", 15, "IOM-B-2026", 90, "relief"),
    ("almaty", "food", 50, "IOM-2026-04", 230, "relief"),
    ("almaty", "hygiene", 30, "IOM-H-2026A", None, "relief"),
    ("almaty", "winter", 25, "", None, "cash"),
]

DAY_AGO = 12
# who came to the distribution day, what they were given
QUEUE = [
    ("AST-0002", [("food", 1), ("hygiene", 1)]),
    ("AST-0003", [("food", 1)]),
    ("AST-0004", [("food", 1), ("hygiene", 1)]),
    ("AST-0006", [("food", 1)]),
]
OVERRIDE = "Семья из пяти человек, зарплату за три месяца не выплатили"


@contextmanager
def happened(moment: datetime):
    """What the services write inside the block happened at ``moment``."""
    first = {
        model: (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
        for model in (Distribution, DistributionItem, StockMovement, Approval, Purchase)
    }
    yield
    Distribution.objects.filter(pk__gte=first[Distribution], handed_at__isnull=False).update(
        handed_at=moment
    )
    Distribution.objects.filter(pk__gte=first[Distribution]).update(created_at=moment)
    DistributionItem.objects.filter(pk__gte=first[DistributionItem]).update(at=moment)
    for model in (StockMovement, Approval, Purchase):
        model.objects.filter(pk__gte=first[model]).update(at=moment)


def _reference_data() -> dict[str, BudgetLine]:
    for code, name, name_kk, name_en, unit, value, cash, stocked, approval, above, expiry in KINDS:
        AidKind.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_kk": name_kk,
                "name_en": name_en,
                "unit": unit,
                "unit_value": Decimal(value),
                "is_cash": cash,
                "stocked": stocked,
                "needs_approval": approval,
                "approval_above": above,
                "tracks_expiry": expiry,
            },
        )
    for code, name, name_kk, name_en in DONORS:
        Donor.objects.get_or_create(
            code=code, defaults={"name": name, "name_kk": name_kk, "name_en": name_en}
        )
    year = timezone.localdate().year
    lines = {}
    for donor, project_code, project_name, code, name, kinds, amount in LINES:
        project, _created = Project.objects.get_or_create(
            code=project_code,
            defaults={
                "donor": Donor.objects.get(code=donor),
                "name": project_name,
                "starts": date(year - 1, 1, 1),
                "ends": date(year + 1, 12, 31),
            },
        )
        line, created = BudgetLine.objects.get_or_create(
            project=project, code=code, defaults={"name": name, "amount": Decimal(amount)}
        )
        if created:
            line.kinds.set(AidKind.objects.filter(code__in=kinds))
        lines[code] = line
    for kinds, quantity, value, days, per, vulnerabilities, categories in RULES:
        if EntitlementRule.objects.filter(kinds__code=kinds[0]).exists():
            continue
        rule = EntitlementRule.objects.create(
            max_quantity=quantity,
            max_value=value,
            period_days=days,
            per=per,
            qualifies_vulnerabilities=vulnerabilities,
            qualifies_case_categories=categories,
            source=SOURCE,
            to_be_verified=True,
        )
        rule.kinds.set(AidKind.objects.filter(code__in=kinds))
    for up_to, approvers in BANDS:
        if not ApprovalBand.objects.filter(up_to=up_to).exists():
            ApprovalBand.objects.create(up_to=up_to, approvers=approvers, source=SOURCE)
    return lines


def _stock(lines: dict[str, BudgetLine], coordinator: User) -> None:
    today = timezone.localdate()
    with happened(day_at(40, 9)):
        for office, kind, quantity, batch, expires_in, line in STOCK:
            services.receive(
                office=Office.objects.get(code=office),
                kind=AidKind.objects.get(code=kind),
                quantity=quantity,
                by=coordinator,
                budget_line=lines[line],
                batch=batch,
                expires=today + timedelta(days=expires_in) if expires_in is not None else None,
                note="Поставка МОМ",
            )


def _distribution_day(social: User) -> None:
    astana = Office.objects.get(code="astana")
    for minute, (ref, items) in enumerate(QUEUE):
        with happened(day_at(DAY_AGO, 10, minute * 4)):
            services.distribute(
                person=Person.objects.get(ref=ref),
                office=astana,
                items=[(AidKind.objects.get(code=code), n) for code, n in items],
                by=social,
                place="Выездной пункт, рынок «Шапагат»",
                key=f"demo-day-{ref}",
            )


def _second_package(social: User, coordinator: User) -> None:
    """AST-0003 asks again within 30 days: refused; the coordinator overrides."""
    astana = Office.objects.get(code="astana")
    person = Person.objects.get(ref="AST-0003")
    food = AidKind.objects.get(code="food")
    with happened(day_at(2, 11)):
        try:
            services.distribute(person=person, office=astana, items=[(food, 1)], by=social)
        except services.AidRefused:
            services.distribute(
                person=person,
                office=astana,
                items=[(food, 1)],
                by=coordinator,
                override_reason=OVERRIDE,
                key="demo-override",
            )


def _ticket_home(lines: dict[str, BudgetLine], lawyer: User, coordinator: User, social: User):
    """The ticket is requested the day after the embassy answered with the certificate
    of return, then approved, bought and handed over on the days after."""
    certificate = (
        Referral.objects.filter(
            case__client__ref="AST-0001",
            request=Request.RETURN_CERTIFICATE,
            answered_on__isnull=False,
        )
        .select_related("case__client", "case__office")
        .order_by("-answered_on")
        .first()
    )
    if certificate is None:
        return
    arrived = (timezone.localdate() - certificate.answered_on).days
    steps = [arrived - 1, arrived - 2, arrived - 3, arrived - 4]
    with happened(day_at(steps[0], 10)):
        case = certificate.case
        request = services.request(
            person=case.client,
            office=case.office,
            kind=AidKind.objects.get(code="ticket-bus"),
            quantity=1,
            by=lawyer,
            budget_line=lines["return"],
            case=case,
            key="demo-ticket",
        )
    with happened(day_at(steps[1], 9)):
        services.approve(distribution=request, by=coordinator)
    with happened(day_at(steps[2], 12)):
        services.record_purchase(
            distribution=request,
            document=ContentFile(b"%PDF-1.4 demo ticket", name="ticket-ast-0001.pdf"),
            amount=Decimal("33500"),
            by=social,
        )
    handed_at = day_at(steps[3], 16)
    with happened(handed_at):
        handed = services.hand_over(distribution=request, by=social)
        services.acknowledge(distribution=handed, by=social)
    Distribution.objects.filter(pk=request.pk).update(
        handed_at=handed_at, acknowledged_at=handed_at
    )


@transaction.atomic
def seed() -> int:
    lines = _reference_data()
    if StockMovement.objects.exists():
        return Distribution.objects.count()
    coordinator = User.objects.get(username="coordinator")
    social = User.objects.get(username="social")
    _stock(lines, coordinator)
    _distribution_day(social)
    _second_package(social, coordinator)
    _ticket_home(lines, User.objects.get(username="lawyer"), coordinator, social)
    return Distribution.objects.count()
