"""The publications commands in their exact forms."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from komek.accounts import demo as accounts_demo
from komek.accounts.models import User
from komek.audit.models import AuditEntry
from komek.core.roles import Role
from komek.publications import demo, selectors, services
from komek.publications.models import GlossaryTerm, State, Translation
from komek.publications.tests.conftest import LAW_AS_OF, translate_all
from komek.publications.tests.test_exchange import filled

# Their messages are read as the code writes them.
pytestmark = pytest.mark.usefixtures("in_english")


def run(*argv: str) -> str:
    out = StringIO()
    call_command(*argv, stdout=out)
    return out.getvalue()


def test_publications_json_names_each_languages_state(booklet, coordinator):
    services.edition_publish(user=coordinator, material=booklet, language="ru", law_as_of=LAW_AS_OF)
    translate_all(coordinator, booklet, "tg", approve=False)
    assert json.loads(run("publications", "--json")) == [
        {
            "slug": "pamyatka",
            "title": "Памятка мигранту",
            "languages": {
                "ru": "published",
                "uz": "not started",
                "uz-Cyrl": "not started",
                "tg": "in review",
                "ky": "not started",
                "kk": "not started",
            },
        }
    ]


@pytest.mark.parametrize("file_format", ["xliff", "po"])
def test_export_then_import_by_a_translator_lands_for_review(
    booklet, translator, tmp_path, file_format
):
    path = tmp_path / f"pamyatka.tg.{'xlf' if file_format == 'xliff' else 'po'}"
    out = str(path)
    run("publication_export", "pamyatka", "--lang", "tg", "--format", file_format, "--out", out)
    path.write_bytes(filled(path.read_bytes(), path.name, {"s0001": "Бақайдгирӣ"}))
    by = translator.username
    answer = json.loads(run("publication_import", "pamyatka", "--lang", "tg", out, "--by", by))
    assert answer["imported"] == ["s0001"]
    assert Translation.objects.get(segment__key="s0001", language="tg").state == (
        State.NEEDS_REVIEW
    )


def test_import_approves_only_for_a_reviewer(booklet, coordinator, make_staff, tmp_path):
    path = tmp_path / "t.po"
    run("publication_export", "pamyatka", "--lang", "ky", "--format", "po", "--out", str(path))
    path.write_bytes(filled(path.read_bytes(), path.name, {"s0001": "Каттоо"}))
    make_staff(Role.HOTLINE_OPERATOR, username="operator")
    for by in (["--by", "operator"], []):
        with pytest.raises(CommandError, match=r"--by|--approve"):
            run("publication_import", "pamyatka", "--lang", "ky", str(path), *by, "--approve")
    run("publication_import", "pamyatka", "--lang=ky", str(path), "--by=coordinator", "--approve")
    assert Translation.objects.get(segment__key="s0001", language="ky").state == State.APPROVED


def test_a_refused_file_exits_3_naming_each_problem(booklet, coordinator, tmp_path):
    path = tmp_path / "t.xlf"
    run("publication_export", "pamyatka", "--lang", "tg", "--format", "xliff", "--out", str(path))
    services.segment_edit(
        user=coordinator, segment=booklet.segments.get(key="s0001"), source="Учёт"
    )
    path.write_bytes(filled(path.read_bytes(), path.name, {"s0001": "Бақайдгирӣ"}))
    with pytest.raises(CommandError) as refusal:
        run("publication_import", "pamyatka", "--lang", "tg", str(path))
    assert refusal.value.returncode == 3
    assert "- Segment s0001: its source text changed" in str(refusal.value)
    assert not Translation.objects.exists()


def test_unknown_material_or_language_is_named(booklet, tmp_path):
    with pytest.raises(CommandError, match="no material 'nope'"):
        run("publication_export", "nope", "--lang", "tg", "--format", "po", "--out", "x.po")
    with pytest.raises(CommandError, match="--lang: pamyatka is in ru, uz"):
        run("publication_export", "pamyatka", "--lang", "en", "--format", "po", "--out", "x.po")


def test_the_demo_booklet_reads_as_the_issue_describes(db):
    accounts_demo.seed()
    assert demo.load() == 1
    assert json.loads(run("publications", "--json")) == [
        {
            "slug": "pamyatka-migrantu",
            "title": "Памятка трудовому мигранту",
            "languages": {
                "ru": "published",
                "uz": "published",
                "uz-Cyrl": "in review",
                "tg": "in translation",
                "ky": "outdated",
                "kk": "not started",
            },
        }
    ]
    material = selectors.material_get_for(
        user=User.objects.get(username="coordinator"), pk_or_slug=demo.SLUG
    )
    counts = selectors.language_progress(material)["tg"]["counts"]
    assert (counts["approved"], counts["needs_review"], counts["untranslated"]) == (4, 2, 4)
    assert selectors.language_progress(material)["ky"]["counts"]["outdated"] == 1
    assert GlossaryTerm.objects.filter(language__in=["uz", "tg", "ky", "kk"]).count() == 12
    (stale,) = selectors.staleness_report(user=User.objects.get(username="coordinator"))
    assert (stale["language"], stale["segments"], stale["edition"]) == ("ky", 1, None)
    assert demo.load() == 1


def test_a_coordinator_gives_a_translator_their_languages_by_command(coordinator, make_staff):
    translator = make_staff(Role.TRANSLATOR, username="dilnoza")
    out = StringIO()
    call_command("translator_languages", "dilnoza", stdout=out)
    assert json.loads(out.getvalue()) == []
    out = StringIO()
    call_command(
        "translator_languages", "dilnoza", "tg", "uz", "--by", coordinator.username, stdout=out
    )
    assert json.loads(out.getvalue()) == ["uz", "tg"]
    assert AuditEntry.objects.filter(object_type="publications.Reviewer").exists()
    with pytest.raises(CommandError, match="--by"):
        call_command("translator_languages", "dilnoza", "ky", "--by", translator.username)
    with pytest.raises(CommandError, match="--by"):
        call_command("translator_languages", "dilnoza", "ky")


def test_an_unknown_language_is_named_and_nothing_given(coordinator, make_staff):
    make_staff(Role.TRANSLATOR, username="dilnoza")
    with pytest.raises(CommandError, match="xx"):
        call_command("translator_languages", "dilnoza", "tg", "xx", "--by", coordinator.username)
    assert selectors.reviewer_languages(User.objects.get(username="dilnoza")) == []
