"""Logging a contact while the caller waits, the caller's history, the contact list, the
callback queue."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komek.core import actions, pagination, panels
from komek.core.history import history_items
from komek.core.pagination import CappedPaginator
from komek.core.permissions import requires, role_can, shows_personal_data
from komek.core.roles import Capability
from komek.hotline import selectors, services
from komek.hotline.forms import (
    CallbackAssignForm,
    CallbackAttemptForm,
    ContactCorrectForm,
    ContactFilterForm,
    ContactForm,
    LinkPersonForm,
)
from komek.hotline.models import AttemptOutcome, CallbackAttempt
from komek.people.access import Access, require_access
from komek.people.forms import refuse_if_similar
from komek.people.selectors import person_search

PAGE_SIZE = 50


@requires(Capability.HOTLINE_LOG)
def log(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST or None, user=request.user)
    similar: list = []
    if request.method == "POST" and form.is_valid():
        similar = _similar_to_new_caller(request, form)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_log(
                operator=request.user,
                submission_key=form.cleaned_data["submission_key"],
                topics=list(form.cleaned_data["topics"]),
                person=form.cleaned_data["person"],
                new_person=form.new_person(),
                consent_given=form.cleaned_data["new_consent"],
                started_at=form.cleaned_data["started_at"],
                **form.contact_fields(),
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            message = format_html(
                '{} <a href="{}">{}</a>',
                _("Contact logged."),
                reverse("hotline:contact_detail", args=[contact.pk]),
                _("Open it"),
            )
            # What the higher modules offer next, such as opening a case for a caller
            # referred to a lawyer.
            for action in actions.shown(request, "hotline:contact_logged", contact):
                message = format_html('{} · <a href="{}">{}</a>', message, action.url, action.label)
            messages.success(request, message)
            return redirect("hotline:log")
    context = {"form": form, "similar": similar}
    if form.is_bound:
        context |= _caller_context(request, form.data)
    return render(request, "hotline/log.html", context)


def _similar_to_new_caller(request: HttpRequest, form: ContactForm) -> list:
    """The people possibly the same as the caller the form registers, refusing the form
    until the operator confirms it is someone else; none for a form already saved, whose
    resubmission returns the contact it made."""
    new_person = form.new_person()
    if new_person is None or selectors.contact_logged(form.cleaned_data["submission_key"]):
        return []
    return refuse_if_similar(
        form,
        user=request.user,
        phones=[form.cleaned_data["caller_phone"]],
        surname=new_person["surname"],
        given_name=new_person["given_name"],
        born_year=new_person["born_year"],
        born_month=new_person["born_month"],
        born_day=new_person["born_day"],
    )


def _caller_context(request: HttpRequest, data) -> dict:
    """The caller's history by the number typed, or, when it finds no one, the people
    named like the caller; each person with what the higher apps show of them (their
    open cases and lawyer)."""
    phone = data.get("caller_phone", "").strip()[:30]
    name = data.get("caller_name", "").strip()[:100]
    history = selectors.caller_history(user=request.user, phone=phone) if phone else None
    people = list(history.people) if history else []
    if not people and len(name) >= selectors.MIN_NAME_LOOKUP:
        people = selectors.callers_named(user=request.user, name=name)
    shown = panels.rendered_each(request, "hotline:caller", people)
    callers = [
        {"person": person, "panels": of_person}
        for person, of_person in zip(people, shown, strict=True)
    ]
    return {"history": history, "callers": callers, "looked_up": bool(phone or name)}


@requires(Capability.HOTLINE_LOG)
def lookup(request: HttpRequest) -> HttpResponse:
    # The panel alone, without the request's context processors: it shows none of what
    # they add (menus, messages, the user), and the form calls it as the operator types.
    return HttpResponse(
        render_to_string("hotline/log.html#history", _caller_context(request, request.GET))
    )


@requires(Capability.HOTLINE_LOG)
@shows_personal_data
def contact_list(request: HttpRequest) -> HttpResponse:
    filters = ContactFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    contacts = selectors.contact_list(user=request.user, **criteria)
    page = CappedPaginator(contacts, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filters": filters, "page": page, "cap": pagination.COUNT_CAP}
    return render(request, "hotline/contact_list.html", context)


@requires(Capability.HOTLINE_LOG)
@shows_personal_data
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_get_for(user=request.user, pk=pk)
    context = {
        "contact": contact,
        "can_correct": selectors.can_correct(request.user, contact),
        "history": history_items(contact.history.select_related("history_user")),
    }
    return render(request, "hotline/contact_detail.html", context)


@requires(Capability.HOTLINE_LOG)
def contact_correct(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_get_for(user=request.user, pk=pk, purpose="change")
    if not selectors.can_correct(request.user, contact):
        messages.error(request, _("Only its author or a coordinator may correct a contact."))
        return redirect("hotline:contact_detail", pk=contact.pk)
    form = ContactCorrectForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        services.contact_correct(
            contact=contact,
            corrected_by=request.user,
            topics=list(form.cleaned_data["topics"]),
            **form.contact_fields(),
        )
        messages.success(request, _("The contact is corrected."))
        return redirect("hotline:contact_detail", pk=contact.pk)
    return render(request, "hotline/contact_correct.html", {"contact": contact, "form": form})


@requires(Capability.HOTLINE_LOG)
def link_person(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_get_for(user=request.user, pk=pk, purpose="change")
    form = LinkPersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.contact_link_person(
            contact=contact, person=form.cleaned_data["person"], linked_by=request.user
        )
        messages.success(request, _("The contact is linked to the person."))
        return redirect("hotline:contact_detail", pk=contact.pk)
    query = request.GET.get("q", "").strip()[:200] or contact.caller_name
    found = person_search(user=request.user, query=query, limit=10) if query else []
    # Only a record the operator may open can be linked; the others are not offered.
    matches = [match for match, can_open in found if can_open]
    return render(
        request,
        "hotline/link_person.html",
        {"contact": contact, "query": query, "matches": matches, "form": form},
    )


# The attempts recorded in this browser session, which their author may still undo.
SESSION_ATTEMPTS = "hotline.callback_attempts"
SESSION_ATTEMPTS_KEPT = 20


@requires(Capability.HOTLINE_LOG)
@shows_personal_data
def callbacks(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.callbacks_due(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    assignees: dict[int, list] = {}
    for contact in page:
        if contact.office_id not in assignees:
            assignees[contact.office_id] = list(selectors.callback_assignees(office=contact.office))
        contact.assignees = assignees[contact.office_id]
    context = {
        "page": page,
        "outcomes": AttemptOutcome.choices,
        "flag_after": settings.CALLBACK_ATTEMPTS_FLAG,
        "undoable": _undoable(request),
    }
    return render(request, "hotline/callbacks.html", context)


def _undoable(request: HttpRequest) -> list[CallbackAttempt]:
    """This session's attempts that are still their contact's latest, newest first."""
    ids = request.session.get(SESSION_ATTEMPTS, [])
    attempts = CallbackAttempt.objects.filter(pk__in=ids, made_by=request.user).select_related(
        "contact", "contact__person"
    )
    return [
        attempt
        for attempt in sorted(attempts, key=lambda attempt: attempt.pk, reverse=True)
        if attempt.contact.last_callback_attempt == attempt
    ]


def _refused(request: HttpRequest, problems: list[str]) -> HttpResponse:
    """Back to the queue, saying what was wrong: nothing was changed."""
    for problem in problems:
        messages.error(request, problem)
    return redirect("hotline:callbacks")


def _form_problems(form) -> list[str]:
    return [f"{form[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()]


@requires(Capability.HOTLINE_LOG)
@require_POST
def callback_attempt(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_get_for(user=request.user, pk=pk, purpose="change")
    form = CallbackAttemptForm(request.POST)
    if not form.is_valid():
        return _refused(request, _form_problems(form))
    try:
        attempt = services.callback_attempt_record(
            contact=contact, made_by=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        return _refused(request, error.messages)
    kept = [attempt.pk, *request.session.get(SESSION_ATTEMPTS, [])][:SESSION_ATTEMPTS_KEPT]
    request.session[SESSION_ATTEMPTS] = kept
    messages.success(
        request,
        _("Attempt recorded: %(outcome)s.") % {"outcome": attempt.get_outcome_display()},
    )
    return redirect("hotline:callbacks")


@requires(Capability.HOTLINE_LOG)
@require_POST
def callback_attempt_undo(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = selectors.callback_attempt_get_for(user=request.user, pk=pk)
    if attempt.pk not in request.session.get(SESSION_ATTEMPTS, []):
        return _refused(request, [_("Only an attempt recorded in this session can be undone.")])
    try:
        services.callback_attempt_undo(attempt=attempt, undone_by=request.user)
    except ValidationError as error:
        return _refused(request, error.messages)
    messages.success(request, _("The attempt is undone."))
    return redirect("hotline:callbacks")


@requires(Capability.HOTLINE_LOG)
@require_POST
def callback_assign(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_get_for(user=request.user, pk=pk, purpose="change")
    form = CallbackAssignForm(
        request.POST, assignees=selectors.callback_assignees(office=contact.office)
    )
    if not form.is_valid():
        return _refused(request, _form_problems(form))
    try:
        services.callback_assign(
            contact=contact, assignee=form.cleaned_data["assignee"], assigned_by=request.user
        )
    except ValidationError as error:
        return _refused(request, error.messages)
    messages.success(request, _("The callback is assigned."))
    return redirect("hotline:callbacks")


def render_home_work(request: HttpRequest, user) -> str:
    """The operator's home panel: the callbacks due today that are theirs or nobody's yet,
    and the contacts they logged last. Staff who work on cases log calls too, but their
    home page is their cases: they see only the callbacks given to them."""
    operator = not role_can(user, Capability.CASES_WORK)
    work = selectors.home_work(user=user, operator=operator)
    if not work.due and not work.recent:
        return ""
    return render_to_string("hotline/home_panel.html", {"work": work}, request=request)


def render_person_contacts(request: HttpRequest, person) -> str:
    """The contacts panel on the person's page."""
    require_access(request.user, person, Access.FULL)
    return render_to_string(
        "hotline/person_contacts.html",
        {"contacts": selectors.person_contacts(user=request.user, person=person), "person": person},
        request=request,
    )
