"""The audit log as a hash chain.

Each entry keeps the hash of the entry before it (``prev_hash``, empty for the first)
and its own hash over its content and ``prev_hash``. Changing an entry makes its content
disagree with its hash; removing one makes the next entry's ``prev_hash`` point at
nothing. Someone who rewrites the whole chain after an entry goes undetected by the
chain alone: ``komek audit_verify`` prints the last hash so that it can be kept
elsewhere and compared later.

Entries past their retention period are removed only from the start of the chain, and
only after a prune record (``AuditPrune``, ``komek/audit/prune.py``) keeps the last
removed entry's id and hash: the chain then starts from the latest prune, whose hash the
first entry left must link to. Prunes are chained among themselves the same way.

Entries are appended one at a time: on PostgreSQL a transaction-level advisory lock
makes each writer wait for the previous one to commit before reading the chain's head
(at READ COMMITTED, Django's default, the next statement sees that commit); SQLite has
one writer at a time and Komek begins its transactions IMMEDIATE.
"""

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC
from typing import Any

from django.db import connection

from komek.audit.models import AuditEntry, AuditPrune

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


def _dumps(values: list) -> str:
    return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content(entry) -> str:
    """What the hash covers, as the database gives it back: everything but the id (not
    known before the insert) and the entry's own hash. The people an export included
    are covered where there are any: the entries written before they were kept hash as
    they did."""
    values = [
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
    ]
    # A migration's historical entry (before the field) has no people.
    people = getattr(entry, "people", "")
    return _dumps([*values, people] if people else values)


def entry_hash(entry) -> str:
    return hashlib.sha256(content(entry).encode()).hexdigest()


def prune_hash(pruned) -> str:
    """A prune's hash over everything but its id and its own hash."""
    values = [
        pruned.prev_hash,
        pruned.at.astimezone(UTC).isoformat(),
        pruned.through_id,
        pruned.through_hash,
        pruned.count,
        pruned.command,
        pruned.database_role,
    ]
    return hashlib.sha256(_dumps(values).encode()).hexdigest()


LOCK = "SELECT pg_advisory_xact_lock(%s)"


def lock() -> None:
    """Wait for the other writers of the chain to commit (see above)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(LOCK, [CHAIN_LOCK])


# Every audited request reads the head and writes an entry: in SQL, as building them
# through the ORM costs more Python than the queries cost the database. The entry's values
# are prepared by its fields, as the ORM prepares them.
HEAD = "SELECT hash FROM {entry} ORDER BY id DESC LIMIT 1"


def _locked_head() -> str | None:
    """The chain's head once the lock is held. On PostgreSQL the lock and the read go in
    one round trip, as two statements: at READ COMMITTED each statement takes its own
    snapshot, so the read sees what the writer before committed (one statement doing
    both would read with a snapshot taken before the lock)."""
    head = HEAD.format(entry=connection.ops.quote_name(AuditEntry._meta.db_table))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"{LOCK}; {head}", [CHAIN_LOCK])
            cursor.nextset()
        else:
            cursor.execute(head)
        found = cursor.fetchone()
    return found[0] if found else None


INSERT = "INSERT INTO {entry} ({columns}) VALUES ({values}) RETURNING id"


def _insert(entry: AuditEntry) -> None:
    if entry.pk is not None:
        raise ValueError("An audit entry is written once: this one has an id already.")
    quote = connection.ops.quote_name
    fields = [field for field in AuditEntry._meta.concrete_fields if not field.primary_key]
    sql = INSERT.format(
        entry=quote(AuditEntry._meta.db_table),
        columns=", ".join(quote(field.column) for field in fields),
        values=", ".join(["%s"] * len(fields)),
    )
    values = [field.get_db_prep_save(field.pre_save(entry, True), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        entry.pk = cursor.fetchone()[0]
    entry._state.adding = False


def append(entry: AuditEntry) -> None:
    """Link ``entry`` to the chain's head and write it. Call inside a transaction."""
    head = _locked_head()
    if head is None:  # none yet, or all removed by a prune
        head = AuditPrune.objects.order_by("-pk").values_list("through_hash", flat=True).first()
    entry.prev_hash = head or ""
    entry.hash = entry_hash(entry)
    _insert(entry)


ENTRIES = ("entry", "entries")
PRUNES = ("prune record", "prune records")


@dataclass(frozen=True)
class Break:
    """The first place where the chain (of entries, or of prunes) does not hold.
    ``previous_id`` is the id of the item before, or for the first entry left after a
    prune, of the last entry that prune removed."""

    entry_id: int
    previous_id: int | None
    changed: bool
    nouns: tuple[str, str] = ENTRIES

    def __str__(self) -> str:
        one, several = self.nouns
        if self.changed:
            return f"{one} #{self.entry_id} was changed: its content does not match its hash"
        if self.previous_id is None:
            return f"{several} before #{self.entry_id}, the first one left, were removed"
        if self.entry_id <= self.previous_id:
            return (
                f"{one} #{self.entry_id} is still there though the last prune record says "
                f"the entries up to #{self.previous_id} were removed"
            )
        if self.entry_id - self.previous_id > 1:
            missing = (
                f"#{self.previous_id + 1}"
                if self.entry_id - self.previous_id == 2
                else f"#{self.previous_id + 1} to #{self.entry_id - 1}"
            )
            return (
                f"{several} between #{self.previous_id} and #{self.entry_id} ({missing}) "
                "were removed"
            )
        return (
            f"{one} #{self.entry_id} does not follow #{self.previous_id}: #{self.previous_id} "
            "was changed and its hash recomputed, or the link between them was"
        )


@dataclass(frozen=True)
class Verified:
    count: int
    last_hash: str
    broken: Break | None
    pruned_through: int | None = None


def _walk(items: Iterator, hash_of, start: tuple[int | None, str], nouns) -> Verified:
    count, (previous_id, previous_hash) = 0, start
    for item in items:
        if item.hash != hash_of(item):
            return Verified(count, previous_hash, Break(item.pk, previous_id, True, nouns))
        if item.prev_hash != previous_hash:
            return Verified(count, previous_hash, Break(item.pk, previous_id, False, nouns))
        count, previous_id, previous_hash = count + 1, item.pk, item.hash
    return Verified(count, previous_hash, None)


def verify(entries: Iterator, prunes: Sequence = ()) -> Verified:
    """Walk ``prunes`` (a handful: one per retention run), then ``entries`` from the last
    prune, both in id order, and stop at the first break."""
    walked = _walk(iter(prunes), prune_hash, (None, ""), PRUNES)
    if walked.broken is not None:
        return Verified(0, "", walked.broken)
    last = prunes[-1] if prunes else None
    start = (last.through_id, last.through_hash) if last is not None else (None, "")
    verified = _walk(entries, entry_hash, start, ENTRIES)
    return replace(verified, pruned_through=last.through_id if last is not None else None)
