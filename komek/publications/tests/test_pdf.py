"""The print-ready PDFs: every letter of the seven languages reads back from the booklet,
which has a cover, page numbers, the centre's contacts, a QR code that a phone reads and
the law's date; the imposed version has its pages in saddle-stitch order, as its text
shows side by side, sheet by sheet."""

import shutil
import subprocess
from pathlib import Path

import pytest

from komek.core.pdf import html_to_pdf
from komek.publications import imposition

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
