"""The country groups that rules name (the EAEU members, the visa-free countries) and their
dated members, as a lawyer and a coordinator keep them."""

from django.db.models import Model, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from komek.core.permissions import requires, user_can
from komek.core.roles import Capability
from komek.navigator import editing
from komek.navigator.forms_editing import GroupForm, MemberForm
from komek.navigator.models import CountryGroup, GroupMember
from komek.navigator.views.rules import edit_page


@requires(Capability.NAVIGATOR_USE)
def group_list(request: HttpRequest) -> HttpResponse:
    groups = CountryGroup.objects.prefetch_related(
        Prefetch("members", GroupMember.objects.order_by("country", "valid_from"))
    )
    context = {"groups": groups, "can_edit": user_can(request.user, Capability.NAVIGATOR_EDIT)}
    return render(request, "navigator/rules/groups.html", context)


@requires(Capability.NAVIGATOR_EDIT)
def group_new(request: HttpRequest) -> HttpResponse:
    return edit_page(
        request,
        form=GroupForm(request.POST or None),
        save=editing.group_create,
        title=_("New country group"),
        back=reverse("navigator:groups"),
    )


@requires(Capability.NAVIGATOR_EDIT)
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(CountryGroup, pk=pk)

    def save(**fields) -> Model:
        return editing.group_update(group=group, **fields)

    return edit_page(
        request,
        form=GroupForm(request.POST or None, instance=group),
        save=save,
        title=str(group),
        back=reverse("navigator:groups"),
        history_of=group,
    )


@requires(Capability.NAVIGATOR_EDIT)
def member_new(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(CountryGroup, pk=pk)

    def save(**fields) -> Model:
        return editing.member_add(group=group, **fields)

    return edit_page(
        request,
        form=MemberForm(request.POST or None),
        save=save,
        title=_("New member of “%(group)s”") % {"group": group},
        back=reverse("navigator:groups"),
    )


@requires(Capability.NAVIGATOR_EDIT)
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(GroupMember.objects.select_related("group"), pk=pk)

    def save(**fields) -> Model:
        return editing.member_update(member=member, **fields)

    return edit_page(
        request,
        form=MemberForm(request.POST or None, instance=member),
        save=save,
        title=_("Membership: %(member)s") % {"member": member},
        back=reverse("navigator:groups"),
        history_of=member,
    )
