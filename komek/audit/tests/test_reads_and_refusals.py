"""Refused requests and the DPO's own browsing are audited; what the DPO sees of a row
that is not personal data."""

from django.urls import reverse

from komek.audit.models import Action, AuditEntry
from komek.core.roles import Role


def refusals() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=Action.REFUSED))


def test_a_signed_in_user_refused_a_page_is_audited(client_for, make_staff):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    assert client_for(operator).get(reverse("audit:entry_list")).status_code == 403
    [entry] = refusals()
    assert entry.actor == operator
    assert entry.detail == "403 GET /audit/"


def test_a_signed_in_user_asking_for_a_missing_page_is_audited(client_for, make_staff):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    assert client_for(operator).get("/no-such-page/").status_code == 404
    [entry] = refusals()
    assert entry.actor == operator
    assert entry.detail == "404 GET /no-such-page/"


def test_an_anonymous_refusal_is_audited_but_not_an_anonymous_missing_page(client, db):
    client.get("/no-such-page/")
    assert refusals() == []
    csrf_checked = client.__class__(enforce_csrf_checks=True)
    assert csrf_checked.post(reverse("accounts:login"), {"username": "x"}).status_code == 403
    [entry] = refusals()
    assert entry.actor is None
    assert entry.detail == f"403 POST {reverse('accounts:login')}"


def test_the_dpo_browsing_the_log_is_audited_with_the_filters(client_for, make_staff):
    dpo = make_staff(Role.DATA_PROTECTION_OFFICER)
    client_for(dpo).get(reverse("audit:entry_list"), {"actor": "erzhan"})
    entry = AuditEntry.objects.get(actor=dpo, action=Action.VIEW)
    assert entry.detail == "audit log: actor=erzhan"


def test_changes_to_rows_that_are_not_personal_data_are_shown_to_the_dpo(client_for, make_staff):
    client_for(make_staff(Role.ADMINISTRATOR)).post(
        reverse("accounts:office_create"),
        {"code": "taraz", "name": "Тараз", "city": "Тараз", "is_active": "on"},
    )
    html = client_for(make_staff(Role.DATA_PROTECTION_OFFICER)).get(
        reverse("audit:entry_list"), {"object_type": "accounts.Office"}
    )
    assert '<ins lang="ru">Тараз</ins>' in html.content.decode()
