from typing import Literal

from django.db.models import QuerySet
from django.http import Http404

from komek.accounts.scoping import can_reach
from komek.partners.models import Partner


def partner_list(
    *, q: str = "", kind: str = "", country: str = "", city: str = "", active: str = ""
) -> QuerySet[Partner]:
    partners = Partner.objects.all()
    if q:
        partners = partners.filter(search_text__contains=q.casefold())
    if kind:
        partners = partners.filter(kind=kind)
    if country:
        partners = partners.filter(country=country)
    if city:
        partners = partners.filter(search_text__contains=city.casefold())
    if active in ("1", "0"):
        partners = partners.filter(is_active=active == "1")
    return partners.order_by("name")


def partner_get_for(*, user, pk: int, purpose: Literal["view", "change"] = "view") -> Partner:
    """The partner; 404 if there is none, or if ``purpose`` is "change" and neither the
    user's office maintains it nor the user spans offices. The directory is shared by
    every office: everyone may look a partner up."""
    partner = Partner.objects.select_related("office").filter(pk=pk).first()
    if partner is None or (purpose == "change" and not can_reach(user, partner.office_id)):
        raise Http404
    return partner
