"""The portal's reads: the booklets as published, in a language or in the languages they
exist in, their PDFs, and the offices. Nothing here reads a person, a case or a member of
staff: only what the centre publishes."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.dates import WEEKDAYS
from django.utils.translation import get_language

from komek.accounts.models import Office
from komek.core.jobs import JobStatus
from komek.portal.languages import by_tag
from komek.portal.maps import Place
from komek.publications.models import Edition, EditionFile, EditionStatus, FileKind, Material
from komek.publications.translit import latin_to_cyrillic


@dataclass
class Booklet:
    """A material as the portal shows it: its current edition in the page's language, if
    there is one, and every current edition by language."""

    material: Material
    edition: Edition | None
    editions: dict[str, Edition] = field(default_factory=dict)

    @property
    def any_edition(self) -> Edition:
        """The edition to name the booklet by where it is missing in the language."""
        return self.edition or next(iter(self.editions.values()))


def _published() -> QuerySet[Edition]:
    return (
        Edition.objects.filter(status=EditionStatus.PUBLISHED)
        .select_related("material")
        .order_by("material__slug", "language")
    )


def _booklets(editions: Iterable[Edition], language: str) -> list[Booklet]:
    booklets: dict[int, Booklet] = {}
    for edition in editions:
        booklet = booklets.setdefault(
            edition.material_id, Booklet(material=edition.material, edition=None)
        )
        booklet.editions[edition.language] = edition
        if edition.language == language:
            booklet.edition = edition
    return sorted(
        booklets.values(),
        key=lambda booklet: (booklet.edition is None, booklet.any_edition.title.casefold()),
    )


def booklet_list(*, language: str, topics: Iterable[str] | None = None) -> list[Booklet]:
    """Every published booklet (of ``topics``, when given), those in ``language`` first."""
    editions = _published()
    if topics is not None:
        editions = editions.filter(material__topic__in=list(topics))
    return _booklets(editions, language)


def booklet_get(*, slug: str, language: str) -> Booklet:
    """The booklet ``slug``, with its edition in ``language`` if there is one; 404 when
    no edition of it is published in any language."""
    booklets = _booklets(_published().filter(material__slug=slug), language)
    if not booklets:
        raise Http404
    return booklets[0]


def booklet_file(edition: Edition) -> EditionFile | None:
    """The latest A5 booklet PDF written of ``edition``, if one is ready."""
    return (
        EditionFile.objects.filter(edition=edition, kind=FileKind.BOOKLET, status=JobStatus.DONE)
        .exclude(file="")
        .order_by("-finished_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class PublicOffice:
    """An active office as the portal shows it: its hours grouped, in the page's language
    (``[("Monday–Friday", "09:00–18:00")]``), and its place when it has coordinates."""

    office: Office
    hours: list[tuple[str, str]]
    place: Place | None


def weekday(day: int) -> str:
    """The weekday's name in the page's language, as Django's catalogs give it. They have
    no Uzbek Cyrillic: its names are the Latin ones transliterated."""
    name = str(WEEKDAYS[day])
    return latin_to_cyrillic(name) if get_language() == "uz-cyrl" else name


def _hours(office: Office) -> list[tuple[str, str]]:
    return [
        (
            weekday(opening.first)
            if opening.first == opening.last
            else f"{weekday(opening.first)}–{weekday(opening.last)}",
            opening.times,
        )
        for opening in office.openings
    ]


def _place(office: Office) -> Place | None:
    if office.latitude is None or office.longitude is None:
        return None
    address = ", ".join(filter(None, [office.address, office.city_label]))
    return Place(latitude=office.latitude, longitude=office.longitude, address=address)


def office_list() -> list[PublicOffice]:
    offices = Office.objects.filter(is_active=True).order_by("city", "name")
    return [
        PublicOffice(office=office, hours=_hours(office), place=_place(office))
        for office in offices
    ]


def booklet_path(edition: Edition) -> str:
    """Where migrants read a booklet in the edition's language: its latest edition, as an
    older printed copy's QR code should lead to what the law is now."""
    language = by_tag(edition.language)
    if language is None:
        raise ValueError(f"The portal has no language for {edition.language!r}.")
    return reverse("portal:booklet", args=[language.code, edition.material.slug])
