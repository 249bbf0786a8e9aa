"""HTML → PDF for every printed document (letters, reports, certificates, receipts,
booklets): WeasyPrint with the fonts shipped in ``fonts/``, so that every Cyrillic letter
of Russian, Kazakh, Uzbek, Tajik and Kyrgyz prints whatever the machine has installed.
A document's template extends ``core/print_base.html``, which holds the print CSS."""

from pathlib import Path

from django.template.loader import render_to_string

FONTS = Path(__file__).resolve().parent / "fonts"
FONT_REGULAR = (FONTS / "DejaVuSans.ttf").as_uri()
FONT_BOLD = (FONTS / "DejaVuSans-Bold.ttf").as_uri()
FONTS_CONTEXT = {"font_regular": FONT_REGULAR, "font_bold": FONT_BOLD}


def html_to_pdf(html: str) -> bytes:
    """A PDF of a page that may load the bundled fonts (``font_regular``, ``font_bold``
    in its context) and nothing else: no network, no other file. A font that fails to
    load stops the PDF rather than printing empty boxes."""
    # Imported here: WeasyPrint loads Pango when imported, which only PDFs need.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class BundledFontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url not in (FONT_REGULAR, FONT_BOLD):
                raise ValueError(f"refused to load {url}")
            return super().fetch(url, headers)

    fetcher = BundledFontsOnly(allowed_protocols={"file"}, fail_on_errors=True)
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def render_pdf(template_name: str, context: dict) -> bytes:
    """A PDF of a template that extends ``core/print_base.html``."""
    return html_to_pdf(render_to_string(template_name, {**context, **FONTS_CONTEXT}))
