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


def partner_get(*, pk: int) -> Partner:
    partner = Partner.objects.select_related("office").filter(pk=pk).first()
    if partner is None:
        raise Http404
    return partner


def partner_get_for_edit(*, user, pk: int) -> Partner:
    """The partner if the user's office maintains it (or the user spans offices); else 404."""
    partner = partner_get(pk=pk)
    if not can_reach(user, partner.office_id):
        raise Http404
    return partner
