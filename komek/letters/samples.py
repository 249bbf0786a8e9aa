"""URL samples for the permission test (komek/core/url_samples.py): a template and a letter."""

from django.core.files.base import ContentFile

from komek.letters.models import Letter, LetterTemplate


def build(made: dict) -> dict[str, dict]:
    template = LetterTemplate.objects.create(
        name="Запрос", language="ru", subject="О {{ person.full_name }}", body="Текст"
    )
    # Stored as generated; made here without WeasyPrint, which the letters tests exercise.
    letter = Letter(
        case=made["case"],
        number="AST-2026/1",
        language="ru",
        addressee="Посольство",
        subject="Запрос",
        body="Текст",
        created_by=made["coordinator"],
    )
    letter.pdf.save("letter.pdf", ContentFile(b"%PDF-1.4 letter"), save=False)
    letter.docx.save("letter.docx", ContentFile(b"PK\x03\x04 letter"), save=False)
    letter.save()
    return {
        "letters:template_edit": {"pk": template.pk},
        "letters:letterhead": {"office_pk": made["office"].pk},
        "letters:write": {"case_pk": made["case"].pk},
        "letters:download": {"pk": letter.pk, "fmt": "pdf"},
    }
