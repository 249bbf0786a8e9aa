import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from komek.audit.models import Action, AuditEntry
from komek.core.roles import Role
from komek.partners import demo, services
from komek.partners.models import Partner, PartnerKind


@pytest.fixture
def embassy(office):
    return services.partner_create(
        created_by=None,
        office=office,
        name="Посольство Кыргызской Республики",
        kind=PartnerKind.EMBASSY,
        country="KG",
        city="Астана",
        phones=["+77172000000"],
    )


def form_data(**overrides):
    data = {
        "name": "Консульство Республики Узбекистан",
        "kind": "consulate",
        "country": "UZ",
        "city": "Алматы",
        "phones": "8 727 250 12 34\n+998 71 200 00 00",
        "working_languages": ["uz", "ru"],
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_an_embassy_without_the_country_it_represents_is_refused(office):
    with pytest.raises(ValidationError) as error:
        services.partner_create(created_by=None, office=office, name="X", kind="embassy", city="A")
    assert "country" in error.value.message_dict
    assert Partner.objects.count() == 0


def test_an_update_is_audited_with_old_and_new_values_and_kept_in_history(embassy, make_staff):
    coordinator = make_staff(Role.COORDINATOR)
    services.partner_update(partner=embassy, updated_by=coordinator, city="Алматы")
    entry = AuditEntry.objects.get(action=Action.CHANGE, object_type="partners.Partner")
    assert entry.changes == {"city": ["Астана", "Алматы"]}
    assert entry.actor == coordinator
    assert embassy.history.count() == 2
    assert embassy.history.first().history_user == coordinator


def test_a_coordinator_adds_a_partner_with_phones_in_e164(client_for, make_staff):
    response = client_for(make_staff(Role.COORDINATOR)).post(
        reverse("partners:create"), form_data()
    )
    partner = Partner.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:detail", args=[partner.pk])
    assert partner.phones == ["+77272501234", "+998712000000"]
    assert partner.working_languages == ["uz", "ru"]


def test_a_bad_phone_is_named_in_the_error_and_nothing_is_saved(client_for, make_staff):
    response = client_for(make_staff(Role.COORDINATOR)).post(
        reverse("partners:create"), form_data(phones="+7 701 234 56 78\nабв")
    )
    assert response.status_code == 200
    assert "абв" in response.content.decode()
    assert Partner.objects.count() == 0


def test_an_operator_may_not_add_partners(client_for, make_staff):
    response = client_for(make_staff(Role.HOTLINE_OPERATOR)).post(
        reverse("partners:create"), form_data()
    )
    assert response.status_code == 403
    assert Partner.objects.count() == 0


def test_a_lawyer_of_another_office_cannot_edit_but_a_national_coordinator_can(
    client_for, make_staff, embassy, other_office
):
    lawyer = make_staff(Role.LAWYER, office=other_office)
    url = reverse("partners:edit", args=[embassy.pk])
    assert client_for(lawyer).get(url).status_code == 404
    national = make_staff(Role.COORDINATOR, office=other_office, national_scope=True)
    assert client_for(national).get(url).status_code == 200


def test_the_list_filters_by_text_in_any_case_kind_and_country(
    client_for, make_staff, embassy, office
):
    services.partner_create(
        created_by=None, office=office, name="МОМ", kind=PartnerKind.INTERNATIONAL, city="Астана"
    )
    client = client_for(make_staff())
    page = client.get(reverse("partners:list"), {"q": "кыргызской"}).content.decode()
    assert "Посольство Кыргызской Республики" in page
    assert "МОМ" not in page
    page = client.get(reverse("partners:list"), {"kind": "international"}).content.decode()
    assert "МОМ" in page
    assert "Посольство" not in page
    page = client.get(reverse("partners:list"), {"country": "KG"}).content.decode()
    assert "Посольство Кыргызской Республики" in page


def test_an_htmx_filter_returns_only_the_results(client_for, make_staff, embassy):
    response = client_for(make_staff()).get(reverse("partners:list"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results">')
    assert "<html" not in html


def test_the_detail_shows_the_country_in_the_interface_language_and_the_history(
    client_for, make_staff, embassy
):
    user = make_staff(Role.COORDINATOR, language="kk")
    services.partner_update(partner=embassy, updated_by=user, city="Алматы")
    html = client_for(user).get(reverse("partners:detail", args=[embassy.pk])).content.decode()
    assert "Қырғызстан" in html
    assert "Астана" in html and "Алматы" in html


def test_demo_partners_are_created_once(office):
    assert demo.seed() == demo.seed()
    assert Partner.objects.count() == len(demo.PARTNERS)
    assert not Partner.objects.filter(address_checked=True).exists()
