"""Signals that let an app reach another of its own layer, which it may not import.

``notification_requested``: an app asks for staff to be notified. Keyword arguments:
``users`` (the recipients), ``key`` (sending twice with one key notifies once),
``message`` (lazy text with ``%(name)s`` placeholders, translated into each recipient's
language), ``params`` and ``url``. The notifications app sends them when installed.
"""

from django.dispatch import Signal

notification_requested = Signal()
