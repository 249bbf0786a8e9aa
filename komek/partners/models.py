from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from komek.accounts.scoping import OfficeOwned
from komek.core.countries import country_name
from komek.core.languages import language_names
from komek.core.names import in_reader_language


class PartnerKind(models.TextChoices):
    EMBASSY = "embassy", _("embassy")
    CONSULATE = "consulate", _("consulate")
    STATE_BODY = "state_body", _("state body")
    COURT = "court", _("court")
    NGO = "ngo", _("NGO")
    INTERNATIONAL = "international", _("international organisation")
    EMPLOYER = "employer", _("employer")
    OTHER = "other", _("other")


# Kinds that act for a country: the country they represent is required.
REPRESENTS_A_COUNTRY = frozenset({PartnerKind.EMBASSY, PartnerKind.CONSULATE})


class Partner(OfficeOwned):
    """An organisation the centre works with. ``office`` is the office that maintains it."""

    name = models.CharField(_("name"), max_length=200)
    name_kk = models.CharField(_("name in Kazakh"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    country = models.CharField(
        _("country represented"),
        max_length=2,
        blank=True,
        help_text=_("For embassies and consulates: the country they represent."),
    )
    city = models.CharField(_("city"), max_length=100)
    address = models.CharField(_("address"), max_length=300, blank=True)
    address_checked = models.BooleanField(
        _("address checked"),
        default=False,
        help_text=_("Tick once someone has confirmed the address and contacts."),
    )
    phones = models.JSONField(_("phones"), default=list, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    working_languages = models.JSONField(_("working languages"), default=list, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Case-folded name, short name, city and contact person: SQLite's LIKE folds only
    # ASCII, so Cyrillic search needs its own folded column.
    search_text = models.CharField(max_length=700, editable=False, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "search_text"])
    history_display = {"country": country_name, "working_languages": language_names}

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["kind", "country"]),
            models.Index(fields=["city"]),
            models.Index(fields=["is_active", "name"]),
        ]

    def __str__(self) -> str:
        return in_reader_language(self, "name")

    def save(self, *args, **kwargs) -> None:
        parts = (
            self.name,
            self.name_kk,
            self.name_en,
            self.short_name,
            self.city,
            self.contact_person,
        )
        self.search_text = " ".join(part for part in parts if part).casefold()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.kind in REPRESENTS_A_COUNTRY and not self.country:
            raise ValidationError(
                {"country": _("Choose the country this embassy or consulate represents.")}
            )
