"""How long the audit log is kept, and the audit of retention itself."""

from django.utils.translation import gettext_lazy as _

from komek.audit import prune
from komek.audit.models import Action, AuditEntry
from komek.audit.services import record
from komek.core import personal_data, retention, signals
from komek.core.models import RetentionPeriod

TEN_YEARS = 10 * 365 + 2


def record_retention_run(sender, *, category, days, cutoff, counts, **kwargs) -> None:
    done = ", ".join(f"{what}: {rows}" for what, rows in sorted(counts.items()))
    record(
        actor=None,
        username="apply_retention",
        action=Action.DELETE if category.action == personal_data.DELETE else Action.CHANGE,
        detail=(
            f"retention {category.code} ({days} days, before {cutoff:%Y-%m-%d}): "
            f"{category.action} {done}"
        ),
    )


def record_period_change(sender, *, category, before, after, actor, **kwargs) -> None:
    period = RetentionPeriod.objects.get(category=category.code)
    record(
        actor=actor,
        username="retention",
        action=Action.CHANGE,
        obj=period,
        changes={"days": [before, after]},
    )


def record_archive(sender, *, action: str, path, manifest: dict, **kwargs) -> None:
    """A backup (every person's data carried out) or a restore (all of it replaced)."""
    rows = sum(table["rows"] for table in manifest["tables"].values())
    record(
        actor=None,
        username=f"komek {action}",
        action=Action.EXPORT if action == "backup" else Action.CHANGE,
        detail=(
            f"{action} {path} (made {manifest['created_at']}): {len(manifest['tables'])} "
            f"tables, {rows} rows, {len(manifest['files'])} files"
        )[:500],
    )


def declare_personal_data() -> None:
    # The log outlives the records it speaks of. Only the start of its chain is removed,
    # all at once behind one prune record, as the tables' owner (``prune``).
    personal_data.register_category(
        "audit.entries",
        label=_("Audit log entries"),
        default_days=TEN_YEARS,
        moment="at",
        untreated=AuditEntry.objects.all,
        treat=lambda entries: prune.prune(entries, command="apply_retention"),
        action=personal_data.DELETE,
        at_once=True,
        runs_within=prune.as_table_owner,
    )
    personal_data.hold("audit.entries", prune.prefix)
    retention.applied.connect(record_retention_run, dispatch_uid="audit.retention_applied")
    retention.period_changed.connect(record_period_change, dispatch_uid="audit.retention_period")
    signals.archive_used.connect(record_archive, dispatch_uid="audit.archive_used")
