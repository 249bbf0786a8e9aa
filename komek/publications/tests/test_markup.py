"""The booklets' markup: the subset renders, raw HTML and dangerous links never do."""

from hypothesis import given
from hypothesis import strategies as st

from komek.publications.markup import plain, render

BOOKLET = """## Регистрация

Встаньте на **временную регистрацию** в течение *трёх* рабочих дней.

1. паспорт
2. миграционная карточка

| Документ | Срок |
|---|---|
| Регистрация | 3 дня |

Горячая линия: [8 800 080 8000](tel:88000808000)"""


def test_the_subset_renders_headings_emphasis_lists_tables_and_links():
    html = render(BOOKLET)
    for part in (
        "<h2>Регистрация</h2>",
        "<strong>временную регистрацию</strong>",
        "<em>трёх</em>",
        "<ol>",
        "<li>паспорт</li>",
        "<td>Регистрация</td>",
        '<a href="tel:88000808000" rel="noopener noreferrer">8 800 080 8000</a>',
    ):
        assert part in html


def test_raw_html_scripts_and_javascript_links_never_come_out():
    html = render(
        '<script>alert(1)</script>\n\n<b onclick="x()">b</b> [x](javascript:alert(1)) '
        "![i](http://example.org/i.png)"
    )
    assert "<script" not in html and "<b" not in html and "<img" not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;" in html


def test_plain_text_has_one_line_per_block():
    assert plain(BOOKLET).splitlines() == [
        "Регистрация",
        "Встаньте на временную регистрацию в течение трёх рабочих дней.",
        "паспорт",
        "миграционная карточка",
        "Документ | Срок",
        "Регистрация | 3 дня",
        "Горячая линия: 8 800 080 8000",
    ]


@given(st.text())
def test_no_text_gives_a_tag_outside_the_allow_list(text):
    html = render(text)
    assert "<script" not in html.lower() and "<img" not in html.lower()
