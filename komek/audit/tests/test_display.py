"""Audit entries are kept as codes and data and put into words in the reader's language."""

from django.urls import reverse
from django.utils import translation

from komek.audit import display
from komek.audit.models import Action
from komek.audit.services import record
from komek.core.roles import Role


def test_a_detail_is_put_into_the_readers_words_with_its_data():
    with translation.override("en"):
        assert display.detail("caller lookup +77011234567") == "caller lookup: +77011234567"
    with translation.override("ru"):
        assert display.detail("caller lookup +77011234567") == "поиск звонящего: +77011234567"
        assert display.detail("letter 12 generated") == "письмо 12 сформировано"
        shared = display.detail("shared with Посольство for case 5; without consent: срочно")
        assert shared == "передано партнёру Посольство по делу 5 без согласия: срочно"


def test_a_detail_no_catalogue_knows_is_shown_as_kept():
    assert (
        display.detail("import_stats astana v1 from a.csv") == "import_stats astana v1 from a.csv"
    )


def test_a_field_and_its_choice_values_are_named_in_the_readers_language():
    with translation.override("en"):
        assert display.field_label("accounts.User", "role") == "role"
        shown = display.value_shower("accounts.User", "role")
        assert shown(Role.DATA_PROTECTION_OFFICER.value) == "Data protection officer"
        assert display.value_shower("accounts.Office", "is_active")(True) == "yes"
    with translation.override("kk"):
        assert display.value_shower("accounts.Office", "is_active")(False) == "жоқ"


def test_the_log_page_shows_an_entry_in_the_readers_language(client_for, make_staff):
    dpo = make_staff(Role.DATA_PROTECTION_OFFICER, language="en")
    record(actor=None, action=Action.VIEW, username="someone", detail="note added")
    html = client_for(dpo).get(reverse("audit:entry_list")).content.decode()
    assert "(note added)" in html
    assert "viewed" in html


def test_a_partners_name_kept_in_a_detail_is_marked_as_russian_on_a_page():
    with translation.override("en"):
        shown = display.detail_html("shared with Посольство <b> for case 4")
    assert shown == 'shared with <span lang="ru">Посольство &lt;b&gt;</span> for case 4'
    # The XLSX and the search keep plain words.
    with translation.override("en"):
        assert display.detail("shared with Посольство for case 4") == (
            "shared with Посольство for case 4"
        )


def test_records_kept_apart_are_named_by_their_plural(db):
    with translation.override("en"):
        assert display.field_label("people.person", "phones") == "phones"
    with translation.override("ru"):
        assert display.field_label("people.person", "phones") != "phones"
