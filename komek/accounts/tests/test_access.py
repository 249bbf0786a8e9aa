"""No administrator changes their own access; giving access to personal data needs a
second administrator (four-eyes); the data protection officers hear of every change."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from komek.accounts.access import Access, needs_approval
from komek.accounts.models import AccessChange, User
from komek.accounts.tests.test_manage import user_data
from komek.audit.models import Action, AuditEntry
from komek.core.roles import Role
from komek.core.signals import notification_requested


@pytest.fixture
def admin(make_staff):
    return make_staff(Role.ADMINISTRATOR, username="timur")


@pytest.fixture
def second_admin(make_staff):
    return make_staff(Role.ADMINISTRATOR, username="saule")


@pytest.fixture
def dpo(make_staff):
    return make_staff(Role.DATA_PROTECTION_OFFICER, username="asel")


@pytest.fixture
def announced():
    """What accounts asked to be notified, as {key: (recipients, text)}."""
    sent = {}

    def receive(*, users, key, message, params, **kwargs):
        sent[key] = (set(users), str(message) % params)

    notification_requested.connect(receive, dispatch_uid="test-access")
    yield sent
    notification_requested.disconnect(dispatch_uid="test-access")


def edit(client, user, office, **changes):
    data = user_data(
        office,
        username=user.username,
        role=user.role,
        password="",
        national_scope="on" if user.national_scope else "",
    )
    data.update(changes)
    return client.post(reverse("accounts:user_edit", args=[user.pk]), data)


def decide(client, change, decision):
    return client.post(
        reverse("accounts:access_change_decide", args=[change.pk]), {"decision": decision}
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"role": Role.COORDINATOR, "national_scope": "on"},
        {"national_scope": "on"},
        {"password": "another-long-passphrase"},
    ],
    ids=["role", "scope", "password"],
)
def test_an_administrator_cannot_change_their_own_access_or_password(
    client_for, admin, office, changes
):
    response = edit(client_for(admin), admin, office, **changes)
    assert response.status_code == 200
    assert "Здесь нельзя менять свою роль" in str(response.context["form"].non_field_errors())
    admin.refresh_from_db()
    assert (admin.role, admin.national_scope) == (Role.ADMINISTRATOR, False)
    assert not admin.check_password("another-long-passphrase")
    assert not AccessChange.objects.exists()


def test_an_administrator_cannot_reset_their_own_second_factor_or_issue_their_own_link(
    client_for, admin
):
    client = client_for(admin)
    client.post(reverse("accounts:user_reset_2fa", args=[admin.pk]))
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()
    assert not AuditEntry.objects.filter(action=Action.SECOND_FACTOR_RESET).exists()
    TOTPDevice.objects.filter(user=admin).update(confirmed=False)
    client.post(reverse("accounts:user_enrolment_link", args=[admin.pk]))
    assert not admin.enrolment_links.exists()


def test_promoting_another_to_national_coordinator_waits_for_a_second_administrator(
    client_for, admin, second_admin, make_staff, office, dpo, announced
):
    lawyer = make_staff(Role.LAWYER, username="erzhan")
    response = edit(client_for(admin), lawyer, office, role=Role.COORDINATOR, national_scope="on")
    assert response.status_code == 302
    lawyer.refresh_from_db()
    assert (lawyer.role, lawyer.national_scope) == (Role.LAWYER, False)
    change = AccessChange.objects.get(user=lawyer, status=AccessChange.Status.PENDING)
    assert AuditEntry.objects.filter(
        actor=admin, detail="access change requested", object_id=str(change.pk)
    ).exists()
    assert announced[f"access-change-{change.pk}-requested"][0] == {dpo}

    # The one who asked cannot approve it.
    decide(client_for(admin), change, "approve")
    lawyer.refresh_from_db()
    assert lawyer.role == Role.LAWYER

    page = client_for(second_admin).get(reverse("accounts:access_change_list"))
    assert "erzhan" in page.content.decode()
    user_page = client_for(second_admin).get(reverse("accounts:user_edit", args=[lawyer.pk]))
    assert user_page.context["pending"] == change
    decide(client_for(second_admin), change, "approve")
    lawyer.refresh_from_db()
    assert (lawyer.role, lawyer.national_scope) == (Role.COORDINATOR, True)
    change.refresh_from_db()
    assert (change.status, change.decided_by) == (AccessChange.Status.APPLIED, second_admin)
    assert AuditEntry.objects.filter(actor=second_admin, detail="access change approved")
    assert AuditEntry.objects.filter(
        actor=second_admin, action=Action.CHANGE, object_id=str(lawyer.pk)
    ).exists()
    recipients, text = announced[f"access-change-{change.pk}-approved"]
    assert recipients == {dpo}
    assert "erzhan" in text


def test_a_rejected_change_leaves_the_access_as_it_was(
    client_for, admin, second_admin, make_staff, office, dpo, announced
):
    operator = make_staff(Role.HOTLINE_OPERATOR, username="ops")
    edit(client_for(admin), operator, office, role=Role.COORDINATOR)
    change = AccessChange.objects.get(user=operator)
    decide(client_for(second_admin), change, "reject")
    operator.refresh_from_db()
    assert operator.role == Role.HOTLINE_OPERATOR
    change.refresh_from_db()
    assert change.status == AccessChange.Status.REJECTED
    assert announced[f"access-change-{change.pk}-rejected"][0] == {dpo}


def test_the_user_concerned_cannot_approve_their_own_promotion(
    client_for, admin, second_admin, make_staff, office
):
    edit(client_for(admin), second_admin, office, role=Role.COORDINATOR)
    change = AccessChange.objects.get(user=second_admin)
    decide(client_for(second_admin), change, "approve")
    change.refresh_from_db()
    assert change.status == AccessChange.Status.PENDING


def test_narrowing_access_applies_at_once_and_the_officer_is_told(
    client_for, admin, make_staff, office, dpo, announced
):
    coordinator = make_staff(Role.COORDINATOR, username="gulnara", national_scope=True)
    edit(client_for(admin), coordinator, office, role=Role.LAWYER, national_scope="")
    coordinator.refresh_from_db()
    assert (coordinator.role, coordinator.national_scope) == (Role.LAWYER, False)
    change = AccessChange.objects.get(user=coordinator)
    assert change.status == AccessChange.Status.APPLIED
    assert announced[f"access-change-{change.pk}-applied"][0] == {dpo}


def test_a_new_user_gets_their_role_once_a_second_administrator_approves(
    client_for, admin, second_admin, office
):
    client_for(admin).post(reverse("accounts:user_create"), user_data(office))
    user = User.objects.get(username="dinara")
    assert user.role == ""
    change = AccessChange.objects.get(user=user)
    decide(client_for(second_admin), change, "approve")
    user.refresh_from_db()
    assert user.role == Role.SOCIAL_WORKER


@pytest.mark.parametrize(
    "before,after,expected",
    [
        ((Role.HOTLINE_OPERATOR, "a", False), (Role.LAWYER, "a", False), False),
        ((Role.LAWYER, "a", False), (Role.COORDINATOR, "a", False), True),
        ((Role.COORDINATOR, "a", False), (Role.COORDINATOR, "a", True), True),
        ((Role.LAWYER, "a", False), (Role.LAWYER, "b", False), True),
        ((Role.COORDINATOR, "a", True), (Role.LAWYER, "b", False), False),
        ((Role.ADMINISTRATOR, "a", False), (Role.COORDINATOR, "a", False), True),
        ((Role.LAWYER, "a", False), (Role.ADMINISTRATOR, "a", False), True),
        ((Role.LAWYER, "a", False), (Role.DATA_PROTECTION_OFFICER, "a", False), True),
        (("", "a", False), (Role.HOTLINE_OPERATOR, "a", False), True),
    ],
)
def test_what_needs_a_second_administrator(office, other_office, before, after, expected):
    offices = {"a": office, "b": other_office}

    def access(role, office_code, national):
        return Access(role=role, office=offices[office_code], national_scope=national)

    assert needs_approval(access(*before), access(*after)) is expected


def test_the_second_administrators_home_page_shows_what_waits_for_them(
    client_for, admin, second_admin, make_staff, office
):
    lawyer = make_staff(Role.LAWYER, username="erzhan")
    edit(client_for(admin), lawyer, office, role=Role.COORDINATOR, national_scope="on")

    home = client_for(second_admin).get("/").content.decode()
    assert "1 изменение доступа ждёт вашего одобрения" in home
    # The one who asked cannot decide it: nothing waits for them.
    assert "вашего одобрения" not in client_for(admin).get("/").content.decode()
