"""The audit log as a hash chain.

Each entry keeps the hash of the entry before it (``prev_hash``, empty for the first)
and its own hash over its content and ``prev_hash``. Changing an entry makes its content
disagree with its hash; removing one makes the next entry's ``prev_hash`` point at
nothing. Someone who rewrites the whole chain after an entry goes undetected by the
chain alone: ``komek audit_verify`` prints the last hash so that it can be kept
elsewhere and compared later.

Entries are appended one at a time: on PostgreSQL a transaction-level advisory lock
makes each writer wait for the previous one to commit before reading the chain's head
(at READ COMMITTED, Django's default, the next statement sees that commit); SQLite has
one writer at a time and Komek begins its transactions IMMEDIATE.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import connection

from komek.audit.models import AuditEntry

# pg_advisory_xact_lock's key for "the audit chain": any constant the rest of Komek does
# not use ("komek" in ASCII).
CHAIN_LOCK = 0x6B6F6D656B


def _canonical(value: Any) -> Any:
    # PostgreSQL's jsonb may give an integral float back as an integer (1e20 as
    # 100000000000000000000): both are hashed as the integer.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(key): _canonical(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    return value


def content(entry) -> str:
    """What the hash covers, as the database gives it back: everything but the id (not
    known before the insert) and the entry's own hash."""
    return json.dumps(
        [
            entry.prev_hash,
            entry.at.astimezone(UTC).isoformat(),
            entry.actor_id,
            entry.actor_username,
            entry.ip,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.object_repr,
            _canonical(entry.changes),
            entry.detail,
        ],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )


def entry_hash(entry) -> str:
    return hashlib.sha256(content(entry).encode()).hexdigest()


def append(entry) -> None:
    """Link ``entry`` to the chain's head and save it. Call inside a transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
    head = AuditEntry.objects.order_by("-pk").values_list("hash", flat=True).first()
    entry.prev_hash = head or ""
    entry.hash = entry_hash(entry)
    entry.save()


@dataclass(frozen=True)
class Break:
    """The first place where the chain does not hold."""

    entry_id: int
    previous_id: int | None
    changed: bool

    def __str__(self) -> str:
        if self.changed:
            return f"entry #{self.entry_id} was changed: its content does not match its hash"
        if self.previous_id is None:
            return f"entries before #{self.entry_id}, the first one left, were removed"
        if self.entry_id - self.previous_id > 1:
            missing = (
                f"#{self.previous_id + 1}"
                if self.entry_id - self.previous_id == 2
                else f"#{self.previous_id + 1} to #{self.entry_id - 1}"
            )
            return (
                f"entries between #{self.previous_id} and #{self.entry_id} ({missing}) were removed"
            )
        return (
            f"entry #{self.entry_id} does not follow #{self.previous_id}: #{self.previous_id} "
            "was changed and its hash recomputed, or the link between them was"
        )


@dataclass(frozen=True)
class Verified:
    count: int
    last_hash: str
    broken: Break | None


def verify(entries: Iterator) -> Verified:
    """Walk ``entries`` (in id order) and stop at the first break."""
    count, previous_id, previous_hash = 0, None, ""
    for entry in entries:
        if entry.hash != entry_hash(entry):
            return Verified(count, previous_hash, Break(entry.pk, previous_id, changed=True))
        if entry.prev_hash != previous_hash:
            return Verified(count, previous_hash, Break(entry.pk, previous_id, changed=False))
        count, previous_id, previous_hash = count + 1, entry.pk, entry.hash
    return Verified(count, previous_hash, None)
