"""What higher apps put on a lower app's page: ``{% panels %}`` and ``{% actions %}``.

A template names only its own page ("cases:detail") and object; the apps that registered
a panel or an action for that page fill it in (see ``komek.core.panels`` and
``komek.core.actions``).
"""

from django import template

from komek.core import actions as registered_actions
from komek.core import panels as registered_panels

register = template.Library()


@register.inclusion_tag("core/includes/panels.html", takes_context=True)
def panels(context: template.Context, page: str, obj: object) -> dict:
    return {"panels": registered_panels.rendered(context["request"], page, obj)}


@register.inclusion_tag("core/includes/actions.html", takes_context=True)
def actions(context: template.Context, page: str, obj: object, css: str = "btn-primary") -> dict:
    """``css`` is the button's Bootstrap variant, so that the actions match their page."""
    return {"actions": registered_actions.shown(context["request"], page, obj), "css": css}
