from django.db.models import Q, QuerySet

from komek.accounts.models import Office, User


def user_list(*, q: str = "", role: str = "", office: Office | None = None) -> QuerySet[User]:
    users = User.objects.select_related("office").order_by("username")
    if q:
        users = users.filter(
            Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
        )
    if role:
        users = users.filter(role=role)
    if office is not None:
        users = users.filter(office=office)
    return users


def office_list() -> QuerySet[Office]:
    return Office.objects.order_by("name")
