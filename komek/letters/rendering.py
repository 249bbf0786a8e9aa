"""A letter as a PDF (through ``core.pdf``) and as a DOCX to edit, both on A4 and
marked with the letter's language, so that Word checks the spelling in it.

Text is justified only where it can be hyphenated: WeasyPrint hyphenates with Pyphen's
dictionaries (Russian has one, Kazakh none), and justified text that cannot break its
long words opens wide gaps, "rivers", between them. A Kazakh letter is set flush left."""

import io
from dataclasses import dataclass

import pyphen
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from komek.core.pdf import render_pdf

DOCX_FONT = "Times New Roman"
# The proofing language Word is told the letter is in.
WORD_LANGUAGES = {"ru": "ru-RU", "kk": "kk-KZ"}
# The page and margins of the PDF (core/print_base.html).
A4 = (Mm(210), Mm(297))
MARGINS = {"top_margin": Mm(18), "right_margin": Mm(18), "bottom_margin": Mm(22)}
LEFT_MARGIN = Mm(25)


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
        parts = self.body.replace("\r\n", "\n").split("\n\n")
        return [part.strip() for part in parts if part.strip()]

    @property
    def justified(self) -> bool:
        """Whether the text can be justified without rivers: it can be hyphenated."""
        return self.language in pyphen.LANGUAGES


def pdf_bytes(content: LetterContent) -> bytes:
    return render_pdf("letters/letter.html", {"letter": content})


def _set_language(document, language: str) -> None:
    """The proofing language on the document's defaults and its Normal style, which
    every run inherits."""
    word_language = WORD_LANGUAGES[language]
    defaults = document.styles.element.find(qn("w:docDefaults"))
    for properties in (
        defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")),
        document.styles["Normal"].element.get_or_add_rPr(),
    ):
        lang = properties.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            properties.append(lang)
        lang.set(qn("w:val"), word_language)
        lang.set(qn("w:eastAsia"), word_language)


def _page(document, justified: bool) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = A4
    section.left_margin = LEFT_MARGIN
    for margin, value in MARGINS.items():
        setattr(section, margin, value)
    if justified:
        document.settings.element.append(OxmlElement("w:autoHyphenation"))


def docx_bytes(content: LetterContent) -> bytes:
    document = Document()
    _page(document, content.justified)
    _set_language(document, content.language)
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
    for text in content.paragraphs:
        paragraph = document.add_paragraph(text)
        if content.justified:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    document.add_paragraph(f"{content.signatory_title}\t\t{content.signatory}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
