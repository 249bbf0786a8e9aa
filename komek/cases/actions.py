"""What cases offer on lower pages: "Open a case" from a hotline contact."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

from komek.hotline.models import Contact, Outcome


def open_case_from_contact(request: HttpRequest, contact: Contact) -> str | None:
    """The case form filled from the contact; a contact with no person has nobody to open
    a case for until it is linked to one."""
    if contact.person_id is None:
        return None
    opening = reverse("cases:open", args=[contact.person_id])
    return f"{opening}?{urlencode({'contact': contact.pk})}"


def open_case_after_referral_to_lawyer(request: HttpRequest, contact: Contact) -> str | None:
    """One click from "referred to a lawyer" to the case, offered as the contact is logged."""
    if contact.outcome != Outcome.REFERRED_LAWYER:
        return None
    return open_case_from_contact(request, contact)
