"""The print-ready PDFs: every letter of the seven languages reads back from the booklet,
which has a cover, page numbers, the centre's contacts, a QR code that a phone reads and
the law's date; the imposed version has its pages in saddle-stitch order, as its text
shows side by side, sheet by sheet."""

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from komek.conftest import pdf_text, require_system_tool
from komek.core.jobs import JobStatus
from komek.core.pdf import html_to_pdf
from komek.publications import exchange, imposition, pdf, services
from komek.publications.models import FileKind, SegmentKind
from komek.publications.tests.conftest import PARAGRAPHS, make_booklet
from komek.publications.tests.printed import an_edition

# Every letter the seven languages add to the Russian and Latin alphabets, both cases,
# and the Uzbek Latin oʻ and gʻ with their turned comma (U+02BB), not an apostrophe.
LETTERS = "ғқҳўӣӯҷңөүәіұһ"
LETTERS_ALL = LETTERS + LETTERS.upper() + "oʻ gʻ Oʻ Gʻ"

# Each A5 page of a test booklet says which it is.
MARK = "Page-{}-mark"


def side_text(pdf: Path, side: int, half: str) -> str:
    """The text of the left or right half of one side of an imposed (A4 landscape) PDF."""
    width, height = 842, 596
    left = 0 if half == "left" else width // 2
    return subprocess.run(
        [
            shutil.which("pdftotext"), "-enc", "UTF-8", "-f", str(side), "-l", str(side),
            "-x", str(left), "-y", "0", "-W", str(width // 2), "-H", str(height),
            str(pdf), "-",
        ],
        capture_output=True, check=True, text=True,
    ).stdout  # fmt: skip


def sides(pdf: Path, count: int) -> list[tuple[str, str]]:
    return [
        (side_text(pdf, side, "left"), side_text(pdf, side, "right"))
        for side in range(1, count + 1)
    ]


def marked_pages(count: int) -> bytes:
    pages = "".join(
        f'<p style="break-after: page">{MARK.format(number)}</p>' for number in range(1, count + 1)
    )
    return html_to_pdf(f"<style>@page {{ size: A5; }}</style>{pages}")


def page_of(text: str) -> int | None:
    for number in range(1, 40):
        if MARK.format(number) in text:
            return number
    return None


@pytest.mark.parametrize(
    "count,back_cover,expected",
    [
        (8, False, [(8, 1), (2, 7), (6, 3), (4, 5)]),
        (6, False, [(None, 1), (2, None), (6, 3), (4, 5)]),
        (6, True, [(6, 1), (2, None), (None, 3), (4, 5)]),
        (3, False, [(None, 1), (2, 3)]),
    ],
)
def test_the_imposed_pages_read_in_saddle_stitch_order(
    needs_pdf_tools, tmp_path, count, back_cover, expected
):
    imposed = tmp_path / "imposed.pdf"
    imposed.write_bytes(imposition.impose(marked_pages(count), back_cover=back_cover))
    found = [(page_of(left), page_of(right)) for left, right in sides(imposed, len(expected))]
    assert found == expected
    assert imposition.page_count(imposed.read_bytes()) == len(expected)


@pytest.mark.parametrize("count,padded", [(1, 4), (4, 4), (5, 8), (12, 12), (13, 16)])
def test_a_booklet_is_padded_to_a_multiple_of_four_pages(count, padded):
    order = imposition.booklet_order(count)
    assert len(order) * 2 == padded
    printed = sorted(page for side in order for page in side if page is not None)
    assert printed == list(range(1, count + 1))


@pytest.fixture
def centre(settings):
    settings.KOMEK_BASE_URL = "https://komek.example"
    settings.KOMEK_CENTRE_NAME = "Центр «Көмек»"
    settings.KOMEK_HOTLINE = "8 800 080 8000"
    settings.KOMEK_CENTRE_CONTACTS = "info@komek.example"


def filled_xliff(content: bytes, texts: dict[str, str]) -> bytes:
    """An exported XLIFF file with the translator's texts put in its units."""
    store = exchange.Xliff12File.parsestring(content)
    for unit in store.units:
        key = unit.xmlelement.get("id")
        if key in texts:
            unit.settarget(texts[key])
    return bytes(store)


EDITION_ONE = {
    "tg": "Нашри 1",
    "ky": "1-басылыш",
    "uz-Cyrl": "1-нашр",
    "kk": "1-басылым",
    "uz": "1-nashr",
}


@pytest.mark.parametrize("language", ["tg", "ky", "uz-Cyrl", "kk", "uz"])
def test_a_paragraph_imported_from_xliff_prints_and_reads_back_letter_by_letter(
    needs_pdf_tools, centre, coordinator, office, tmp_path, language
):
    paragraph = f"{PARAGRAPHS[language]} {LETTERS_ALL}"
    material = make_booklet(coordinator, body=[(SegmentKind.PARAGRAPH, "Знайте свои права.")])
    keys = list(material.segments.values_list("key", flat=True))
    texts = {key: f"{language} {key}" for key in keys} | {keys[-1]: paragraph}
    xliff = filled_xliff(exchange.export_xliff(material, language), texts)
    services.import_translations(
        user=coordinator,
        material=material,
        language=language,
        content=xliff,
        file_name="booklet.xlf",
        approve=True,
    )
    edition = services.edition_publish(
        user=coordinator, material=material, language=language, law_as_of=date(2026, 3, 1)
    )
    booklet = tmp_path / "booklet.pdf"
    booklet.write_bytes(pdf.booklet_pdf(edition))
    text = pdf_text(booklet)
    assert paragraph in text.replace("\n", " ")
    for letter in LETTERS_ALL:
        assert letter in text
    # The booklet's own words are in its language too, not in the staff's Russian.
    assert EDITION_ONE[language] in text.split("\f")[0]
    assert "Издание" not in text


def test_the_booklet_has_a_cover_page_numbers_the_contacts_and_the_laws_date(
    needs_pdf_tools, centre, coordinator, office, tmp_path
):
    edition = an_edition(coordinator)
    booklet = tmp_path / "booklet.pdf"
    booklet.write_bytes(pdf.booklet_pdf(edition))
    pages = pdf_text(booklet).split("\f")[:-1]
    assert len(pages) >= 3
    cover, *inside, back = pages
    assert "Памятка мигранту" in cover and "Центр «Көмек»" in cover
    assert "01.01.2026" in cover  # the law as of
    assert "Горячая линия: 8 800 080 8000" in "".join(inside)
    assert [page.split()[-1] for page in inside] == [str(n) for n in range(2, len(pages))]
    assert "8 800 080 8000" in back and "info@komek.example" in back
    assert "Астана" in back  # the office
    assert pdf.edition_url(edition) in back.replace("\n", "")


def test_the_qr_code_leads_to_the_edition_online(needs_pdf_tools, centre, coordinator, tmp_path):
    require_system_tool(bool(shutil.which("zbarimg")), "zbarimg (apt-get install zbar-tools)")
    edition = an_edition(coordinator)
    booklet = tmp_path / "booklet.pdf"
    booklet.write_bytes(pdf.booklet_pdf(edition))
    pages = imposition.page_count(booklet.read_bytes())
    subprocess.run(
        [shutil.which("pdftoppm"), "-png", "-r", "150", "-f", str(pages), "-l", str(pages),
         "-singlefile", str(booklet), str(tmp_path / "back")],
        check=True,
    )  # fmt: skip
    decoded = subprocess.run(
        [shutil.which("zbarimg"), "--quiet", "--raw", str(tmp_path / "back.png")],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    # On the public portal, in the booklet's language: no account needed to read it.
    assert decoded == "https://komek.example/m/ru/booklets/pamyatka/"
    assert decoded == pdf.edition_url(edition)


def test_the_imposed_booklet_has_its_pages_in_booklet_order(
    needs_pdf_tools, centre, coordinator, tmp_path
):
    edition = an_edition(coordinator)
    booklet = pdf.booklet_pdf(edition)
    count = imposition.page_count(booklet)
    imposed = tmp_path / "imposed.pdf"
    imposed.write_bytes(pdf.imposed_pdf(edition))
    order = imposition.booklet_order(count, back_cover=True)
    assert (
        imposition.page_count(imposed.read_bytes()) == len(order) == imposition.padded(count) // 2
    )
    found = sides(imposed, len(order))
    for (left, right), (left_text, right_text) in zip(order, found, strict=True):
        for number, text in ((left, left_text), (right, right_text)):
            if number is None:
                assert text.strip() == ""
            elif number == 1:
                assert "Памятка мигранту" in text
            elif number == count:
                assert "8 800 080 8000" in text and "komek.example" in text
            else:
                assert text.split()[-1] == str(number)


def test_the_command_writes_the_current_editions_pdf(
    needs_pdf_tools, centre, coordinator, tmp_path
):
    an_edition(coordinator)
    out = tmp_path / "booklet.pdf"
    call_command("publication_pdf", "pamyatka", "--lang", "ru", "--out", str(out))
    assert "Памятка мигранту" in pdf_text(out)
    imposed = tmp_path / "imposed.pdf"
    call_command("publication_pdf", "pamyatka", "--lang", "ru", "--imposed", "--out", str(imposed))
    assert (
        imposition.page_count(imposed.read_bytes())
        == imposition.padded(imposition.page_count(out.read_bytes())) // 2
    )
    with pytest.raises(CommandError, match="no published edition in tg"):
        call_command("publication_pdf", "pamyatka", "--lang", "tg", "--out", str(out))
    with pytest.raises(CommandError, match="No material"):
        call_command("publication_pdf", "nothing", "--lang", "ru", "--out", str(out))


def test_a_file_is_written_in_the_background_with_its_progress_and_kept_with_the_edition(
    needs_pdf_tools, centre, coordinator, django_capture_on_commit_callbacks
):
    edition = an_edition(coordinator)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        job = pdf.request_file(user=coordinator, edition=edition, kind=FileKind.IMPOSED)
    assert len(queued) == 1
    assert (job.status, job.progress_total) == (JobStatus.QUEUED, 2)
    # Asked again while it waits: the same job, not a second one.
    assert pdf.request_file(user=coordinator, edition=edition, kind=FileKind.IMPOSED) == job
    pdf.write_file.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.percent) == (JobStatus.DONE, 100)
    assert job.pages == 2
    assert imposition.page_count(job.file.read()) == 2
    assert list(edition.files.all()) == [job]
    assert pdf.file_name(job) == "pamyatka-ru-1-imposed.pdf"
