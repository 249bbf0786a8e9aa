"""Administrators' pages: users, their roles and offices, second-factor resets, offices."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komek.accounts import selectors, services
from komek.accounts.forms import OfficeForm, UserFilterForm, UserForm
from komek.accounts.models import Office, User
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


@requires(Capability.ACCOUNTS_MANAGE)
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "password"}
        user = services.user_create(
            created_by=request.user, password=form.cleaned_data["password"], **fields
        )
        messages.success(
            request,
            _("User %(name)s created. They set up two-factor sign-in at their first login.")
            % {"name": user.username},
        )
        return redirect("accounts:user_edit", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@requires(Capability.ACCOUNTS_MANAGE)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    form = UserForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "password"}
        services.user_update(
            user=user, updated_by=request.user, password=form.cleaned_data["password"], **fields
        )
        messages.success(request, _("Changes saved."))
        return redirect("accounts:user_edit", pk=user.pk)
    context = {
        "form": form,
        "edited": user,
        "has_second_factor": user.totpdevice_set.filter(confirmed=True).exists(),
        "locked_out": services.is_locked_out(username=user.username),
        "history": history_items(user.history.select_related("history_user")),
    }
    return render(request, "accounts/user_form.html", context)


@requires(Capability.ACCOUNTS_MANAGE)
@require_POST
def user_reset_second_factor(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    services.second_factor_reset(user=user, reset_by=request.user)
    messages.success(
        request,
        _(
            "Two-factor sign-in of %(name)s was reset. "
            "They enrol a new authenticator at their next sign-in."
        )
        % {"name": user.username},
    )
    return redirect("accounts:user_edit", pk=user.pk)


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
