"""The one rule for a date of birth, wherever it is entered: the person form, the hotline's
registration and the import all refuse a date that cannot be anyone's."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komek.people.search import BirthQuery

# No one the centre serves was born before this year: an earlier one is a typo.
EARLIEST_BIRTH_YEAR = 1900


def validate_born(born: BirthQuery | None) -> None:
    """Raise ValidationError when ``born`` (as far as it is known) is not a real date,
    is before 1900 or is after today."""
    if born is None:
        return
    if born.year < EARLIEST_BIRTH_YEAR:
        raise ValidationError(
            _("The date of birth is before %(year)d."),
            code="too_early",
            params={"year": EARLIEST_BIRTH_YEAR},
        )
    try:
        earliest = date(born.year, born.month or 1, born.day or 1)
    except ValueError:
        raise ValidationError(_("There is no such day."), code="invalid_date") from None
    if earliest > timezone.localdate():
        raise ValidationError(_("The date of birth is in the future."), code="future")
