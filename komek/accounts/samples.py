"""URL samples for the permission test (komek/core/url_samples.py): a user and an office."""

from komek.accounts.models import AccessChange
from komek.accounts.services import user_create
from komek.core.roles import Role


def build(made: dict) -> dict[str, dict]:
    office = made["office"]
    # Staff who never sign in (no usable password): the owners and authors of samples.
    made["user"] = user_create(
        created_by=None, password=None, username="target", role=Role.HOTLINE_OPERATOR, office=office
    )
    made["coordinator"] = user_create(
        created_by=None, password=None, username="case-opener", role=Role.COORDINATOR, office=office
    )
    change = AccessChange.objects.create(
        user=made["user"],
        role_before=Role.HOTLINE_OPERATOR,
        office_before=office,
        role=Role.COORDINATOR,
        office=office,
    )
    user = {"pk": made["user"].pk}
    return {
        "accounts:user_edit": user,
        "accounts:user_reset_2fa": user,
        "accounts:user_unlock": user,
        "accounts:user_enrolment_link": user,
        "accounts:office_edit": {"pk": office.pk},
        "accounts:access_change_decide": {"pk": change.pk},
    }
