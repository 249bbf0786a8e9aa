"""Exchange with translators' tools: XLIFF 1.2 and PO out and back, all or nothing."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from translate.storage import po, xliff

from komek.publications import exchange, services
from komek.publications.models import SegmentKind, State, Translation
from komek.publications.tests.conftest import PARAGRAPHS, make_booklet, translate_all

XLIFF_NS = {"x": exchange.XLIFF_12}

# Their messages are read as the code writes them.
pytestmark = pytest.mark.usefixtures("in_english")


def filled(content: bytes, file_name: str, targets: dict[str, str]) -> bytes:
    """The exported file as a translator's tool gives it back, with ``targets`` by id."""
    if file_name.endswith(".po"):
        store = po.pofile(content)
        for unit in store.units:
            if unit.getcontext() in targets:
                unit.target = targets[unit.getcontext()]
        return bytes(store)
    store = xliff.xlifffile(content)
    for unit in store.units:
        key = unit.xmlelement.get("id")
        if key in targets:
            unit.settarget(targets[key], lang=store.gettargetlanguage())
    return bytes(store)


def test_the_xliff_is_version_1_2_with_the_segment_keys_and_sources(booklet):
    content = exchange.export_xliff(booklet, "tg")
    root = etree.fromstring(content)
    assert root.tag == f"{{{exchange.XLIFF_12}}}xliff" and root.get("version") == "1.2"
    file_node = root.find("x:file", XLIFF_NS)
    assert file_node.get("source-language") == "ru" and file_node.get("target-language") == "tg"
    units = root.findall(".//x:trans-unit", XLIFF_NS)
    assert [unit.get("id") for unit in units] == ["title", "s0001", "s0002", "s0003", "s0004"]
    assert units[3].find("x:source", XLIFF_NS).text == "- паспорт\n- миграционная карточка"
    assert b"ns0" not in content


def test_the_po_carries_keys_as_context_and_marks_unapproved_text_fuzzy(booklet, coordinator):
    translate_all(coordinator, booklet, "kk", approve=False)
    units = exchange.parse(exchange.export_po(booklet, "kk"), "pamyatka.kk.po")
    assert units.language == "kk"
    assert [unit.id for unit in units] == ["title", "s0001", "s0002", "s0003", "s0004"]
    assert all(unit.fuzzy for unit in units)
    assert units[1].target == "[kk] s0001: Регистрация"


@pytest.mark.parametrize("file_name", ["pamyatka.xlf", "pamyatka.po"])
@pytest.mark.parametrize("language", ["tg", "ky", "uz-Cyrl", "kk"])
def test_a_paragraph_in_each_language_comes_back_letter_for_letter(
    coordinator, file_name, language
):
    material = make_booklet(
        coordinator, body=[(SegmentKind.PARAGRAPH, "Знайте свои права: встаньте на учёт.")]
    )
    export = exchange.export_po if file_name.endswith(".po") else exchange.export_xliff
    content = filled(export(material, language), file_name, {"s0001": PARAGRAPHS[language]})
    result = services.import_translations(
        user=coordinator, material=material, language=language, content=content, file_name=file_name
    )
    assert result.imported == ["s0001"] and result.empty == ["title"]
    translation = Translation.objects.get(segment__key="s0001", language=language)
    assert translation.text == PARAGRAPHS[language]
    assert translation.state == State.NEEDS_REVIEW and translation.origin == "imported"


def test_a_broken_xliff_is_refused_whole_naming_each_problem(booklet, coordinator):
    content = exchange.export_xliff(booklet, "tg")
    root = etree.fromstring(content)
    units = root.findall(".//x:trans-unit", XLIFF_NS)
    for unit in units:
        target = etree.SubElement(unit, f"{{{exchange.XLIFF_12}}}target")
        target.text = "Матн"
    units[1].set("id", "s0099")
    units[2].find("x:source", XLIFF_NS).text = "Старый текст абзаца."
    units[4].set("id", "s0003")
    broken = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    with pytest.raises(exchange.ImportRefused) as refusal:
        services.import_translations(
            user=coordinator, material=booklet, language="tg", content=broken, file_name="t.xlf"
        )
    problems = refusal.value.problems
    assert len(problems) == 4, problems
    assert "Unknown segment id s0099 (line 9): the material has no such segment." in problems
    assert any(p.startswith("Segment s0002: its source text changed") for p in problems)
    assert sum("Segment s0003 appears 2 times" in p for p in problems) == 2
    assert not Translation.objects.exists()


def test_a_malformed_or_wrongly_encoded_file_is_refused_and_named(booklet, coordinator):
    with pytest.raises(exchange.ImportRefused, match="not well-formed XML"):
        exchange.parse(b'<?xml version="1.0"?><xliff><file><body>', "t.xlf")
    cp1251 = exchange.export_xliff(booklet, "tg").decode().encode("cp1251", "replace")
    with pytest.raises(exchange.ImportRefused, match=r"UTF-8 encoding it declares \(line 6\)"):
        exchange.parse(cp1251, "t.xlf")
    po_cp1251 = exchange.export_po(booklet, "tg").decode().encode("cp1251", "replace")
    with pytest.raises(exchange.ImportRefused, match="not in the UTF-8 encoding"):
        exchange.parse(po_cp1251, "t.po")
    with pytest.raises(exchange.ImportRefused, match="not a readable PO file"):
        exchange.parse(b'msgid "a\nmsgstr ', "t.po")
    with pytest.raises(exchange.ImportRefused, match="it has no <file> element"):
        exchange.parse(b"<html><body/></html>", "t.xlf")
    with pytest.raises(exchange.ImportRefused, match="neither an XLIFF"):
        exchange.parse(b"Segment;Text", "t.csv")


def test_a_file_for_another_language_is_refused(booklet, coordinator):
    content = filled(exchange.export_xliff(booklet, "ky"), "t.xlf", {"s0001": "Каттоо"})
    with pytest.raises(exchange.ImportRefused, match="translation into ky, not tg"):
        services.import_translations(
            user=coordinator, material=booklet, language="tg", content=content, file_name="t.xlf"
        )


def test_a_reviewer_may_import_approved_and_a_translator_only_for_review(
    booklet, coordinator, make_staff
):
    content = filled(exchange.export_po(booklet, "tg"), "t.po", {"s0001": "Бақайдгирӣ"})
    services.import_translations(
        user=coordinator,
        material=booklet,
        language="tg",
        content=content,
        file_name="t.po",
        approve=True,
    )
    translation = Translation.objects.get(segment__key="s0001", language="tg")
    assert translation.state == State.APPROVED and translation.reviewed_by == coordinator
    operator = make_staff()
    with pytest.raises(ValidationError):
        services.import_translations(
            user=operator,
            material=booklet,
            language="tg",
            content=content,
            file_name="t.po",
            approve=True,
        )


def test_importing_the_same_text_again_changes_nothing(booklet, coordinator):
    content = filled(exchange.export_xliff(booklet, "tg"), "t.xlf", {"s0001": "Бақайдгирӣ"})
    first = services.import_translations(
        user=coordinator, material=booklet, language="tg", content=content, file_name="t.xlf"
    )
    again = services.import_translations(
        user=coordinator, material=booklet, language="tg", content=content, file_name="t.xlf"
    )
    assert first.imported == ["s0001"] and again.unchanged == ["s0001"] and not again.imported


xml_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from("\n\tғқҳўӣӯҷңөүәіұһʻ"),
    min_size=1,
)


@settings(max_examples=60, deadline=None)
@given(source=xml_text, target=xml_text)
def test_any_text_survives_both_formats(source, target):
    store = exchange.Xliff12File(sourcelanguage="ru", targetlanguage="tg")
    store.switchfile("m", createifmissing=True)
    unit = store.addsourceunit(source, filename="m")
    unit.setid("s0001")
    unit.settarget(target, lang="tg")
    (parsed,) = exchange.parse(bytes(store), "m.xlf")
    assert (parsed.id, parsed.source, parsed.target) == ("s0001", source, target)
    catalogue = po.pofile()
    entry = catalogue.addsourceunit(source)
    entry.setcontext("s0001")
    entry.target = target
    (parsed,) = exchange.parse(bytes(catalogue), "m.po")
    assert (parsed.id, parsed.source, parsed.target) == ("s0001", source, target)
