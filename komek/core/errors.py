"""The page for an unexpected error, and the two that are no bug in Komek: its database
out of reach (stopped, restarting, locked too long) and a full disk. Each gets a page
saying what happened and what to do, never a traceback, and Komek recovers by itself
when the database is back: nothing needs restarting."""

import errno
import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


def _database_unreachable(error: BaseException | None) -> bool:
    """Django's own error for a lost database, or the driver's where Django did not wrap
    it (a server-side cursor closed while a template iterates it), or an error raised
    while handling one of those."""
    driver = connection.Database
    kinds = (OperationalError, InterfaceError, driver.OperationalError, driver.InterfaceError)
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, kinds):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    """Komek's ``handler500``: called while the error is being handled."""
    error = sys.exc_info()[1]
    if _database_unreachable(error):
        response = trouble_page(
            title=_("Komek is unavailable for a moment"),
            text=_(
                "Komek cannot reach its database right now. What you were doing was not "
                "saved. Please try again in a minute; if this page keeps coming back, "
                "tell your administrator."
            ),
            status=503,
        )
        response["Retry-After"] = "60"
        return response
    if isinstance(error, OSError) and error.errno in DISK_FULL:
        return trouble_page(
            title=_("No room left for files"),
            text=_(
                "The server has no room left to store files, so your file was not saved and "
                "nothing else was changed. Please tell your administrator."
            ),
            status=507,
        )
    return defaults.server_error(request)


def trouble_page(*, title: str, text: str, status: int) -> HttpResponse:
    # Without the request: its context processors read the user, from the database.
    html = render_to_string("core/trouble.html", {"title": title, "text": text})
    response = HttpResponse(html, status=status)
    response["Cache-Control"] = "no-store"
    return response
