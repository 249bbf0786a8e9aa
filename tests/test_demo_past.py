"""The demo has a past: its contacts, cases, referrals, timelines and letter are spread over
the months before the day it is loaded, so a visitor sees work as it went and the dashboard
has a previous period to compare with."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from komek.accounts.models import User
from komek.cases.models import Case, CaseEvent, Referral, ReferralStatus, Task
from komek.conftest import verified_client
from komek.core import demo
from komek.hotline.models import Contact
from komek.letters.models import Letter
from komek.letters.timeline import LETTER
from komek.people.models import Person

# The middle of a quarter: the dashboard's default period (the current quarter) and the
# one before it both hold demo work.
LOADED = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Asia/Almaty"))
QUARTER = timedelta(days=91)


@pytest.fixture
def past(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with time_machine.travel(LOADED):
        demo.load()
        yield


def spread(model, field: str, **filters) -> timedelta:
    bounds = model.objects.filter(**filters).aggregate(first=Min(field), last=Max(field))
    return bounds["last"] - bounds["first"]


def test_contacts_cases_referrals_and_timelines_spread_over_months_in_order(past):
    assert spread(Contact, "at") >= QUARTER
    assert spread(Case, "opened_at") >= QUARTER
    assert spread(Referral, "sent_on") >= QUARTER
    assert spread(Referral, "answered_on") >= QUARTER
    assert spread(CaseEvent, "at") >= QUARTER
    for case in Case.objects.select_related("client"):
        events = case.events.aggregate(first=Min("at"), last=Max("at"))
        assert events["first"] == case.opened_at
        assert events["last"] <= LOADED + timedelta(minutes=5)
        assert case.client.created_at <= case.opened_at
        assert case.history.earliest("history_date").history_date == case.opened_at
    referral = Referral.objects.filter(status=ReferralStatus.ANSWERED).first()
    days = {event.at.astimezone(LOADED.tzinfo).date() for event in referral.case.events.all()}
    assert {referral.sent_on, referral.answered_on} <= days
    contact = Contact.objects.exclude(person=None).order_by("at").first()
    assert contact.created_at == contact.at + timedelta(seconds=contact.duration_seconds)
    assert contact.person.created_at <= contact.at
    for case in Case.objects.all():
        due = [
            *Task.objects.filter(case=case, done_at=None).values_list("due_on", flat=True),
            *case.referrals.filter(status=ReferralStatus.SENT).values_list(
                "expected_by", flat=True
            ),
        ]
        assert case.next_due_on == min(due, default=None)
    today = LOADED.date()
    assert Case.objects.filter(next_due_on__lt=today).exists()


def test_the_undocumented_uzbek_client_has_the_letter_to_the_embassy_in_almaty(past):
    case = Case.objects.get(client=Person.objects.get(ref="AST-0001"))
    letter = Letter.objects.get(case=case)
    assert letter.referral.partner.city == "Алматы"
    assert letter.referral.status == ReferralStatus.SENT
    assert "Хусанов" in letter.body
    assert letter.pdf and letter.docx
    written = letter.created_at.astimezone(LOADED.tzinfo)
    assert written.date() == letter.referral.sent_on
    event = case.events.get(kind=LETTER)
    assert event.data == {"letter": letter.pk}
    assert event.at == letter.created_at


def test_the_dashboard_compares_with_a_previous_period_that_had_work(past):
    with time_machine.travel(LOADED):
        page = verified_client(User.objects.get(username="coordinator")).get(
            reverse("statistics:dashboard")
        )
    figures = {figure.name: figure for figure in page.context["headline"]}
    with translation.override(page.context["LANGUAGE_CODE"]):
        names = [_(name) for name in ("Contacts", "Cases opened", "Referrals sent")]
        names.append(_("Referrals answered"))
    for name in names:
        assert figures[name].value, name
        assert figures[name].previous, name


def test_loading_the_demo_again_changes_nothing(past):
    counted = (Person, Contact, Case, CaseEvent, Referral, Task, Letter)
    before = {model: model.objects.count() for model in counted}
    with time_machine.travel(LOADED):
        demo.load()
    assert {model: model.objects.count() for model in counted} == before
