from django import forms
from django.utils.translation import gettext_lazy as _

from komek.core.forms import StyledFormMixin
from komek.trainings.models import Question, QuestionKind, Topic
from komek.trainings.quiz_selectors import letter
from komek.trainings.quizzes import ChoiceText

# Answers a question may have in the form: paper tests rarely offer more.
CHOICE_ROWS = 6


class TopicForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["name", "name_kk", "name_en"]


class QuestionFilterForm(StyledFormMixin, forms.Form):
    topic = forms.ModelChoiceField(Topic.objects.all(), required=False, label=_("topic"))
    retired = forms.BooleanField(required=False, label=_("retired questions"))


class QuestionForm(StyledFormMixin, forms.Form):
    topic = forms.ModelChoiceField(Topic.objects.all(), label=_("topic"))
    kind = forms.ChoiceField(choices=QuestionKind.choices, label=_("kind"))
    text = forms.CharField(label=_("question"), widget=forms.Textarea(attrs={"rows": 2}))
    text_kk = forms.CharField(
        label=_("question in Kazakh"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, question: Question | None = None, **kwargs) -> None:
        if question is not None and not kwargs.get("data") and not (args and args[0]):
            kwargs["initial"] = self._initial_of(question)
        super().__init__(*args, **kwargs)
        # Added after the mixin styled the declared fields: styled here alike.
        for row in range(CHOICE_ROWS):
            name = letter(row)
            self.fields[f"choice_{name}"] = forms.CharField(
                label=_("answer %(letter)s") % {"letter": name},
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )
            self.fields[f"choice_{name}_kk"] = forms.CharField(
                label=_("answer %(letter)s in Kazakh") % {"letter": name},
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )
            self.fields[f"choice_{name}_correct"] = forms.BooleanField(
                label=_("correct"),
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )

    @staticmethod
    def _initial_of(question: Question) -> dict:
        initial = {
            "topic": question.topic_id,
            "kind": question.kind,
            "text": question.text,
            "text_kk": question.text_kk,
        }
        for row, choice in enumerate(question.choices.all()[:CHOICE_ROWS]):
            name = letter(row)
            initial |= {
                f"choice_{name}": choice.text,
                f"choice_{name}_kk": choice.text_kk,
                f"choice_{name}_correct": choice.is_correct,
            }
        return initial

    def choice_rows(self) -> list[dict]:
        return [
            {
                "letter": letter(row),
                "text": self[f"choice_{letter(row)}"],
                "text_kk": self[f"choice_{letter(row)}_kk"],
                "correct": self[f"choice_{letter(row)}_correct"],
            }
            for row in range(CHOICE_ROWS)
        ]

    def clean(self):
        data = super().clean()
        for row in range(CHOICE_ROWS):
            name = letter(row)
            if not data.get(f"choice_{name}") and (
                data.get(f"choice_{name}_kk") or data.get(f"choice_{name}_correct")
            ):
                self.add_error(f"choice_{name}", _("Write the answer in Russian."))
        return data

    def choices(self) -> list[ChoiceText]:
        data = self.cleaned_data
        return [
            ChoiceText(
                text=data[f"choice_{letter(row)}"],
                text_kk=data[f"choice_{letter(row)}_kk"],
                is_correct=data[f"choice_{letter(row)}_correct"],
            )
            for row in range(CHOICE_ROWS)
            if data[f"choice_{letter(row)}"]
        ]

    def question_fields(self) -> dict:
        return {key: self.cleaned_data[key] for key in ("topic", "kind", "text", "text_kk")}


class TestQuestionsForm(forms.Form):
    """A position for each question of the bank: those given one make the test, in that
    order (ties by the bank's order); blank leaves a question out."""

    def __init__(self, *args, questions: list[Question], positions: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.IntegerField(
                label=str(question),
                required=False,
                min_value=1,
                max_value=999,
                initial=positions.get(question.pk),
            )

    def rows(self) -> list[tuple[Question, forms.BoundField]]:
        return [(question, self[f"q{question.pk}"]) for question in self.questions]

    def chosen(self) -> list[Question]:
        placed = [
            (self.cleaned_data[f"q{question.pk}"], index, question)
            for index, question in enumerate(self.questions)
            if self.cleaned_data[f"q{question.pk}"] is not None
        ]
        return [question for _position, _index, question in sorted(placed, key=lambda row: row[:2])]


class CodeField(forms.CharField):
    def __init__(self, **kwargs) -> None:
        super().__init__(
            label=_("Your participant code"),
            max_length=20,
            widget=forms.TextInput(
                attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
            ),
            **kwargs,
        )


RATINGS = [(value, str(value)) for value in range(5, 0, -1)]


class FeedbackForm(forms.Form):
    code = CodeField()
    usefulness = forms.TypedChoiceField(
        label=_("How useful was the event for your work?"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    organisation = forms.TypedChoiceField(
        label=_("How well was it organised?"), choices=RATINGS, coerce=int, widget=forms.RadioSelect
    )
    trainers = forms.TypedChoiceField(
        label=_("How good were the trainers?"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("What would you change or add? (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
