"""The user a management command acts as (``--by USERNAME``), found or refused with the
argument named."""

from django.core.management.base import CommandError

from komek.accounts.models import User
from komek.core.permissions import role_can


def user(username: str, capability: str) -> User:
    """The active user, whose role allows what the command does."""
    found = User.objects.filter(username=username, is_active=True).first()
    if found is None:
        raise CommandError(f"--by: no active user {username!r}.")
    if not role_can(found, capability):
        raise CommandError(f"--by: {username} may not do this ({capability}).")
    return found
