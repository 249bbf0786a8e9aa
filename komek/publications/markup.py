"""The small markup booklets are written in: a CommonMark subset (headings, paragraphs,
emphasis, lists, tables, links) rendered by markdown-it-py with raw HTML off, and the
result cleaned again by nh3 with an allow-list, so that no text typed or imported can
put a script or a style in a page or a PDF."""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "th": {"style"}, "td": {"style"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Left out of the subset: what a booklet does not need and a PDF could not show well.
DISABLED = ["image", "code", "fence", "blockquote", "hr", "html_block", "html_inline"]

_parser = (
    MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table").disable(DISABLED)
)


def render(text: str) -> SafeString:
    """``text`` as safe HTML."""
    html = _parser.render(text or "")
    # Safe: cleaned by nh3 with the allow-list above.
    return mark_safe(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            filter_style_properties={"text-align"},
            link_rel="noopener noreferrer",
        )
    )


def plain(text: str) -> str:
    """``text`` without its markup: one line per paragraph, heading, list item or table
    row (cells separated by " | "), for a search index, a title or a text comparison."""
    lines: list[str] = []
    row: list[str] | None = None
    for token in _parser.parse(text or ""):
        if token.type == "inline":
            words = "".join(
                child.content if child.type in ("text", "code_inline") else "\n"
                for child in token.children or []
                if child.type in ("text", "code_inline", "softbreak", "hardbreak")
            )
            (lines if row is None else row).append(words)
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            lines.append(" | ".join(row))
            row = None
    return "\n".join(line.strip() for line in lines if line.strip())
