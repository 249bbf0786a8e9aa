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


def test_a_required_select_of_records_reads_its_options_once(
    django_user_model, django_assert_num_queries
):
    from komek.core.forms import StyledFormMixin

    django_user_model.objects.create(username="aigerim")
    django_user_model.objects.create(username="bakhrom")

    class Chosen(StyledFormMixin, forms.Form):
        who = forms.ModelChoiceField(queryset=django_user_model.objects.none(), empty_label=None)

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.fields["who"].queryset = django_user_model.objects.order_by("username")

    form = Chosen()
    with django_assert_num_queries(1):
        rendered = str(form["who"])
    assert rendered.index("aigerim") < rendered.index("bakhrom")
    assert "required" not in rendered  # the first option is a record, not a blank
