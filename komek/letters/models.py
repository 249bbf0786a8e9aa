from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class LetterLanguage(models.TextChoices):
    RU = "ru", _("Russian")
    KK = "kk", _("Kazakh")


class Letterhead(models.Model):
    """What heads every letter an office sends: the centre's name, address, contacts and
    who signs, in the letter's language."""

    office = models.OneToOneField(
        "accounts.Office", verbose_name=_("office"), on_delete=models.CASCADE
    )
    organisation_ru = models.CharField(_("organisation, in Russian"), max_length=300)
    organisation_kk = models.CharField(_("organisation, in Kazakh"), max_length=300)
    address = models.CharField(_("address, in Russian"), max_length=300)
    address_kk = models.CharField(
        _("address, in Kazakh"),
        max_length=300,
        blank=True,
        help_text=_("Printed on Kazakh letters; left empty, the Russian one is."),
    )
    contacts = models.CharField(_("phones, email, website"), max_length=300)
    signatory = models.CharField(_("signed by"), max_length=200)
    signatory_title_ru = models.CharField(_("signatory's position, in Russian"), max_length=200)
    signatory_title_kk = models.CharField(_("signatory's position, in Kazakh"), max_length=200)
    number_prefix = models.CharField(
        _("prefix of outgoing numbers"), max_length=20, help_text=_("For example AST or ALA.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterheads")

    def __str__(self) -> str:
        return str(self.office)

    def organisation(self, language: str) -> str:
        return self.organisation_kk if language == LetterLanguage.KK else self.organisation_ru

    def address_in(self, language: str) -> str:
        return (self.address_kk if language == LetterLanguage.KK else "") or self.address

    def signatory_title(self, language: str) -> str:
        return self.signatory_title_kk if language == LetterLanguage.KK else self.signatory_title_ru


class LetterTemplate(models.Model):
    """An editable letter with placeholders such as ``{{ person.full_name }}``."""

    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(_("language"), max_length=2, choices=LetterLanguage.choices)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        ordering = ["name", "language"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_language_display()})"


class Letter(models.Model):
    """A letter generated for a case, kept as sent: its text, a PDF and a DOCX."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="letters")
    referral = models.ForeignKey(
        "cases.Referral",
        verbose_name=_("referral"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
    )
    template = models.ForeignKey(
        LetterTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    number = models.CharField(_("outgoing number"), max_length=40, unique=True)
    language = models.CharField(_("language"), max_length=2, choices=LetterLanguage.choices)
    addressee = models.CharField(_("addressee"), max_length=300)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    pdf = models.FileField(upload_to="letters/%Y/%m/")
    docx = models.FileField(upload_to="letters/%Y/%m/")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"№ {self.number}"


class LetterNumber(models.Model):
    """The last outgoing number issued under a prefix in a year: the row a new letter
    locks to take the next one, so letters written at the same moment never share one."""

    prefix = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="letter_number_prefix_year")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}/{self.last}"
