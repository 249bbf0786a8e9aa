"""The certificates section of an event's page, which the page's view does not prepare:
``{% event_certificates event %}``. The page's view has checked that its reader may see
the event, and audited the reading of its participants."""

from django import template

from komek.core.permissions import user_can
from komek.core.roles import Capability
from komek.trainings.certificates import certificates_section

register = template.Library()


@register.inclusion_tag("trainings/certificates/_section.html", takes_context=True)
def event_certificates(context: template.Context, event) -> dict:
    user = context["request"].user
    return {
        "section": certificates_section(event=event, user=user),
        "can_manage": user_can(user, Capability.TRAININGS_MANAGE),
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
    }
