"""Printed documents: a page extending the print base becomes a PDF whose text reads back,
in every Cyrillic script the centre writes in, and loads nothing but the bundled fonts."""

from pathlib import Path

import pytest
from django.template import engines

from komek.conftest import pdf_text
from komek.core import pdf

KAZAKH_AND_TAJIK = "әғқңөұүһіҷӣӯ ӘҒҚҢӨҰҮҺІҶӢӮ"


def a_document(body: str) -> str:
    source = (
        '{% extends "core/print_base.html" %}{% block title %}Справка{% endblock %}'
        "{% block content %}" + body + "{% endblock %}"
    )
    return engines["django"].from_string(source).render(pdf.FONTS_CONTEXT)


def test_kazakh_and_tajik_letters_print_and_read_back(needs_pdf_tools, tmp_path: Path):
    document = tmp_path / "document.pdf"
    document.write_bytes(
        pdf.html_to_pdf(
            a_document(
                f"<h1>Сертификат</h1><p>{KAZAKH_AND_TAJIK}</p>"
                "<table><tr><th>Аты</th><td>Әсел Құрманғалиқызы</td></tr></table>"
            )
        )
    )
    text = pdf_text(document)
    assert KAZAKH_AND_TAJIK in text
    assert "Әсел Құрманғалиқызы" in text
    assert "1/1" in text  # the page counter of the print base


def test_a_document_may_not_load_anything_but_the_bundled_fonts(needs_pdf_tools, tmp_path):
    # WeasyPrint wraps the refusal in its own fatal error (a BaseException), which names
    # the address.
    with pytest.raises(BaseException, match="etc/hostname"):
        pdf.html_to_pdf(a_document('<img src="file:///etc/hostname">'))
