"""The figures of chapter 4: embedlab.figures.ch04 (training) and embedlab.figures.ch04_tables
(reading the trained table)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from embedlab.figures.ch04 import (  # noqa: E402
    MAX_WIDTH,
    moved_rows_figure,
    plot_accuracy_bars,
    plot_curves,
    plot_history,
    scatter_add_figure,
    scatter_add_frames,
    table_heatmaps,
    training_step_figure,
)
from embedlab.figures.ch04_tables import (  # noqa: E402
    projection_figure,
    table_frames,
    table_scatter,
    top_tokens_figure,
)
from embedlab.training import History  # noqa: E402


def test_figures_are_built_with_labels():
    fig = training_step_figure(2, 5, 7, 2, 2)
    assert fig.axes[0].get_title().startswith("One training step")
    fig = scatter_add_figure([4, 1, 3], np.ones((3, 2)), 5, 0)
    assert fig.axes[1].get_title().endswith("after 0 of 3 positions")
    frames = scatter_add_frames([0, 1], np.ones((2, 1)), 2, dpi=20)
    assert len(frames) == 3 and len(set(frames)) == 3
    tables = np.zeros((3, 2, 1))
    tables[1, 0] = 1
    fig = moved_rows_figure({"SGD": tables, "Adam": tables}, row_labels=["x", "y"],
                            looked_up=np.array([[True, False], [False, True]]))
    assert [ax.get_xlabel() for ax in fig.axes] == ["step", "step"]
    fig = plot_history(History([0, 1], [0.7, 0.5], [0.5, 0.7]))
    assert fig.axes[0].get_xlabel() == "epoch"
    ax = plot_curves({"a": [1, 2, 3]}, x=[8, 16, 32], xscale="log", xlabel="n", ylabel="acc",
                     title="t", ylim=(0, 4))
    assert ax.get_xscale() == "log" and ax.get_title() == "t"
    ax = table_scatter(np.zeros((2, 2)), ["a", "b"], ["positive", "neutral"],
                       start=np.ones((2, 2)), label=[True, False], limits=2.0, title="t")
    assert [t.get_text() for t in ax.texts] == ["a"] and ax.get_xlim() == (-2.0, 2.0)
    frames = table_frames(np.zeros((2, 2, 2)), ["a", "b"], ["food", "place"],
                          titles=["x", "y"], dpi=20)
    assert len(frames) == 2
    fig = plot_accuracy_bars({"m": {"a": 0.5}}, chance=0.5, title="t")
    assert fig.axes[0].get_ylabel() == "test accuracy"
    fig = table_heatmaps({"a": np.eye(2)}, row_labels=["x", "y"], outline_rows=[1])
    assert fig.axes[0].get_title() == "a"
    fig = top_tokens_figure(np.arange(8.0).reshape(4, 2), list("abcd"),
                            ["positive", "negative", "neutral", "animal"], k=2)
    assert len(fig.axes[0].patches) == 4
    fig = projection_figure({"a": np.eye(3), "b": np.eye(3)[:, :2] + 1}, list("xyz"),
                            ["food"] * 3, label=[True, False, False])
    assert len(fig.axes) == 2


def test_labels_placed_without_overlap_and_projection_on_one_scale():
    # two words at almost the same point: the fixed offset would print "badd"
    xy = np.array([[0.0, 0.0], [0.02, 0.0], [1.0, 1.0], [-1.0, -1.0]])
    names = ["good", "bad", "x", "y"]
    ax = table_scatter(xy, names, ["positive", "negative", "food", "food"],
                       label=[True, True, False, False], limits=1.2, avoid_overlap=True)
    renderer = ax.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert [t.get_text() for t in ax.texts] == ["good", "bad"]
    assert not boxes[0].overlaps(boxes[1])
    plt.close(ax.figure)
    # the second axis has 1% of the first axis' spread: one scale keeps it small
    table = np.array([[1.0, 0.01], [-1.0, -0.01], [1.0, -0.01], [-1.0, 0.01]])
    fig = projection_figure({"t": table}, list("abcd"), ["food"] * 4)
    coords = fig.axes[0].collections[0].get_offsets()
    assert np.isclose(np.abs(coords).max(), 1.0) and np.abs(coords[:, 1]).max() < 0.02
    assert fig.axes[0].get_xlabel() == "principal axis 1"
    assert fig.get_size_inches()[0] <= 7.0
    plt.close(fig)


def test_figures_reject_bad_input():
    cases = [
        (lambda: training_step_figure(0, 5, 7, 2, 2), ValueError, "B must be a positive integer"),
        (lambda: scatter_add_figure([[1]], np.ones((1, 1)), 3, 0), ValueError,
         "ids must be a non-empty 1-D array"),
        (lambda: scatter_add_figure([1], np.ones((2, 1)), 3, 0), ValueError,
         "grads has 2 rows, but ids has 1 positions"),
        (lambda: scatter_add_figure([1], np.ones((1, 1)), 3, 2), ValueError, "step must be in 0..1, got 2"),
        (lambda: scatter_add_figure([1], np.ones((1, 1)), 3, 1.0), TypeError, "step must be an integer"),
        (lambda: scatter_add_figure([3], np.ones((1, 1)), 3, 0), IndexError, "ids contains 3"),
        (lambda: scatter_add_figure([1], np.ones((1, 1)), 3, 0, row_labels=["a"]), ValueError,
         "row_labels has 1 entries, but the table has 3 rows"),
        (lambda: moved_rows_figure({}), TypeError, "runs must be a non-empty dict"),
        (lambda: moved_rows_figure({"a": np.zeros((1, 2, 2))}), ValueError,
         "runs['a'] must have shape (steps + 1, V, d) with at least one step"),
        (lambda: moved_rows_figure({"a": np.zeros((2, 2, 2)), "b": np.zeros((3, 2, 2))}),
         ValueError, "every run must have the same shape"),
        (lambda: moved_rows_figure({"a": np.zeros((2, 2, 2))}, looked_up=np.ones((1, 2))),
         ValueError, "looked_up must be a boolean array of shape (1, 2)"),
        (lambda: moved_rows_figure({"a": np.zeros((2, 2, 2))}, ncols=0), ValueError,
         "ncols must be a positive integer (>= 1), got 0"),
        (lambda: plot_history("h"), TypeError, "history must be a History, got str"),
        (lambda: plot_history(History()), ValueError, "history is empty"),
        (lambda: plot_curves({}, xlabel="x", ylabel="y"), TypeError, "curves must be a non-empty dict"),
        (lambda: plot_curves({"a": [1], "b": [1, 2]}, xlabel="x", ylabel="y"), ValueError,
         "every curve must have the same, non-zero length"),
        (lambda: plot_curves({"a": [1, 2]}, x=[1], xlabel="x", ylabel="y"), ValueError,
         "x must have 2 values"),
        (lambda: plot_curves({"a": [1, 2]}, xlabel="", ylabel="y"), ValueError,
         "xlabel and ylabel must be non-empty strings"),
        (lambda: plot_curves({"a": [1, 2]}, xlabel="x", ylabel="y", xscale="symlog"), ValueError,
         "xscale must be 'linear' or 'log', got 'symlog'"),
        (lambda: table_scatter(np.zeros((2, 3)), ["a", "b"], ["food", "food"]), ValueError,
         "table must have exactly 2 columns"),
        (lambda: table_scatter(np.zeros((2, 2)), ["a", "b"], ["food", "colour"]), ValueError,
         "groups contains 'colour'"),
        (lambda: table_scatter(np.zeros((2, 2)), ["a", "b"], ["food"] * 2, start=np.zeros((3, 2))),
         ValueError, "start has shape (3, 2), but table has shape (2, 2)"),
        (lambda: table_scatter(np.zeros((2, 2)), ["a", "b"], ["food"] * 2, label=[True]),
         ValueError, "label must have one entry per row (2)"),
        (lambda: table_scatter(np.zeros((2, 2)), "ab", ["food"] * 2), TypeError,
         "words must be a list with one label per row, got str"),
        (lambda: table_frames(np.zeros((2, 2)), ["a", "b"], ["food"] * 2), ValueError,
         "snapshots must have shape (n, V, 2)"),
        (lambda: table_frames(np.zeros((2, 1, 2)), ["a"], ["food"], titles=["x"]), ValueError,
         "titles has 1 entries, but there are 2 snapshots"),
        (lambda: plot_accuracy_bars([]), TypeError, "results must be a non-empty dict"),
        (lambda: plot_accuracy_bars({"m": []}), TypeError, "results['m'] must be a non-empty dict"),
        (lambda: plot_accuracy_bars({"m": {"a": 0.5}, "n": {"b": 0.5}}), ValueError,
         "results['n'] has subsets ['b'], expected ['a']"),
        (lambda: plot_accuracy_bars({"m": {"a": 1.5}}), ValueError,
         "results['m']['a'] must be in [0, 1], got 1.5"),
        (lambda: table_heatmaps({}), TypeError, "tables must be a non-empty dict"),
        (lambda: table_heatmaps({"a": np.eye(2), "b": np.ones((2, 3))}), ValueError,
         "every table must have the same shape"),
        (lambda: table_heatmaps({"a": np.eye(2), "b": np.eye(3)}), ValueError,
         "every table must have the same number of rows"),
        (lambda: top_tokens_figure(np.eye(4), list("abcd"), ["food"] * 4, k=3), ValueError,
         "k must be in 1..2 (half of the table's 4 rows), got 3"),
        (lambda: top_tokens_figure(np.eye(4), list("abcd"), ["food"] * 4, k=1.0), TypeError,
         "k must be an integer"),
        (lambda: projection_figure({}, [], []), TypeError, "tables must be a non-empty dict"),
        (lambda: projection_figure({"a": np.eye(3), "b": np.eye(2)}, list("abc"), ["food"] * 3),
         ValueError, "every table must have the same number of rows"),
    ]
    for make, error, message in cases:
        with pytest.raises(error) as info:
            make()
        assert message in str(info.value), message


def _png_width(png: bytes) -> int:
    return int.from_bytes(png[16:20], "big")


def test_every_figure_fits_the_690_pixel_column():
    from embedlab.figures.style import figure_to_png

    tables = np.zeros((13, 7, 2))
    tables[5:, 5] = 1.0
    looked_up = np.zeros((12, 7), dtype=bool)
    looked_up[:, 1] = True
    runs = {name: tables for name in ("SGD", "SGD + momentum", "RMSprop", "Adam")}
    subsets = {"all": 0.76, "no 'not'": 0.98, "with 'not'": 0.53, "'not' flips": 0.03,
               "'not' elsewhere": 0.98}
    figures = [
        training_step_figure(2, 5, 7, 2, 2),
        scatter_add_figure([4, 1, 3, 3, 3], np.arange(10.0).reshape(5, 2), 5, 3,
                           row_labels=[f"row {v}" for v in range(5)]),
        moved_rows_figure(runs, row_labels=list("abcdefg"), looked_up=looked_up),
        plot_history(History([0, 1, 2], [0.7, 0.5, 0.3], [0.5, 0.7, 0.9], [0.7, 0.6, 0.4],
                             [0.5, 0.6, 0.8])),
        plot_accuracy_bars({"mean of vectors": subsets, "LSTM": dict.fromkeys(subsets, 1.0)},
                           chance=0.5, title="Negation: a bag of vectors against an LSTM"),
        table_heatmaps({"before": np.eye(7, 2), "after": np.eye(7, 2)}, row_labels=list("abcdefg")),
    ]
    limit = round(MAX_WIDTH * 100)
    for fig in figures:
        assert _png_width(figure_to_png(fig, dpi=100)) <= limit
    for png in scatter_add_frames([4, 1, 3, 3, 3], np.ones((5, 2)), 5, dpi=100):
        assert _png_width(png) <= limit


def test_moved_rows_figure_lays_out_panels_in_rows():
    tables = np.zeros((3, 2, 1))
    fig = moved_rows_figure({name: tables for name in "abc"}, ncols=2)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in visible] == ["a: 0 changes", "b: 0 changes", "c: 0 changes"]
    assert len(fig.axes) == 4 and fig.get_size_inches()[0] <= MAX_WIDTH


def test_top_tokens_figure_counts_units_from_zero_like_columns():
    fig = top_tokens_figure(np.arange(8.0).reshape(4, 2), list("abcd"),
                            ["positive", "negative", "neutral", "animal"], k=1)
    assert [ax.get_title() for ax in fig.axes[:2]] == ["unit 0: top and bottom 1",
                                                      "unit 1: top and bottom 1"]
