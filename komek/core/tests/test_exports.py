import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from komek.core.exports import FORMULA_STARTS, csv_response, safe_cell, xlsx_response


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "\t=1"])
def test_a_cell_that_looks_like_a_formula_is_neutralised(text):
    assert safe_cell(text) == "'" + text


def test_numbers_and_ordinary_text_are_kept():
    assert safe_cell(-5) == -5
    assert safe_cell("Хусанов") == "Хусанов"


@given(st.text())
def test_no_text_cell_ever_starts_a_formula(text):
    assert not str(safe_cell(text)).startswith(FORMULA_STARTS)


def test_csv_is_streamed_with_a_bom_for_excel():
    response = csv_response("x.csv", ["a"], [["=1+1"], ["Ўктам"]])
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeffa")
    assert "'=1+1" in content and "Ўктам" in content


def test_xlsx_cells_are_neutralised(tmp_path):
    response = xlsx_response("x.xlsx", ["a"], [["=cmd|' /C calc'!A0"]])
    path = tmp_path / "x.xlsx"
    path.write_bytes(response.content)
    sheet = load_workbook(path).active
    assert sheet["A2"].value == "'=cmd|' /C calc'!A0"
