from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEW = "view", _("viewed")
    CREATE = "create", _("created")
    CHANGE = "change", _("changed")
    DELETE = "delete", _("deleted")
    EXPORT = "export", _("exported")
    LOGIN = "login", _("signed in")
    LOGIN_FAILED = "login_failed", _("failed to sign in")
    LOCKED_OUT = "locked_out", _("locked out")
    LOGOUT = "logout", _("signed out")
    SECOND_FACTOR_RESET = "2fa_reset", _("two-factor reset")
    SECOND_FACTOR_ENROLLED = "2fa_enrolled", _("two-factor enrolled")
    REFUSED = "refused", _("refused")


class AuditEntry(models.Model):
    """One thing someone did to a record. Written once, never edited, never deleted.

    Entries form a chain (``komek/audit/chain.py``): each keeps the hash of the one before
    it and its own hash over its content and that one, so that removing or changing an
    entry breaks the chain where it happened (``komek audit_verify``)."""

    # Set before the entry is hashed, not by the database: the hash covers it.
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    # The ids of the people an export of personal data included, as ",12,40,": the DPO
    # finds every export that carried a person out (``komek/audit/trail.py``).
    people = models.TextField(_("people included"), blank=True, default="", db_default="")
    prev_hash = models.CharField(_("hash of the previous entry"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor", "at"]),
            models.Index(fields=["action", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionDenied("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Audit entries cannot be deleted.")


class AuditPrune(models.Model):
    """Entries past their retention period removed from the start of the chain: the last
    removed entry's id and hash, where the first entry left links to. Written once, never
    edited, never deleted; prunes form a chain of their own (``komek/audit/prune.py``)."""

    at = models.DateTimeField(_("when"), default=timezone.now)
    through_id = models.BigIntegerField(_("removed up to entry"), unique=True)
    through_hash = models.CharField(_("hash of the last removed entry"), max_length=64)
    count = models.PositiveIntegerField(_("entries removed"))
    command = models.CharField(_("command"), max_length=100)
    database_role = models.CharField(_("database role"), max_length=150, blank=True)
    prev_hash = models.CharField(_("hash of the previous prune"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        verbose_name = _("audit log prune")
        verbose_name_plural = _("audit log prunes")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.count} entries up to #{self.through_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionDenied("Audit log prunes cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Audit log prunes cannot be deleted.")
