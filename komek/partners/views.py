from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from komek.accounts.scoping import can_reach
from komek.core.history import history_items
from komek.core.permissions import requires, user_can
from komek.core.roles import Capability
from komek.partners import selectors, services
from komek.partners.forms import PartnerFilterForm, PartnerForm

PAGE_SIZE = 50


@requires(Capability.PARTNERS_VIEW)
def partner_list(request: HttpRequest) -> HttpResponse:
    filters = PartnerFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    partners = selectors.partner_list(**{key: value for key, value in criteria.items() if value})
    page = Paginator(partners, PAGE_SIZE).get_page(request.GET.get("page"))
    template = (
        "partners/partner_list.html#results" if request.htmx else "partners/partner_list.html"
    )
    return render(request, template, {"filters": filters, "page": page})


@requires(Capability.PARTNERS_VIEW)
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partner = selectors.partner_get_for(user=request.user, pk=pk)
    context = {
        "partner": partner,
        "can_edit": user_can(request.user, Capability.PARTNERS_CHANGE)
        and can_reach(request.user, partner.office_id),
        "history": history_items(partner.history.select_related("history_user")),
    }
    return render(request, "partners/partner_detail.html", context)


@requires(Capability.PARTNERS_CHANGE)
def partner_create(request: HttpRequest) -> HttpResponse:
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        partner = services.partner_create(
            created_by=request.user, office=request.user.office, **form.cleaned_data
        )
        messages.success(request, _("Partner “%(name)s” added.") % {"name": partner})
        return redirect("partners:detail", pk=partner.pk)
    return render(request, "partners/partner_form.html", {"form": form})


@requires(Capability.PARTNERS_CHANGE)
def partner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partner = selectors.partner_get_for(user=request.user, pk=pk, purpose="change")
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        services.partner_update(partner=partner, updated_by=request.user, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect("partners:detail", pk=partner.pk)
    return render(request, "partners/partner_form.html", {"form": form, "partner": partner})
