"""Imposition for saddle-stitch printing: a booklet's pages placed two up on sheets twice
their width, in the order that reads right once the sheets are printed on both sides,
stacked, folded in the middle and stapled.

WeasyPrint lays out pages one by one and cannot do this; pypdf places them. A booklet of
eight pages prints on two sheets: the first sheet's front carries pages 8 and 1, its back
2 and 7, the second sheet's front 6 and 3, its back 4 and 5. A page count that is not a
multiple of four is padded with blank pages at the end, or just inside the back cover."""

from io import BytesIO

from pypdf import PageObject, PdfReader, PdfWriter, Transformation


def page_count(pdf: bytes) -> int:
    return len(PdfReader(BytesIO(pdf)).pages)


def padded(count: int) -> int:
    """The number of pages a booklet of ``count`` pages prints on: a multiple of four."""
    return max(4, -(-count // 4) * 4)


def booklet_order(count: int, *, back_cover: bool = False) -> list[tuple[int | None, int | None]]:
    """The pages (numbered from 1; None for a blank) on the left and right of each side of
    the sheets, in printing order: front of the first sheet, its back, and so on. Blanks
    pad the end, or come before the last page when it is a back cover."""
    blanks: list[int | None] = [None] * (padded(count) - count)
    pages: list[int | None] = list(range(1, count + 1))
    pages = pages[:-1] + blanks + pages[-1:] if back_cover else pages + blanks
    total = len(pages)
    sides = []
    for sheet in range(total // 4):
        outer, inner = total - 1 - 2 * sheet, 2 * sheet
        sides.append((pages[outer], pages[inner]))
        sides.append((pages[inner + 1], pages[outer - 1]))
    return sides


def impose(pdf: bytes, *, back_cover: bool = False) -> bytes:
    """The pages of ``pdf`` (all of one size) two up, in saddle-stitch order."""
    reader = PdfReader(BytesIO(pdf))
    pages = reader.pages
    width = float(pages[0].mediabox.width)
    height = float(pages[0].mediabox.height)
    writer = PdfWriter()
    for left, right in booklet_order(len(pages), back_cover=back_cover):
        sheet_side = PageObject.create_blank_page(width=2 * width, height=height)
        for number, offset in ((left, 0.0), (right, width)):
            if number is not None:
                sheet_side.merge_transformed_page(
                    pages[number - 1], Transformation().translate(tx=offset)
                )
        writer.add_page(sheet_side)
    written = BytesIO()
    writer.write(written)
    return written.getvalue()
