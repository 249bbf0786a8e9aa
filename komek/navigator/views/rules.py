"""The migration rules as a lawyer and a coordinator keep them: the current versions with
their sources and whether a lawyer verified them, one rule with all its versions and what
each changed, a new rule, a new version, a lawyer's verification, and the people to call
back once a rule changed."""

from collections.abc import Callable
from datetime import date
from itertools import pairwise
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from komek.core.countries import country_choices, country_name
from komek.core.forms import DateInput, StyledFormMixin
from komek.core.history import FieldChange, codes_of, history_items, readable_changes
from komek.core.permissions import requires, shows_personal_data, user_can
from komek.core.roles import Capability
from komek.navigator import editing
from komek.navigator.affected import affected_page
from komek.navigator.editing import RULE_FIELDS
from komek.navigator.forms_editing import RuleForm, RuleNamesForm
from komek.navigator.models import Document, GroupMember, Purpose, Rule, RuleKind


def edit_page(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    save: Callable[..., Model],
    title: str,
    back: str,
    done: Callable[[Model], str] | None = None,
    history_of: Model | None = None,
) -> HttpResponse:
    """A form whose values ``save`` writes through a service, whose refusal is shown on the
    field it names; once saved the user goes to ``done(saved)``, or else to ``back``."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(by=request.user, **form.cleaned_data)
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(done(saved) if done else back)
    history = None
    if history_of is not None:
        history = history_items(history_of.history.select_related("history_user"))  # type: ignore[attr-defined]
    context = {"form": form, "title": title, "back": back, "history": history}
    status = 400 if form.errors else 200
    return render(request, "navigator/rules/form.html", context, status=status)


def applies_to(rule: Rule) -> list[str]:
    """The citizenships and groups a version names, in the reader's language."""
    return [country_name(code) for code in rule.countries] + [
        str(group) for group in rule.groups.all()
    ]


def _labels(codes: list[str], choices) -> str:
    return ", ".join(str(choices(code).label) for code in codes)


def parameters(rule: Rule) -> list[str]:
    """What a version says, in short phrases: its days, amounts, permit and conditions."""
    said: list[str] = []
    if rule.kind == RuleKind.ROLLING_WINDOW and rule.days and rule.window_days:
        said.append(
            _("%(days)s days in any %(window)s") % {"days": rule.days, "window": rule.window_days}
        )
    elif rule.days:
        said.append(ngettext("%(days)s day", "%(days)s days", rule.days) % {"days": rule.days})
    if rule.days:
        said.append(
            _("%(counting)s, counted from %(start)s")
            % {"counting": rule.get_counting_display(), "start": rule.get_count_from_display()}
        )
    if rule.kind == RuleKind.ROLLING_WINDOW:
        said.append(
            _("day of entry: %(entry)s; day of exit: %(exit)s")
            % {
                "entry": _("counts") if rule.entry_day_counts else _("does not count"),
                "exit": _("counts") if rule.exit_day_counts else _("does not count"),
            }
        )
    if rule.amount_mci is not None:
        amount = formats.localize(rule.amount_mci.normalize())
        if rule.amount_mci_max is not None and rule.amount_mci_max != rule.amount_mci:
            amount = f"{amount}–{formats.localize(rule.amount_mci_max.normalize())}"
        said.append(_("%(amount)s MCI") % {"amount": amount})
    for shown in (
        rule.get_permit_display(),
        rule.get_document_display(),
        rule.get_for_status_display(),
    ):
        if shown:
            said.append(str(shown))
    if rule.purposes:
        said.append(_("purpose: %(list)s") % {"list": _labels(rule.purposes, Purpose)})
    if rule.requires:
        said.append(_("only with: %(list)s") % {"list": _labels(rule.requires, Document)})
    if rule.excludes:
        said.append(_("not with: %(list)s") % {"list": _labels(rule.excludes, Document)})
    return said


class RuleFilter(StyledFormMixin, forms.Form):
    citizenship = forms.ChoiceField(label=gettext_lazy("Citizenship"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    on = forms.DateField(label=gettext_lazy("In force on"), required=False, widget=DateInput())
    verified = forms.ChoiceField(
        label=gettext_lazy("Verified by a lawyer"),
        required=False,
        choices=[
            ("", gettext_lazy("all")),
            ("yes", gettext_lazy("verified")),
            ("no", gettext_lazy("not verified")),
        ],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        everyone = [("", _("all"))]
        self.fields["citizenship"].choices = everyone + country_choices()
        self.fields["kind"].choices = everyone + list(RuleKind.choices)


def _covers(rule: Rule, country: str, on: date | None) -> bool:
    """Whether a version names ``country``, itself or through a group it was a member of
    on ``on`` (any time when no date is given); a version naming no one covers everyone."""
    if not rule.countries and not rule.groups.all():
        return True
    if country in rule.countries:
        return True
    return any(
        member.country == country and _member_on(member, on)
        for group in rule.groups.all()
        for member in group.members.all()
    )


def _member_on(member: GroupMember, on: date | None) -> bool:
    if on is None:
        return True
    return (member.valid_from is None or member.valid_from <= on) and (
        member.valid_to is None or on <= member.valid_to
    )


@requires(Capability.NAVIGATOR_USE)
def rule_list(request: HttpRequest) -> HttpResponse:
    form = RuleFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rules = Rule.objects.filter(replaced_by=None).select_related("verified_by")
    rules = rules.prefetch_related("groups__members").order_by("kind", "code")
    if filters.get("kind"):
        rules = rules.filter(kind=filters["kind"])
    if filters.get("verified"):
        rules = rules.filter(verified_by__isnull=filters["verified"] == "no")
    on = filters.get("on")
    if on:
        rules = rules.exclude(valid_from__gt=on).exclude(valid_to__lt=on)
    listed = [
        {"rule": rule, "applies_to": applies_to(rule), "parameters": parameters(rule)}
        for rule in rules
        if not filters.get("citizenship") or _covers(rule, filters["citizenship"], on)
    ]
    context = {
        "form": form,
        "rules": listed,
        "can_edit": user_can(request.user, Capability.NAVIGATOR_EDIT),
    }
    return render(request, "navigator/rules/list.html", context)


def _version_changes(versions: list[Rule]) -> list[list[FieldChange]]:
    """What each version changed from the one before it (nothing for the first)."""
    coded = [codes_of(version, RULE_FIELDS) for version in versions]
    pairs = [{}] + [
        {name: [before[name], after[name]] for name in RULE_FIELDS if before[name] != after[name]}
        for before, after in pairwise(coded)
    ]
    readable = readable_changes(Rule, pairs)
    for index in range(1, len(versions)):
        before, after = _group_names(versions[index - 1]), _group_names(versions[index])
        if before != after:
            field = str(Rule._meta.get_field("groups").verbose_name)
            readable[index].append(FieldChange(field=field, old=before, new=after))
    return readable


def _group_names(rule: Rule) -> str:
    return ", ".join(sorted(str(group) for group in rule.groups.all()))


@requires(Capability.NAVIGATOR_USE)
def rule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(Rule, pk=pk)
    versions = list(
        Rule.objects.filter(code=rule.code)
        .select_related("created_by", "verified_by", "replaced_by")
        .prefetch_related("groups")
        .annotate(advice_count=Count("advice"))
        .order_by("version")
    )
    shown = next(version for version in versions if version.pk == rule.pk)
    changes = _version_changes(versions)
    context = {
        "rule": shown,
        "applies_to": applies_to(shown),
        "parameters": parameters(shown),
        "versions": [
            {"rule": version, "changes": change}
            for version, change in reversed(list(zip(versions, changes, strict=True)))
        ],
        "current": next(version for version in versions if version.current),
        "history": history_items(shown.history.select_related("history_user")),  # type: ignore[attr-defined]
        "can_edit": user_can(request.user, Capability.NAVIGATOR_EDIT),
        "can_verify": user_can(request.user, Capability.NAVIGATOR_VERIFY),
    }
    return render(request, "navigator/rules/detail.html", context)


def _rule_page(rule: Model) -> str:
    return reverse("navigator:rule", args=[rule.pk])


@requires(Capability.NAVIGATOR_EDIT)
def rule_new(request: HttpRequest) -> HttpResponse:
    return edit_page(
        request,
        form=RuleForm(request.POST or None),
        save=editing.rule_create,
        title=_("New migration rule"),
        back=reverse("navigator:rules"),
        done=_rule_page,
    )


@requires(Capability.NAVIGATOR_EDIT)
def rule_revise(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(Rule, pk=pk)
    if request.method == "GET" and not rule.current:
        current = Rule.objects.get(code=rule.code, replaced_by=None)
        messages.info(
            request,
            _("Version %(version)s has been replaced: this is the current one.")
            % {"version": rule.version},
        )
        return redirect("navigator:rule_revise", pk=current.pk)

    def save(*, by, change_reason: str, expected_version: int, **fields) -> Model:
        return editing.rule_revise(
            rule=rule, by=by, reason=change_reason, expected_version=expected_version, **fields
        )

    def callbacks(new: Model) -> str:
        return f"{reverse('navigator:affected')}?{urlencode({'rule': rule.code})}"

    return edit_page(
        request,
        form=RuleForm(request.POST or None, rule=rule),
        save=save,
        title=_("New version of “%(name)s” (now version %(version)s)")
        % {"name": rule.name, "version": rule.version},
        back=_rule_page(rule),
        done=callbacks,
    )


@requires(Capability.NAVIGATOR_EDIT)
def rule_names(request: HttpRequest, pk: int) -> HttpResponse:
    """The current version's name in the migrants' languages: no new version."""
    rule = get_object_or_404(Rule, pk=pk)

    def save(*, by, **names: str) -> Model:
        return editing.rule_names_translate(rule=rule, by=by, **names)

    return edit_page(
        request,
        form=RuleNamesForm(request.POST or None, instance=rule),
        save=save,
        title=_("“%(name)s” in the migrants' languages") % {"name": rule.name},
        back=_rule_page(rule),
    )


def _verification(request: HttpRequest, pk: int, change: Callable[..., Rule]) -> HttpResponse:
    rule = get_object_or_404(Rule, pk=pk)
    try:
        change(rule=rule, by=request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("Changes saved."))
    return redirect(_rule_page(rule))


@requires(Capability.NAVIGATOR_VERIFY)
@require_POST
def rule_verify(request: HttpRequest, pk: int) -> HttpResponse:
    return _verification(request, pk, editing.rule_verify)


@requires(Capability.NAVIGATOR_VERIFY)
@require_POST
def rule_unverify(request: HttpRequest, pk: int) -> HttpResponse:
    return _verification(request, pk, editing.rule_unverify)


@shows_personal_data
@requires(Capability.NAVIGATOR_USE)
def affected(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("rule", "")
    codes = Rule.objects.filter(replaced_by__isnull=False).values_list("code", flat=True)
    rules = Rule.objects.filter(replaced_by=None, code__in=codes).order_by("name")
    context = {
        "page": affected_page(user=request.user, code=code, number=request.GET.get("page", 1)),
        "rules": rules,
        "code": code,
        "check_url": reverse("navigator:check"),
    }
    return render(request, "navigator/rules/affected.html", context)
