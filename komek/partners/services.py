"""Writes to the partners directory: one transaction each, with history and audit."""

from django.db import transaction

from komek.audit.services import create_audited, update_audited
from komek.partners.models import Partner

AUDITED_FIELDS = (
    "name",
    "name_kk",
    "name_en",
    "short_name",
    "kind",
    "country",
    "city",
    "address",
    "address_checked",
    "phones",
    "email",
    "website",
    "working_languages",
    "contact_person",
    "notes",
    "is_active",
    "office",
)


@transaction.atomic
def partner_create(*, created_by, office, **fields) -> Partner:
    return create_audited(
        obj=Partner(office=office, **fields), actor=created_by, fields=AUDITED_FIELDS
    )


@transaction.atomic
def partner_update(*, partner: Partner, updated_by, **fields) -> Partner:
    return update_audited(obj=partner, actor=updated_by, changes=fields, fields=AUDITED_FIELDS)
