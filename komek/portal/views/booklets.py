"""The booklets as published: every current edition in the page's language as HTML (its
frozen text, through the publications' markup) and as its PDF; a booklet missing in the
language names the languages it exists in."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.cache import quote_etag
from django.utils.html import format_html
from django.utils.http import http_date

from komek.portal import selectors
from komek.portal.languages import PortalLanguage, by_tag
from komek.portal.page import portal_file, portal_page, render_page
from komek.publications import markup
from komek.publications.models import Edition, SegmentKind


def _block(item: dict) -> dict:
    """A segment of the frozen text as HTML; a heading is an ``h2`` named by its key, so
    that a situation can lead to its section."""
    if item["kind"] == SegmentKind.HEADING:
        html = format_html('<h2 id="{}">{}</h2>', item["key"], markup.plain(item["text"]))
    else:
        html = markup.render(item["text"])
    return {"kind": item["kind"], "key": item["key"], "html": html}


def _elsewhere(booklet: selectors.Booklet) -> list[dict]:
    """The booklet's editions in the other languages, each with its portal language."""
    return [
        {"language": by_tag(tag), "edition": edition}
        for tag, edition in booklet.editions.items()
        if edition != booklet.edition
    ]


@portal_page
def booklet_list(request: HttpRequest, language: PortalLanguage) -> HttpResponse:
    booklets = selectors.booklet_list(language=language.tag)
    context = {
        "booklets": [booklet for booklet in booklets if booklet.edition is not None],
        "missing": [
            {"booklet": booklet, "elsewhere": _elsewhere(booklet)}
            for booklet in booklets
            if booklet.edition is None
        ],
    }
    return render_page(request, "portal/booklets.html", context, language=language)


@portal_page
def booklet(request: HttpRequest, language: PortalLanguage, slug: str) -> HttpResponse:
    found = selectors.booklet_get(slug=slug, language=language.tag)
    context = {"booklet": found, "elsewhere": _elsewhere(found)}
    if found.edition is None:
        return render_page(
            request, "portal/booklet_missing.html", context, language=language, status=404
        )
    edition: Edition = found.edition
    context |= {
        "edition": edition,
        "blocks": [_block(item) for item in edition.body],
        "pdf": selectors.booklet_file(edition),
    }
    response = render_page(request, "portal/booklet.html", context, language=language)
    response["Last-Modified"] = http_date(edition.published_at.timestamp())
    return response


@portal_file
def booklet_pdf(request: HttpRequest, language: PortalLanguage, slug: str) -> FileResponse:
    """The A5 booklet PDF the publications wrote of the current edition, opened in place."""
    edition = selectors.booklet_get(slug=slug, language=language.tag).edition
    if edition is None or (written := selectors.booklet_file(edition)) is None:
        raise Http404
    name = f"{slug}-{language.code}-{edition.number}.pdf"
    response = FileResponse(written.file.open("rb"), filename=name, content_type="application/pdf")
    # A new edition, or the same one written again, is a new file: so is its ETag.
    response["ETag"] = quote_etag(f"{edition.pk}-{written.pk}")
    response["Last-Modified"] = http_date((written.finished_at or edition.published_at).timestamp())
    return response
