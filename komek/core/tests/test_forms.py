"""The shared form widgets."""

from datetime import date

from django import forms
from django.utils import translation

from komek.core.forms import DateInput


class Due(forms.Form):
    due_on = forms.DateField(widget=DateInput())


def test_a_date_picker_gets_its_value_in_the_one_format_browsers_read():
    for language in ("ru", "kk", "en"):
        with translation.override(language):
            html = str(Due(initial={"due_on": date(2026, 3, 2)})["due_on"])
            assert 'type="date"' in html and 'value="2026-03-02"' in html
            assert Due({"due_on": "2026-03-02"}).is_valid()
