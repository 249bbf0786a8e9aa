"""Form styling and accessibility shared by every Komek form."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from komek.core.phones import InvalidPhone, display, to_e164


class FormRenderer(TemplatesSetting):
    field_template_name = "core/includes/field.html"


class DateInput(forms.DateInput):
    """A browser's date picker: its value is always written ISO-style (2026-03-02), which is
    all ``<input type="date">`` reads; the picker itself shows the reader's format. A
    date in the language's own format (02.03.2026) would show an empty field."""

    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class ChipsCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes shown as toggle buttons: quick to hit with a mouse or Tab and Space."""

    template_name = "core/widgets/chips.html"


class ChipsRadio(forms.RadioSelect):
    template_name = "core/widgets/chips.html"


class ReadOnceChoiceIterator(ModelChoiceIterator):
    """A select's options read in one query and kept with the form. Django reads them
    anew each time it is asked, through a server-side cursor (three round trips on
    PostgreSQL), and a required select asks twice: for its first option, then for all."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for record in self.queryset:
            yield self.choice(record)


class StyledFormMixin:
    """Bootstrap classes on every widget and ``aria-invalid`` on fields with errors;
    selects of records read their options once."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                # Before a form narrows the queryset, which then keeps this iterator.
                field.iterator = ReadOnceChoiceIterator
                field.widget.choices = field.choices
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"


class PhonesField(forms.CharField):
    """One phone number per line, in any common format; cleaned to a list in E.164."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(display(number) for number in value)
        return value

    def clean(self, value) -> list[str]:
        numbers = []
        for line in (super().clean(value) or "").splitlines():
            if not line.strip():
                continue
            try:
                numbers.append(to_e164(line))
            except InvalidPhone:
                raise forms.ValidationError(
                    _("“%(line)s” is not a phone number. Write it like +7 717 212 3456."),
                    params={"line": line.strip()},
                ) from None
        return list(dict.fromkeys(numbers))
