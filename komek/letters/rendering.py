"""A letter as a PDF (through ``core.pdf``) and as a DOCX to edit."""

import io
from dataclasses import dataclass

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from komek.core.pdf import render_pdf

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


def pdf_bytes(content: LetterContent) -> bytes:
    return render_pdf("letters/letter.html", {"letter": content})


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
