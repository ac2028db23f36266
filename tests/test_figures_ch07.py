"""The figures of chapter 7.1: embedlab.figures.ch07."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from embedlab.figures.ch07 import PAGE_WIDTH, collision_figure, pieces_figure, tradeoff_figure  # noqa: E402


def test_pieces_figure_draws_one_box_per_piece():
    rows = [("low", ["l", "o", "w"]), ("lowest", ["low", "est"]), ("where", ["<wh", "whe"])]
    fig = pieces_figure(rows, title="pieces")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == ["l", "o", "w", "low", "est", "<wh", "whe"]
    assert len(ax.patches) == 7
    widths = [p.get_width() for p in ax.patches]
    assert widths == [1, 1, 1, 3, 3, 3, 3]                  # as wide as the piece
    assert [t.get_text() for t in ax.get_yticklabels()] == ["low", "lowest", "where"]
    assert ax.get_title() == "pieces" and fig.get_figwidth() <= PAGE_WIDTH


@pytest.mark.parametrize(
    "rows, error, message",
    [
        ([], TypeError, "non-empty list of \\(label, pieces\\) pairs"),
        ("abc", TypeError, "non-empty list"),
        ([("a",)], TypeError, "must be a \\(label, pieces\\) pair"),
        ([(1, ["a"])], TypeError, "label must be a string"),
        ([("a", [])], ValueError, "non-empty list of non-empty strings"),
        ([("a", "ab")], ValueError, "non-empty list of non-empty strings"),
        ([("a", ["a", ""])], ValueError, "non-empty list of non-empty strings"),
    ],
)
def test_pieces_figure_errors(rows, error, message):
    with pytest.raises(error, match=message):
        pieces_figure(rows)


def test_tradeoff_figure():
    fig = tradeoff_figure([256, 512, 1024], [4.8, 2.1, 1.4], [0.3, 0.2, 0.1])
    left, right = fig.axes
    assert np.allclose(left.lines[0].get_ydata(), [4.8, 2.1, 1.4])
    assert np.allclose(right.lines[0].get_ydata(), [0.3, 0.2, 0.1])
    assert np.all(right.lines[1].get_ydata() == 0)         # byte-level BPE: no <unk>
    assert fig.get_figwidth() <= PAGE_WIDTH
    with pytest.raises(ValueError, match="one equal, non-zero length"):
        tradeoff_figure([256, 512], [4.8], [0.3, 0.2])
    with pytest.raises(ValueError, match="values must be finite"):
        tradeoff_figure([256, 512], [4.8, np.nan], [0.3, 0.2])


def test_collision_figure():
    fig = collision_figure([10, 100, 1000], [0.9, 0.3, 0.03], {10: 0.7, 100: 0.85, 1000: 0.9}, 0.92,
                           n_items=50)
    left, right = fig.axes
    assert left.get_xscale() == "log" and "50 n-grams" in left.get_title()
    curve = left.lines[0]
    x, y = curve.get_xdata(), curve.get_ydata()
    assert x[0] == 10 and x[-1] == 1000 and np.all(np.diff(y) < 0)   # the formula, falling
    assert y[0] == pytest.approx(1 - (1 - 1 / 10) ** 49)
    assert np.allclose(left.lines[1].get_ydata(), [0.9, 0.3, 0.03])  # the measured dots
    assert np.allclose(right.lines[0].get_ydata(), [0.7, 0.85, 0.9])
    assert right.lines[1].get_ydata()[0] == 0.92


@pytest.mark.parametrize(
    "args, kwargs, error, message",
    [
        (([10], [0.9, 0.3], {10: 0.7}, 0.9), {"n_items": 5}, ValueError, "one equal, non-zero length"),
        (([10], [0.9], [0.7], 0.9), {"n_items": 5}, TypeError, "accuracy must be a non-empty mapping"),
        (([10], [0.9], {10: 0.7}, 0.9), {"n_items": 0}, ValueError, "n_items must be a positive integer"),
        (([0, 10], [0.9, 0.5], {10: 0.7}, 0.9), {"n_items": 5}, ValueError, "buckets must be at least 1"),
    ],
)
def test_collision_figure_errors(args, kwargs, error, message):
    with pytest.raises(error, match=message):
        collision_figure(*args, **kwargs)
