import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from komek.audit.models import Action, AuditEntry
from komek.audit.services import diff, record
from komek.core.roles import Role


@pytest.fixture
def entry(office):
    return record(actor=None, action=Action.LOGIN_FAILED, username="someone", detail="password")


def test_an_entry_cannot_be_changed_or_deleted_through_the_orm(entry):
    entry.detail = "rewritten"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_postgresql_refuses_raw_updates_and_deletes(entry):
    for statement in ("UPDATE audit_auditentry SET detail = 'x'", "DELETE FROM audit_auditentry"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEntry.objects.get(action=Action.LOGIN_FAILED).detail == "password"


def test_diff_keeps_only_changed_fields_with_old_and_new_values():
    assert diff({"a": 1, "b": "x"}, {"a": 2, "b": "x"}) == {"a": [1, 2]}


def test_the_data_protection_officer_browses_and_filters_the_log(client_for, make_staff, entry):
    dpo = make_staff(Role.DATA_PROTECTION_OFFICER)
    client = client_for(dpo)
    page = client.get(reverse("audit:entry_list"), {"actor": "someone"}).content.decode()
    assert "someone" in page
    page = client.get(reverse("audit:entry_list"), {"action": "export"}).content.decode()
    assert "someone" not in page


def test_a_reversed_date_range_is_an_error_not_a_crash(client_for, make_staff):
    client = client_for(make_staff(Role.DATA_PROTECTION_OFFICER))
    response = client.get(
        reverse("audit:entry_list"), {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_an_htmx_filter_returns_only_the_table(client_for, make_staff, entry):
    client = client_for(make_staff(Role.DATA_PROTECTION_OFFICER))
    html = client.get(reverse("audit:entry_list"), HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith('<div id="entries">')


@pytest.mark.parametrize(
    "role", [role for role in Role.values if role != Role.DATA_PROTECTION_OFFICER]
)
def test_every_other_role_is_refused_the_log(client_for, make_staff, role):
    assert client_for(make_staff(role)).get(reverse("audit:entry_list")).status_code == 403


def test_entries_made_during_a_request_carry_the_client_ip(client_for, make_staff):
    admin = make_staff(Role.ADMINISTRATOR)
    client_for(admin).post(
        reverse("accounts:office_create"),
        {"code": "shymkent", "name": "Шымкент", "city": "Шымкент", "is_active": "on"},
        REMOTE_ADDR="10.1.2.3",
    )
    entry = AuditEntry.objects.get(object_type="accounts.Office", object_repr="Шымкент")
    assert entry.ip == "10.1.2.3"
    assert entry.actor == admin


def test_behind_the_proxy_the_address_it_appended_is_kept_not_the_one_the_client_forged(
    client_for, make_staff, settings
):
    settings.TRUST_X_FORWARDED_FOR = True
    admin = make_staff(Role.ADMINISTRATOR)
    client_for(admin).post(
        reverse("accounts:office_create"),
        {"code": "taraz", "name": "Тараз", "city": "Тараз", "is_active": "on"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7",
    )
    assert AuditEntry.objects.get(object_repr="Тараз").ip == "203.0.113.7"


@pytest.mark.parametrize(
    "url_name,detail",
    [
        ("cases:list", "case list: "),
        ("hotline:contact_list", "contact list: "),
        ("hotline:callbacks", "callbacks due"),
    ],
)
def test_lists_of_people_are_audited_with_their_filters(client_for, make_staff, url_name, detail):
    from django.urls import reverse

    from komek.audit.models import Action, AuditEntry
    from komek.core.roles import Role

    coordinator = make_staff(Role.COORDINATOR)
    client_for(coordinator).get(reverse(url_name), {"page": "1"})
    entry = AuditEntry.objects.get(action=Action.VIEW, actor=coordinator)
    assert entry.detail.startswith(detail)
