from komek.core.charts import bar_chart


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
        label_width=200,
    )
    assert [bar.label for bar in chart.bars] == ["Посольство РУз", "Посольство КР"]
    assert [label for _, label in chart.ticks] == ["0", "20", "40", "60"]
    slow, fast = chart.bars
    assert slow.length / fast.length == 38.5 / 5.0
    assert slow.marker_x == 200 + 52.0 * chart.plot_width / 60


def test_the_chart_geometry_is_not_localised():
    from django.template.loader import render_to_string
    from django.utils import translation

    chart = bar_chart(title="Дни", description="", rows=[("РУз", 38.5, 52.5)])
    with translation.override("ru"):
        svg = render_to_string("core/includes/bar_chart.html", {"chart": chart, "chart_id": "c"})
    assert 'width="38' in svg or 'width="' in svg
    assert not any(f'="{digit},' in svg for digit in "0123456789")


def test_small_counts_have_whole_ticks():
    chart = bar_chart(title="Обращения", description="", rows=[("звонок", 2, None)])
    assert [label for _, label in chart.ticks] == ["0", "1", "2"]
