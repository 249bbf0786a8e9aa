"""Demo offices and one user per role, created through the same services as the UI."""

from base64 import b32encode
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from komek.accounts import services
from komek.accounts.models import Office, User
from komek.core.roles import Role

WEEKDAYS_9_TO_6 = [[day, "09:00", "18:00"] for day in range(5)]

# Each office is named after its city: in Russian (the primary name), Kazakh and English
# for the staff, and in Uzbek (both scripts), Tajik and Kyrgyz for the migrants' portal.
CITIES = {
    "astana": ("Астана", "Астана", "Astana", "Ostona", "Остона", "Остона", "Астана"),
    "almaty": ("Алматы", "Алматы", "Almaty", "Olmaota", "Олмаота", "Алмаато", "Алматы"),
    "shymkent": ("Шымкент", "Шымкент", "Shymkent", "Chimkent", "Чимкент", "Чимкент", "Шымкент"),
}
SUFFIXES = ("", "_kk", "_en", "_uz", "_uz_cyrl", "_tg", "_ky")
PLACES = {
    "astana": (WEEKDAYS_9_TO_6, "51.16940", "71.44910"),
    "almaty": ([*WEEKDAYS_9_TO_6, [5, "10:00", "14:00"]], "43.23800", "76.94500"),
    "shymkent": (WEEKDAYS_9_TO_6, "42.34170", "69.59010"),
}

OFFICES = [
    {
        "code": code,
        **{
            f"{field}{suffix}": name
            for suffix, name in zip(SUFFIXES, CITIES[code], strict=True)
            for field in ("name", "city")
        },
        "hours": hours,
        "latitude": latitude,
        "longitude": longitude,
    }
    for code, (hours, latitude, longitude) in PLACES.items()
]

# username, role, first name, last name, office code, national scope
USERS = [
    ("operator", Role.HOTLINE_OPERATOR, "Айгерим", "Сапарова", "astana", False),
    ("lawyer", Role.LAWYER, "Ержан", "Мукашев", "astana", False),
    ("social", Role.SOCIAL_WORKER, "Динара", "Есенова", "astana", False),
    ("coordinator", Role.COORDINATOR, "Гульнара", "Ахметова", "astana", True),
    ("admin", Role.ADMINISTRATOR, "Тимур", "Касымов", "astana", False),
    # A second administrator: giving anyone access to personal data takes two.
    ("admin2", Role.ADMINISTRATOR, "Мадина", "Жумабаева", "astana", False),
    ("dpo", Role.DATA_PROTECTION_OFFICER, "Асель", "Нурланова", "astana", False),
    ("almaty_lawyer", Role.LAWYER, "Бауыржан", "Оспанов", "almaty", False),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    totp_key: str


def demo_password(username: str) -> str:
    return f"komek-demo-{username}"


@transaction.atomic
def seed() -> list[DemoLogin]:
    offices = {}
    for data in OFFICES:
        office = Office.objects.filter(code=data["code"]).first()
        if office is None:
            office = services.office_create(created_by=None, **data)
        else:
            # A demo database seeded before offices had hours, a place or the migrants'
            # names: what is still empty is filled in, what staff have changed stays.
            missing = {
                field: value
                for field, value in data.items()
                if getattr(office, field) in ("", None, [])
            }
            if missing:
                office = services.office_update(office=office, updated_by=None, **missing)
        offices[data["code"]] = office
    logins = []
    for username, role, first, last, office_code, national in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = services.user_create(
                created_by=None,
                password=demo_password(username),
                username=username,
                first_name=first,
                last_name=last,
                role=role,
                office=offices[office_code],
                national_scope=national,
            )
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = services.second_factor_start(user=user)
            services.second_factor_confirm(device=device)
        logins.append(
            DemoLogin(
                username=username,
                password=demo_password(username),
                role=str(Role(user.role).label),
                totp_key=b32encode(device.bin_key).decode("ascii"),
            )
        )
    return logins


def describe(logins: list[DemoLogin]) -> str:
    """The demo logins and how to pass their second factor (development only)."""
    lines = [
        f"  {len(logins)} demo logins (development only):",
        f"  {'username':<15} {'password':<28} role",
        *(f"  {login.username:<15} {login.password:<28} {login.role}" for login in logins),
        "",
        "Every staff account signs in with a second factor. Get a demo user's current "
        "code with:\n  .venv/bin/komek totp USERNAME\n"
        "or add its key to an authenticator app (FreeOTP, Aegis, Google Authenticator):",
        *(f"  {login.username:<15} {login.totp_key}" for login in logins),
    ]
    return "\n".join(lines)
