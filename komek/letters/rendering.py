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
FONT_FILES = {FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf"}
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


def _only_our_fonts(url: str, *args, **kwargs):
    """Letters load nothing but the bundled fonts: no network, no other local file."""
    from weasyprint.urls import default_url_fetcher

    path = Path(url.removeprefix("file://"))
    if not url.startswith("file://") or path not in FONT_FILES:
        raise ValueError(f"refused to load {url}")
    return default_url_fetcher(url, *args, **kwargs)


def pdf_bytes(content: LetterContent) -> bytes:
    # Imported here: WeasyPrint loads Pango when imported, which only letters need.
    from weasyprint import HTML

    html = render_to_string(
        "letters/letter.html",
        {
            "letter": content,
            "font_regular": (FONTS / "DejaVuSans.ttf").as_uri(),
            "font_bold": (FONTS / "DejaVuSans-Bold.ttf").as_uri(),
        },
    )
    return HTML(string=html, url_fetcher=_only_our_fonts).write_pdf()


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
