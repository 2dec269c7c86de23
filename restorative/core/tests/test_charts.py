"""The one chart module: every chart is one named image pointing at its table, and draws
what its numbers say."""

from decimal import Decimal

from restorative.core import charts


def test_every_chart_is_one_named_image_that_points_at_its_table() -> None:
    for svg in (
        charts.count_bars("Complaints by stage", [("Stage 1", 3)]),
        charts.stacked_bars("Grades", [("North", (1, 2, 0, 1))], series=("A", "B", "C", "D")),
        charts.columns("Visits", [Decimal(1), None]),
    ):
        assert svg.startswith("<svg") and svg.endswith("</svg>")
        assert 'role="img"' in svg and 'focusable="false"' in svg
        assert "aria-hidden" not in svg
        assert "The figures are in the table beside it." in svg
        assert svg.count("<title>") == 1 and svg.count("<desc>") == 1


def test_text_is_escaped() -> None:
    svg = charts.count_bars("<b>Title</b>", [("<script>alert(1)</script>", 2)])
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and "&lt;b&gt;Title&lt;/b&gt;" in svg


def test_counts_are_scaled_to_the_largest_and_a_missing_value_draws_no_bar() -> None:
    svg = charts.horizontal_bars(
        "Themes",
        [charts.Bar("Safety", 10, "10"), charts.Bar("Small group", None, "hidden")],
        scale_max=10,
        bar_area=300,
    )
    assert svg.count("<rect") == 1 and 'width="300"' in svg
    assert ">hidden</text>" in svg
    counts = charts.count_bars("Counts", [("A", 4), ("B", 2)])
    assert 'width="300"' in counts and 'width="150"' in counts


def test_a_long_label_is_shortened_in_the_picture_only() -> None:
    svg = charts.count_bars("Teams", [("A team with a very long name indeed, truly", 1)])
    assert "A team with a very long name …" in svg


def test_stacked_bars_split_each_row_by_series_with_a_legend() -> None:
    svg = charts.stacked_bars(
        "Grades", [("North", (2, 2, 0, 0)), ("Empty", (0, 0, 0, 0))], series=("A", "B", "C", "D")
    )
    # Two shares in the first row, none in the empty one, four legend keys.
    assert svg.count("<rect") == 2 + 4
    assert ">4</text>" in svg and ">0</text>" in svg


def test_columns_show_a_gap_as_a_grey_stub_and_the_target_as_a_dashed_line() -> None:
    svg = charts.columns(
        "Trend", [Decimal(50), None, Decimal(100)], ceiling=Decimal(100), target=Decimal(75)
    )
    assert svg.count(charts.EMPTY_COLOUR) == 1
    assert svg.count("<line") == 1 and 'y1="12.0"' in svg
    assert "<line" not in charts.columns("Trend", [Decimal(1)])
