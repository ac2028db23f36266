"""The figures of chapter 6, part 1: embedlab.figures.ch06."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from embedlab.figures import figure_with_alt  # noqa: E402
from embedlab.figures.ch06 import (  # noqa: E402
    PAGE_WIDTH,
    average_cosine_figure,
    neighbour_table,
    norm_frequency_figure,
    weighting_figure,
)


def test_weighting_figure_and_its_errors():
    fig = weighting_figure(10, 0.5, largest=100)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and "x_max = 10" in ax.get_title()
    solid = ax.lines[0].get_ydata()
    assert solid[0] == pytest.approx(0.1**0.5) and solid[-1] == 1.0
    assert fig.get_size_inches()[0] <= PAGE_WIDTH
    with pytest.raises(ValueError, match="largest must be > 1"):
        weighting_figure(largest=1.0)
    with pytest.raises(ValueError, match=r"alpha must be in \(0, 1\]"):
        weighting_figure(alpha=2.0)


def test_norm_frequency_figure_shows_the_correlation():
    rng = np.random.default_rng(0)
    f = np.log(rng.integers(20, 5000, size=200))
    fig = norm_frequency_figure(f, {"up": f, "down": -f, "flat": rng.normal(size=200)})
    titles = [ax.get_title() for ax in fig.axes]
    assert "correlation +1.00" in titles[0] and "correlation -1.00" in titles[1]
    figure_with_alt(fig, "three panels")  # fits the column
    with pytest.raises(ValueError, match="norms\\['x'\\] has shape \\(3,\\)"):
        norm_frequency_figure(f, {"x": [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError, match="draw at most 4"):
        norm_frequency_figure(f, {str(k): f for k in range(5)})
    with pytest.raises(TypeError, match="norms must be a non-empty dict"):
        norm_frequency_figure(f, [f])
    with pytest.raises(ValueError, match="log_counts must be a 1-D array"):
        norm_frequency_figure([[1.0, 2.0]], {"x": f})


def test_average_cosine_figure_and_its_errors():
    fig = average_cosine_figure({"a": 0.3, "b": 0.1, "c": 0.2}, {"a": 0.0, "b": 0.01, "c": 0.0},
                                after_label="centred")
    ax = fig.axes[0]
    heights = [p.get_height() for p in ax.patches]
    assert heights[:3] == pytest.approx([0.3, 0.1, 0.2]) and heights[3:] == pytest.approx([0.0, 0.01, 0.0])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["as trained", "centred"]
    with pytest.raises(ValueError, match="same tables in the same order"):
        average_cosine_figure({"a": 0.3}, {"b": 0.0})
    with pytest.raises(TypeError, match="non-empty dicts"):
        average_cosine_figure({}, {})
    with pytest.raises(ValueError, match="finite"):
        average_cosine_figure({"a": float("nan")}, {"a": 0.0})


def test_neighbour_table_escapes_and_checks_lengths():
    html = neighbour_table(["x<y"], {"A&B": [["p", "q"]]}, caption="cap").data
    assert "<caption>cap</caption>" in html and "x&lt;y" in html and "A&amp;B" in html
    assert "<th scope='row'>x&lt;y</th><td>p<br>q</td>" in html
    assert "tabindex='0'" in html and "aria-label='cap'" in html  # the scroll box is reachable
    with pytest.raises(ValueError, match="one per query is 1"):
        neighbour_table(["x"], {"A": [["p"], ["q"]]})
    with pytest.raises(TypeError, match="queries must be a non-empty list"):
        neighbour_table("x", {"A": [["p"]]})
    with pytest.raises(TypeError, match="neighbours must be a non-empty dict"):
        neighbour_table(["x"], [])
