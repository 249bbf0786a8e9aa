import pytest
from django.template.loader import render_to_string

from komek.core.charts import CHAR_WIDTH, LABEL_GAP, MAX_LABEL_SHARE, bar_chart


def test_bars_are_proportional_and_the_axis_has_round_ticks():
    chart = bar_chart(
        title="Дни",
        description="",
        rows=[
            ("Посольство РУз", 38.5, 52.0),
            ("Посольство КР", 5.0, 8.0),
            ("Нет ответов", None, None),
        ],
        width=540,
    )
    assert [bar.label for bar in chart.bars] == ["Посольство РУз", "Посольство КР"]
    assert [label for _, label in chart.ticks] == ["0", "20", "40", "60"]
    slow, fast = chart.bars
    assert slow.length / fast.length == pytest.approx(38.5 / 5.0, rel=0.01)
    assert slow.marker_x == chart.label_width + 52.0 * chart.plot_width / 60


def test_the_chart_geometry_is_not_localised():
    from django.utils import translation

    chart = bar_chart(title="Дни", description="", rows=[("РУз", 38.5, 52.5)])
    with translation.override("ru"):
        svg = render_to_string("core/includes/bar_chart.html", {"chart": chart, "chart_id": "c"})
    assert 'width="38' in svg or 'width="' in svg
    assert not any(f'="{digit},' in svg for digit in "0123456789")


def test_small_counts_have_whole_ticks():
    chart = bar_chart(title="Обращения", description="", rows=[("звонок", 2, None)])
    assert [label for _, label in chart.ticks] == ["0", "1", "2"]


def test_the_label_column_is_as_wide_as_the_longest_label_needs():
    chart = bar_chart(title="t", description="", rows=[("Посольство РУз", 3, None)], width=760)
    assert chart.label_width == round(len("Посольство РУз") * CHAR_WIDTH + LABEL_GAP)
    assert chart.bars[0].short_label == "Посольство РУз"


def test_a_long_label_is_cut_on_one_line_and_given_whole_in_its_title():
    name = "Генеральное консульство Республики Узбекистан в городе Алматы (консульский отдел)"
    chart = bar_chart(title="t", description="", rows=[(name, 3, None)], width=760)
    assert chart.label_width == int(760 * MAX_LABEL_SHARE)
    short = chart.bars[0].short_label
    assert short.endswith("…") and name.startswith(short[:-1])
    assert len(short) * CHAR_WIDTH + LABEL_GAP <= chart.label_width
    svg = render_to_string("core/includes/bar_chart.html", {"chart": chart, "chart_id": "c"})
    assert f"<title>{name}</title>{short}</text>" in svg


def test_labels_and_titles_are_escaped_in_the_svg():
    chart = bar_chart(
        title='<script>alert("t")</script>', description="a & b", rows=[("<b>x</b>", 3, 4)]
    )
    svg = chart.svg('c"><script>')
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;b&gt;x&lt;/b&gt;" in svg and "a &amp; b" in svg
    assert svg.count("<rect ") == 1 and svg.count('stroke="#c2410c"') == 1
