"""The letters' personal data, declared to ``core.personal_data``."""

from komek.core import personal_data
from komek.letters.models import Letter


def closed_cases_letters_anonymise(cases) -> int:
    return personal_data.anonymise_rows(Letter.objects.filter(case__in=cases))


def declare_personal_data() -> None:
    # An anonymised letter stays in the office's register of outgoing numbers, to whom
    # and when, without its subject, text or files.
    personal_data.register(
        Letter,
        lookups=["case__client"],
        blank={"subject": "", "body": "", "pdf": "", "docx": ""},
    )
    personal_data.extend("cases.closed", "letters.Letter", closed_cases_letters_anonymise)
