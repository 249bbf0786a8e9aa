"""Administrators' pages: users, their roles and offices, second-factor resets, offices."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from komek.accounts import access, enrolment, lockout, selectors, services
from komek.accounts.forms import OfficeForm, UserFilterForm, UserForm
from komek.accounts.models import AccessChange, Office, User
from komek.core.history import history_items
from komek.core.permissions import requires
from komek.core.roles import Capability

PAGE_SIZE = 50


@requires(Capability.ACCOUNTS_MANAGE)
def user_list(request: HttpRequest) -> HttpResponse:
    filters = UserFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    users = selectors.user_list(
        q=criteria.get("q", ""), role=criteria.get("role", ""), office=criteria.get("office")
    )
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"filters": filters, "page": page})


def _access_message(request: HttpRequest, change: AccessChange | None) -> None:
    if change is not None and change.status == AccessChange.Status.PENDING:
        messages.warning(
            request,
            _(
                "The new role, office or scope of %(name)s gives access to personal data: it "
                "applies once a second administrator approves it."
            )
            % {"name": change.user.username},
        )


@requires(Capability.ACCOUNTS_MANAGE)
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "password"}
        user, change = access.user_create_with_access(
            created_by=request.user, password=form.cleaned_data["password"], **fields
        )
        messages.success(
            request,
            _("User %(name)s created. Issue them an enrolment link to set up two-factor sign-in.")
            % {"name": user.username},
        )
        _access_message(request, change)
        return redirect("accounts:user_edit", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@requires(Capability.ACCOUNTS_MANAGE)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    form = UserForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "password"}
        try:
            change = access.user_change(
                user=user,
                changed_by=request.user,
                password=form.cleaned_data["password"],
                **fields,
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("Changes saved."))
            _access_message(request, change)
            return redirect("accounts:user_edit", pk=user.pk)
        user.refresh_from_db()
    context = {
        "form": form,
        "edited": user,
        "is_self": user.pk == request.user.pk,
        "has_second_factor": user.totpdevice_set.filter(confirmed=True).exists(),
        "locked_out": lockout.is_locked_out(username=user.username),
        "pending": access.pending_changes().filter(user=user).first(),
        "history": history_items(user.history.select_related("history_user")),
    }
    return render(request, "accounts/user_form.html", context)


@requires(Capability.ACCOUNTS_MANAGE)
@require_POST
def user_reset_second_factor(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    try:
        services.second_factor_reset(user=user, reset_by=request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(
            request,
            _(
                "Two-factor sign-in of %(name)s was reset. Issue them an enrolment link to set "
                "up a new authenticator."
            )
            % {"name": user.username},
        )
    return redirect("accounts:user_edit", pk=user.pk)


@requires(Capability.ACCOUNTS_MANAGE)
@require_POST
@never_cache
def user_enrolment_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a link and show it once: Komek keeps only its hash."""
    user = get_object_or_404(User, pk=pk)
    try:
        token, link = enrolment.enrolment_link_issue(user=user, issued_by=request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("accounts:user_edit", pk=user.pk)
    context = {
        "edited": user,
        "link": request.build_absolute_uri(enrolment.enrolment_path(token)),
        "expires_at": link.expires_at,
    }
    return render(request, "accounts/enrolment_link.html", context)


@requires(Capability.ACCOUNTS_MANAGE)
@require_POST
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    services.user_unlock(user=user, unlocked_by=request.user)
    messages.success(request, _("%(name)s can sign in again.") % {"name": user.username})
    return redirect("accounts:user_edit", pk=user.pk)


@requires(Capability.ACCOUNTS_MANAGE)
def office_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.office_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/office_list.html", {"page": page})


@requires(Capability.ACCOUNTS_MANAGE)
def office_create(request: HttpRequest) -> HttpResponse:
    form = OfficeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.office_create(created_by=request.user, **form.cleaned_data)
        messages.success(request, _("Office created."))
        return redirect("accounts:office_list")
    return render(request, "accounts/office_form.html", {"form": form})


@requires(Capability.ACCOUNTS_MANAGE)
def office_edit(request: HttpRequest, pk: int) -> HttpResponse:
    office = get_object_or_404(Office, pk=pk)
    form = OfficeForm(request.POST or None, instance=office)
    if request.method == "POST" and form.is_valid():
        services.office_update(office=office, updated_by=request.user, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect("accounts:office_list")
    return render(request, "accounts/office_form.html", {"form": form, "office": office})


@requires(Capability.ACCOUNTS_MANAGE)
def access_change_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(access.pending_changes(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/access_change_list.html", {"page": page})


@requires(Capability.ACCOUNTS_MANAGE)
@require_POST
def access_change_decide(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(AccessChange, pk=pk)
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            access.access_change_approve(change=change, approved_by=request.user)
            messages.success(
                request, _("Approved: the access of %(name)s has changed.") % {"name": change.user}
            )
        elif decision == "reject":
            access.access_change_reject(change=change, rejected_by=request.user)
            messages.success(
                request,
                _("Rejected: the access of %(name)s stays as it was.") % {"name": change.user},
            )
        else:
            messages.error(request, _("Choose to approve or to reject the change."))
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    return redirect("accounts:access_change_list")
