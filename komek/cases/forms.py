from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komek.accounts.models import User
from komek.cases.models import Case, CaseKind, Outcome, Priority, ReferralOutcome, Request, Status
from komek.cases.models import Channel as ReferralChannel
from komek.core.forms import DateInput, StyledFormMixin
from komek.core.permissions import role_can
from komek.core.roles import Capability, roles_with
from komek.hotline.models import Topic
from komek.partners.models import Partner


def _caseworkers(office):
    return User.objects.filter(
        is_active=True, office=office, role__in=roles_with(Capability.CASES_WORK)
    )


class CaseOpenForm(StyledFormMixin, forms.ModelForm):
    assign = forms.ModelMultipleChoiceField(
        label=_("Assign to"), queryset=User.objects.none(), required=False
    )

    class Meta:
        model = Case
        fields = ["title", "kind", "category", "priority", "description", "sensitive"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, office=None, open_cases=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Topic.objects.filter(is_active=True)
        self.fields["assign"].queryset = _caseworkers(office)
        # The client has open cases: a second one is opened only on purpose.
        if open_cases:
            self.fields["open_new_anyway"] = forms.BooleanField(
                label=_("The matter is new: open a new case anyway"),
                error_messages={
                    "required": _(
                        "The client already has an open case. Add to it, or confirm that "
                        "the matter is new."
                    )
                },
            )


class CaseEditForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Case
        fields = ["title", "kind", "category", "priority", "description", "sensitive"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Topic.objects.all()
        if not self.is_bound:
            self.initial["version"] = self.instance.version


class MoveForm(StyledFormMixin, forms.Form):
    to = forms.ChoiceField(label=_("New status"))
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", "—"), *Outcome.choices]
    )
    amount_recovered = forms.DecimalField(
        label=_("Amount recovered, KZT"), required=False, min_value=0, max_digits=12
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, statuses=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(value, Status(value).label) for value in statuses]


class NoteForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))


class CaseFilterForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Topic.objects.all(), required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    priority = forms.ChoiceField(label=_("Priority"), required=False)
    citizenship = forms.CharField(
        label=_("Client's citizenship (code)"), required=False, max_length=2
    )
    assignee = forms.ModelChoiceField(
        label=_("Assigned to"), queryset=User.objects.none(), required=False
    )
    partner = forms.ModelChoiceField(
        label=_("Referred to"), queryset=Partner.objects.none(), required=False
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("newest first")),
            ("oldest", _("oldest first")),
            ("priority", _("priority")),
            ("status", _("status")),
        ],
    )
    mine = forms.BooleanField(label=_("Only my cases"), required=False)
    open_only = forms.BooleanField(label=_("Only open cases"), required=False)
    overdue = forms.BooleanField(
        label=_("Overdue: a late task or an unanswered referral"), required=False
    )

    def __init__(self, *args, office=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = _caseworkers(office)
        self.fields["partner"].queryset = Partner.objects.filter(is_active=True)
        self.fields["status"].choices = [("", _("All statuses")), *Status.choices]
        self.fields["kind"].choices = [("", _("All kinds")), *CaseKind.choices]
        self.fields["priority"].choices = [("", _("All priorities")), *Priority.choices]


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Scan or photo"))


class ReferralForm(StyledFormMixin, forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none())
    request = forms.ChoiceField(label=_("What is requested"), choices=Request.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=ReferralChannel.choices)
    sent_on = forms.DateField(
        label=_("Sent on"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty while the letter is being prepared."),
    )
    expected_days = forms.IntegerField(
        label=_("Answer expected within, days"),
        min_value=1,
        max_value=365,
        required=False,
        help_text=_(
            "Leave empty to expect the answer within the partner's usual time (its median "
            "over its latest answers), or 14 days while it has answered fewer than 5."
        ),
    )
    details = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    without_consent_reason = forms.CharField(
        label=_("If the person has not consented: why share anyway"), required=False, max_length=300
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(is_active=True)


class SentForm(StyledFormMixin, forms.Form):
    prefix = "sent"  # with the referral's number: one form per referral on a page
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("sent_on", timezone.localdate())


class WithdrawForm(StyledFormMixin, forms.Form):
    prefix = "withdraw"  # with the referral's number: one form per referral on a page
    reason = forms.CharField(label=_("Why is it withdrawn"), max_length=300)


class TaskForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    assignee = forms.ModelChoiceField(label=_("Assignee"), queryset=User.objects.none())
    due_on = forms.DateField(label=_("Due"), widget=DateInput())

    def __init__(self, *args, case, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = _caseworkers(case.office)
        if role_can(user, Capability.CASES_WORK):
            self.initial.setdefault("assignee", user.pk)


class AnswerForm(StyledFormMixin, forms.Form):
    prefix = "answer"  # with the referral's number: one form per referral on a page
    answered_on = forms.DateField(label=_("Answered on"), widget=DateInput())
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReferralOutcome.choices)
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))
    reply = forms.FileField(
        label=_("The partner's reply (scan or photo)"),
        required=False,
        help_text=_("Kept with the case's documents and shown on the referral."),
    )


class PeriodForm(StyledFormMixin, forms.Form):
    start = forms.DateField(label=_("Sent from"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Sent until"), required=False, widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return cleaned


def form_errors(form) -> str:
    """A form's errors in one line, each prefixed by its field's label, for a message."""
    return " ".join(
        f"{form.fields[name].label}: {' '.join(errors)}"
        if name in form.fields
        else " ".join(errors)
        for name, errors in form.errors.items()
    )
