"""A letter as a PDF (WeasyPrint, with the fonts shipped in ``fonts/`` so that every
Cyrillic letter of Russian, Kazakh, Uzbek, Tajik and Kyrgyz prints) and as a DOCX to edit."""

import io
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

FONTS = Path(__file__).resolve().parent / "fonts"
FONT_REGULAR = (FONTS / "DejaVuSans.ttf").as_uri()
FONT_BOLD = (FONTS / "DejaVuSans-Bold.ttf").as_uri()
DOCX_FONT = "Times New Roman"


@dataclass(frozen=True)
class LetterContent:
    language: str
    organisation: str
    address: str
    contacts: str
    number: str
    date: str
    addressee: str
    subject: str
    body: str
    signatory: str
    signatory_title: str

    @property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.body.replace("\r\n", "\n").split("\n\n") if part]


def html_to_pdf(html: str) -> bytes:
    """A PDF of a page that may load the bundled fonts (``font_regular``, ``font_bold``
    in its context) and nothing else: no network, no other file. A font that fails to
    load stops the PDF rather than printing empty boxes."""
    # Imported here: WeasyPrint loads Pango when imported, which only PDFs need.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class BundledFontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url not in (FONT_REGULAR, FONT_BOLD):
                raise ValueError(f"refused to load {url}")
            return super().fetch(url, headers)

    fetcher = BundledFontsOnly(allowed_protocols={"file"}, fail_on_errors=True)
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


FONTS_CONTEXT = {"font_regular": FONT_REGULAR, "font_bold": FONT_BOLD}


def pdf_bytes(content: LetterContent) -> bytes:
    return html_to_pdf(
        render_to_string("letters/letter.html", {"letter": content, **FONTS_CONTEXT})
    )


def docx_bytes(content: LetterContent) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = DOCX_FONT
    style.font.size = Pt(12)
    for text, bold in (
        (content.organisation, True),
        (content.address, False),
        (content.contacts, False),
    ):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = bold
    document.add_paragraph(f"№ {content.number}\n{content.date}")
    addressee = document.add_paragraph(content.addressee)
    addressee.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    subject = document.add_paragraph()
    subject.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subject.add_run(content.subject).bold = True
    for paragraph in content.paragraphs:
        document.add_paragraph(paragraph)
    document.add_paragraph(f"{content.signatory_title}\t\t{content.signatory}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
