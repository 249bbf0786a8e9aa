"""Writing the audit log. Every service that shows, changes or exports personal data
calls ``record`` inside its own transaction, so the entry and the change commit together.
An export of personal data names the people it included (``people``), so that the DPO
finds it among what was done with a person's data.

An entry keeps which fields changed and, except for the fields a personal-data
declaration marks sensitive, their old and new values (``None`` in place of the pair:
the value was not kept)."""

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from komek.audit import chain
from komek.audit.context import request_ip
from komek.audit.models import Action, AuditEntry
from komek.core import personal_data

ModelT = TypeVar("ModelT", bound=models.Model)


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields whose values differ, as ``{field: [old, new]}``."""
    return {
        field: [_plain(before.get(field)), _plain(after.get(field))]
        for field in sorted(set(before) | set(after))
        if _plain(before.get(field)) != _plain(after.get(field))
    }


def sensitive_fields(object_type: str) -> frozenset[str]:
    """The fields of ``object_type`` whose values the audit log never keeps."""
    holding = personal_data.holding_of(object_type)
    return holding.sensitive if holding else frozenset()


def _kept(changes: dict[str, list[Any]], object_type: str) -> dict[str, list[Any] | None]:
    hidden = sensitive_fields(object_type)
    return {field: None if field in hidden else values for field, values in changes.items()}


def _address(ip: str | None) -> str | None:
    """The address as the database gives it back (PostgreSQL's inet normalises IPv6), for
    the hash; a malformed one is not kept rather than failing the write."""
    try:
        return models.GenericIPAddressField().to_python(ip) or None
    except ValidationError:
        return None


def people_text(people: Iterable[int]) -> str:
    """Person ids as kept: ",12,40," (each id found by ",12," whatever its place)."""
    ids = sorted({int(pk) for pk in people})
    return f",{','.join(map(str, ids))}," if ids else ""


@transaction.atomic(savepoint=False)
def record(
    *,
    actor,
    action: Action | str,
    obj: models.Model | None = None,
    changes: dict[str, list[Any]] | None = None,
    detail: str = "",
    username: str = "",
    people: Iterable[int] = (),
) -> AuditEntry:
    known_actor = actor if actor is not None and actor.is_authenticated else None
    object_type = obj._meta.label if obj is not None else ""
    entry = AuditEntry(
        actor=known_actor,
        actor_username=(known_actor.username if known_actor else username)[:150],
        ip=_address(request_ip.get()),
        action=action,
        object_type=object_type,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=_kept(changes or {}, object_type),
        detail=detail[:500],
        people=people_text(people),
    )
    chain.append(entry)
    return entry


def values_of(obj: models.Model, fields: Sequence[str]) -> dict[str, Any]:
    return {field: getattr(obj, field) for field in fields}


def create_audited(*, obj: ModelT, actor, fields: Sequence[str]) -> ModelT:
    """Validate and save a new row, with its history author and an audit entry of its values.

    Call inside the caller's transaction."""
    obj._history_user = actor  # type: ignore[attr-defined]  # simple_history's, undeclared
    obj.full_clean()
    obj.save()
    record(actor=actor, action=Action.CREATE, obj=obj, changes=diff({}, values_of(obj, fields)))
    return obj


def update_audited(*, obj: ModelT, actor, changes: dict[str, Any], fields: Sequence[str]) -> ModelT:
    """Apply ``changes`` to a locked row and audit the old and new values of ``fields``.

    Call inside the caller's transaction."""
    locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    before = values_of(locked, fields)
    for field, value in changes.items():
        setattr(obj, field, value)
    obj._history_user = actor  # type: ignore[attr-defined]  # simple_history's, undeclared
    obj.full_clean()
    obj.save()
    record(actor=actor, action=Action.CHANGE, obj=obj, changes=diff(before, values_of(obj, fields)))
    return obj


def record_job_download(*, sender, job: models.Model, user, detail: str, **kwargs) -> None:
    """A background job's file handed to its owner (``core.jobs.downloaded``): an export."""
    record(actor=user, action=Action.EXPORT, obj=job, detail=detail)
