"""Screenshots of the main pages, in Russian, for the README (make screenshots)."""

from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from komek.accounts import access
from komek.accounts.demo import demo_password
from komek.accounts.models import Office, User
from komek.aid import services as aid_services
from komek.aid.models import AidKind, BudgetLine, EntitlementRule
from komek.cases.models import Case
from komek.core import demo
from komek.core.roles import Role
from komek.hotline.models import Contact
from komek.letters.models import LetterTemplate
from komek.partners.models import Partner
from komek.people.models import Person
from komek.people.services import person_create
from komek.people.tests.crowd import sherzod_registry
from komek.statistics import demo as statistics_demo
from komek.trainings.demo.data import ROUND
from komek.trainings.models import Event
from tests.e2e.conftest import sign_in
from tests.e2e.test_navigator import ship_rules

pytestmark = [pytest.mark.e2e, pytest.mark.screenshots, pytest.mark.django_db(transaction=True)]

OUTPUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def shoot(page, name: str) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=OUTPUT / f"{name}.png", full_page=False)


def test_take_screenshots(live_server, page, browser):
    demo.load()
    url = live_server.url

    page.goto(f"{url}/accounts/login/")
    shoot(page, "login")

    sign_in(page, url, "coordinator", demo_password("coordinator"))
    shoot(page, "home")
    page.goto(f"{url}/partners/")
    shoot(page, "partners-list")
    embassy = Partner.objects.get(short_name="Посольство РУз")
    page.goto(f"{url}/partners/{embassy.pk}/")
    shoot(page, "partner-detail")
    page.goto(f"{url}/people/?q=Xusanov+Sherzod")
    shoot(page, "people-search")
    sherzod = Person.objects.get(ref="AST-0001")
    page.goto(f"{url}/people/{sherzod.pk}/")
    shoot(page, "person-detail")
    page.goto(f"{url}/hotline/")
    page.locator("#id_caller_phone").press_sequentially("+998901234567", delay=10)
    page.locator("#history h2").wait_for()
    shoot(page, "hotline-log")
    page.goto(f"{url}/hotline/callbacks/")
    shoot(page, "callbacks")
    linked = Contact.objects.filter(person=sherzod).order_by("-at").first()
    page.goto(f"{url}/hotline/contacts/{linked.pk}/")
    shoot(page, "contact-detail")
    page.goto(f"{url}/cases/waiting-for-a-lawyer/")
    shoot(page, "lawyer-queue")
    page.goto(f"{url}/cases/")
    shoot(page, "cases-list")
    uzbek = Case.objects.get(client__ref="AST-0001")
    page.goto(f"{url}/cases/{uzbek.pk}/")
    shoot(page, "case-detail")
    page.goto(f"{url}/cases/response-times/")
    shoot(page, "response-times")
    page.goto(f"{url}/cases/export.xlsx?open_only=on")
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    page.reload()
    shoot(page, "case-export")
    page.goto(f"{url}/letters/templates/")
    shoot(page, "letter-templates")
    template = LetterTemplate.objects.get(name__startswith="Запрос свидетельства", language="ru")
    referral = uzbek.referrals.first()
    page.goto(f"{url}/letters/case/{uzbek.pk}/new/?template={template.pk}&referral={referral.pk}")
    shoot(page, "letter-write")

    lawyer_page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(lawyer_page, url, "lawyer", demo_password("lawyer"))
    shoot(lawyer_page, "home-lawyer")
    lawyer_page.goto(f"{url}/cases/tasks/")
    shoot(lawyer_page, "my-tasks")
    lawyer_page.goto(f"{url}/notifications/")
    shoot(lawyer_page, "notifications")
    lawyer_page.goto(f"{url}/cases/{uzbek.pk}/")
    lawyer_page.locator("#timeline").scroll_into_view_if_needed()
    shoot(lawyer_page, "case-timeline")
    lawyer_page.locator("#letters").scroll_into_view_if_needed()
    shoot(lawyer_page, "case-letters")
    lawyer_page.get_by_role("button", name="EN").click()
    lawyer_page.wait_for_load_state()
    lawyer_page.goto(f"{url}/cases/{uzbek.pk}/")
    shoot(lawyer_page, "case-detail-en")
    lawyer_page.get_by_role("button", name="KK").click()
    lawyer_page.wait_for_load_state()
    lawyer_page.goto(f"{url}/hotline/contacts/{linked.pk}/")
    shoot(lawyer_page, "contact-detail-kk")

    page.goto(f"{url}/statistics/?start=2025-01-01&end=2026-12-31")
    shoot(page, "dashboard")
    page.goto(f"{url}/statistics/advocacy/")
    shoot(page, "advocacy")
    page.goto(f"{url}/statistics/datasets/")
    page.locator("#id_file").set_input_files(str(statistics_demo.FIXTURE))
    page.locator("#id_code").fill("astana_registrations")
    page.get_by_role("button", name="Проверить таблицу").click()
    page.wait_for_load_state()
    shoot(page, "statistics-preview")
    page.goto(f"{url}/statistics/reports/")
    shoot(page, "reports")

    admin_page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(admin_page, url, "admin", demo_password("admin"))
    admin_page.goto(f"{url}/accounts/users/")
    shoot(admin_page, "users")
    admin = User.objects.get(username="admin")
    newcomer, _change = access.user_create_with_access(
        created_by=admin,
        password=demo_password("admin"),
        username="dana",
        first_name="Дана",
        last_name="Серикова",
        role=Role.LAWYER,
        office=admin.office,
        national_scope=False,
    )
    access.access_change_approve(change=_change, approved_by=User.objects.get(username="admin2"))
    admin_page.goto(f"{url}/accounts/users/{newcomer.pk}/")
    admin_page.get_by_role("button", name="Выдать ссылку подключения").click()
    admin_page.wait_for_load_state()
    shoot(admin_page, "enrolment-link")
    access.user_change(
        user=User.objects.get(username="lawyer"), changed_by=admin, role=Role.COORDINATOR
    )
    admin_page.goto(f"{url}/accounts/access-changes/")
    shoot(admin_page, "access-changes")
    admin_page.get_by_role("button", name="EN").click()
    admin_page.wait_for_load_state()
    admin_page.goto(f"{url}/accounts/access-changes/")
    shoot(admin_page, "access-changes-en")

    dpo_page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(dpo_page, url, "dpo", demo_password("dpo"))
    dpo_page.goto(f"{url}/audit/")
    shoot(dpo_page, "audit-log")
    dpo_page.goto(f"{url}/audit/person/{sherzod.pk}/")
    shoot(dpo_page, "person-trail")

    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(phone, url, "operator", demo_password("operator"))
    shoot(phone, "home-operator-phone")
    phone.goto(f"{url}/hotline/")
    phone.locator("#id_caller_phone").press_sequentially("901234567", delay=10)
    phone.locator("#history h2").wait_for()
    shoot(phone, "hotline-phone")


def test_take_aid_screenshots(live_server, page, browser):
    demo.load()
    url = live_server.url
    sherzod = Person.objects.get(ref="AST-0001")
    # A cash grant for a worker left without wages, linked to his case, waiting for the
    # coordinator's approval.
    jamshed = Person.objects.get(ref="AST-0003")
    cash = AidKind.objects.get(code="cash")
    aid_services.request(
        person=jamshed,
        office=Office.objects.get(code="astana"),
        kind=cash,
        quantity=60000,
        by=User.objects.get(username="social"),
        budget_line=BudgetLine.objects.filter(kinds=cash).first(),
        case=Case.objects.get(client=jamshed),
    )

    social = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(social, url, "social", demo_password("social"))
    social.goto(f"{url}/aid/day/")
    social.locator("#id_kind").select_option(label="Продуктовый набор")
    social.get_by_role("button", name="Начать раздачу").click()
    # Given a package twelve days ago: the monthly rule refuses a second one.
    social.locator("#id_q").fill("ast-0002")
    social.locator("#id_q").press("Enter")
    expect(social.locator("#outcome")).to_contain_text("Отказ")
    shoot(social, "aid-day-refused")

    sign_in(page, url, "coordinator", demo_password("coordinator"))
    page.goto(f"{url}/aid/approvals/")
    shoot(page, "aid-approvals")
    page.goto(f"{url}/aid/stock/")
    shoot(page, "aid-stock")
    page.goto(f"{url}/aid/budgets/")
    shoot(page, "aid-budgets")
    medical = EntitlementRule.objects.get(kinds__code="medical")
    page.goto(f"{url}/aid/rules/{medical.pk}/edit/")
    shoot(page, "aid-rule-edit")
    page.goto(f"{url}/people/{sherzod.pk}/")
    page.locator("#person-aid").scroll_into_view_if_needed()
    shoot(page, "person-aid")
    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    page.goto(f"{url}/aid/stock/")
    shoot(page, "aid-stock-en")


def test_take_navigator_screenshots(live_server, page):
    ship_rules()
    demo.load()
    url = live_server.url
    # The Uzbek woman of the demo, back after an earlier stay: her check starts from the
    # advice she was given, with the days of the rolling window used.
    ogiloy = Person.objects.get(ref="AST-0002")
    sign_in(page, url, "operator", demo_password("operator"))
    page.goto(f"{url}/navigator/person/{ogiloy.pk}/")
    page.get_by_role("button", name="Проверить статус").click()
    expect(page.locator("#obligations")).to_be_visible()
    # Bootstrap scrolls smoothly: the picture is taken once the result is at the top.
    page.locator("#result").evaluate("result => result.scrollIntoView({behavior: 'instant'})")
    shoot(page, "navigator-check")
    page.get_by_role("button", name="EN").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{url}/navigator/person/{ogiloy.pk}/")
    page.get_by_role("button", name="Check the status").click()
    expect(page.locator("#obligations")).to_be_visible()
    # Bootstrap scrolls smoothly: the picture is taken once the result is at the top.
    page.locator("#result").evaluate("result => result.scrollIntoView({behavior: 'instant'})")
    shoot(page, "navigator-check-en")


def test_take_publications_screenshots(live_server, page):
    demo.load()
    url = live_server.url
    booklet = f"{url}/publications/pamyatka-migrantu"
    sign_in(page, url, "coordinator", demo_password("coordinator"))
    # The Kyrgyz callout outdated by the hotline's new hours: old and new source side by
    # side, the Kyrgyz text to correct beside them.
    page.goto(f"{booklet}/translate/ky/?state=outdated")
    expect(page.locator("section.translation-segment[data-state=outdated]")).to_be_visible()
    shoot(page, "publications-translate")
    page.goto(f"{booklet}/")
    shoot(page, "publications-material")
    page.goto(f"{url}/publications/staleness/")
    shoot(page, "publications-staleness")
    page.get_by_role("button", name="EN").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{booklet}/translate/tg/")
    expect(page.locator("section.translation-segment").first).to_be_visible()
    shoot(page, "publications-translate-en")


def test_take_trainings_screenshots(live_server, page):
    demo.load()
    url = live_server.url
    # The demo's seminar in Astana: its officials and attendance, then its tests' results.
    astana = Event.objects.get(title=ROUND[0].title)
    sign_in(page, url, "coordinator", demo_password("coordinator"))
    page.goto(f"{url}/trainings/events/{astana.pk}/")
    shoot(page, "trainings-event")
    page.locator("#tests").evaluate("tests => tests.scrollIntoView({behavior: 'instant'})")
    shoot(page, "trainings-results")
    page.locator("button[name=language][value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{url}/trainings/map/")
    shoot(page, "trainings-map-en")


def test_take_merging_screenshots(live_server, page):
    demo.load()
    url = live_server.url
    # The demo's Хусанов Шерзод registered again, in Latin letters, at another desk.
    sherzod = Person.objects.get(ref="AST-0001")
    again = person_create(
        created_by=None,
        office=sherzod.office,
        surname="Khusanov",
        given_name="Sherzot",
        born_year=sherzod.born_year,
        phones=["+998 90 765 43 21"],
    )
    sign_in(page, url, "coordinator", demo_password("coordinator"))
    # The review queue over a generated crowd, as the real search for duplicates left it.
    sherzod_registry(sherzod.office, Office.objects.get(code="almaty"))
    call_command("find_duplicates", verbosity=0)
    page.goto(f"{url}/people/duplicates/?min_score=0.9")
    shoot(page, "people-duplicates")
    page.goto(f"{url}/people/{sherzod.pk}/merge/?other={again.pk}")
    shoot(page, "people-merge")
    page.get_by_label("Почему это один человек").fill("Тот же паспорт FA1234567")
    page.get_by_role("button", name="Объединить", exact=True).click()
    page.locator("button[name=language][value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{url}/people/{sherzod.pk}/")
    shoot(page, "people-merged-en")


def test_take_portal_screenshots(live_server, browser):
    """The public portal as a migrant sees it on a 360-px phone: the home in Tajik, the
    demo booklet in Uzbek, the navigator's answer in Kyrgyz, the callback request in
    Russian."""
    demo.load()
    url = live_server.url
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    phone = context.new_page()
    phone.goto(f"{url}/m/tg/")
    expect(phone.locator("html")).to_have_attribute("lang", "tg")
    shoot(phone, "portal-home-tg")
    phone.goto(f"{url}/m/uz/booklets/pamyatka-migrantu/")
    expect(phone.locator("main article#booklet h1")).to_be_visible()
    shoot(phone, "portal-booklet-uz")
    phone.goto(f"{url}/m/ky/navigator/")
    phone.locator("#id_citizenship").select_option("KG")
    phone.locator("#id_entered").fill("2026-11-01")
    phone.locator("#id_purpose").select_option("work")
    phone.locator("#check button[type=submit]").click()
    result = phone.locator("#result")
    expect(result.locator("[data-status]")).to_be_visible()
    result.evaluate("result => result.scrollIntoView({behavior: 'instant'})")
    shoot(phone, "portal-navigator-ky")
    phone.goto(f"{url}/m/ru/callback/")
    expect(phone.locator("main form")).to_be_visible()
    shoot(phone, "portal-callback-ru")
    context.close()
