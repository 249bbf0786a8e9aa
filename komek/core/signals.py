"""Signals that let an app reach another of its own layer, which it may not import.

``notification_requested``: an app asks for staff to be notified. Keyword arguments:
``users`` (the recipients), ``key`` (sending twice with one key notifies once),
``message`` (lazy text with ``%(name)s`` placeholders, translated into each recipient's
language), ``params`` and ``url``. The notifications app sends them when installed.

``archive_used``: the ``backup`` or ``restore`` command wrote or restored an archive.
Keyword arguments: ``action`` (``"backup"`` or ``"restore"``), ``path`` and ``manifest``.
The audit app records it; the commands refuse to run when nothing receives it.
"""

from django.dispatch import Signal

notification_requested = Signal()
archive_used = Signal()
