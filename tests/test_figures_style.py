"""Tests for embedlab.figures.style (drawn off-screen with the Agg backend)."""

from __future__ import annotations

import os
import re

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle

from embedlab.figures.style import (
    DIVERGING_CMAP,
    OKABE_ITO,
    figure_to_png,
    heatmap,
    set_style,
)

W = np.array([[0.1, -0.4, 0.0], [0.9, 0.25, -1.0]])


@pytest.fixture(autouse=True)
def _clean_figures():
    with mpl.rc_context():
        yield
    plt.close("all")


def test_backend_is_off_screen() -> None:
    if os.environ.get("MPLBACKEND", "agg").lower() != "agg":
        pytest.skip("a different Matplotlib backend was chosen explicitly")
    assert mpl.get_backend().lower() == "agg"


def test_palette() -> None:
    assert len(OKABE_ITO) == 8 and len(set(OKABE_ITO)) == 8
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c) for c in OKABE_ITO)
    assert OKABE_ITO[0] == "#E69F00" and "#000000" in OKABE_ITO


def test_set_style_is_idempotent() -> None:
    set_style()
    once = dict(mpl.rcParams)
    set_style()
    assert dict(mpl.rcParams) == once
    assert mpl.rcParams["axes.prop_cycle"].by_key()["color"] == OKABE_ITO
    assert mpl.rcParams["axes.spines.top"] is False
    assert mpl.rcParams["axes.spines.right"] is False
    assert mpl.rcParams["image.cmap"] == DIVERGING_CMAP
    assert mpl.rcParams["font.size"] >= 11
    fig, ax = plt.subplots()
    (line,) = ax.plot([0, 1])
    assert to_rgba(line.get_color()) == to_rgba(OKABE_ITO[0])


def test_heatmap_basics() -> None:
    ax = heatmap(W, row_labels=["cat", "dog"], col_labels=["x", "y", "z"],
                 title="T", xlabel="dimension", ylabel="word")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["cat", "dog"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["x", "y", "z"]
    assert ax.get_title() == "T" and ax.get_xlabel() == "dimension"
    assert ax.get_ylabel() == "word"
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["0.10", "-0.40", "0.00", "0.90", "0.25", "-1.00"]
    (image,) = ax.images
    assert image.get_clim() == (-1.0, 1.0)  # symmetric around zero
    assert image.get_cmap().name == DIVERGING_CMAP
    assert not ax.patches


def test_heatmap_default_labels_and_options() -> None:
    ax = heatmap(W, annotate=False, fmt="{:.0%}", vmin=-2, vmax=3, cmap="viridis",
                 colorbar=True)
    assert not ax.texts
    assert [t.get_text() for t in ax.get_yticklabels()] == ["0", "1"]
    assert ax.images[0].get_clim() == (-2.0, 3.0)
    assert ax.images[0].get_cmap().name == "viridis"
    assert len(ax.figure.axes) == 2  # the colour bar


def test_heatmap_uses_given_axes_and_formats() -> None:
    fig, (left, right) = plt.subplots(1, 2)
    ax = heatmap(np.eye(2, dtype=bool), ax=right, fmt=lambda v: f"<{v}>",
                 cmap=mpl.colormaps["Greys"])
    assert ax is right and not left.images
    assert [t.get_text() for t in ax.texts] == ["<1>", "<0>", "<0>", "<1>"]
    assert heatmap(np.zeros((1, 1))).images[0].get_clim() == (-1.0, 1.0)


def test_annotation_colour_contrasts_with_the_cell() -> None:
    ax = heatmap(np.array([[-1.0, 0.0, 1.0]]), cmap="Greys", vmin=0, vmax=1)
    colours = [t.get_color() for t in ax.texts]
    assert colours == ["black", "black", "white"]


def test_outlines_are_rectangles_around_whole_rows_and_columns() -> None:
    ax = heatmap(W, outline_rows=[1], outline_cols=(0, 2), outline_color="#D55E00")
    rects = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(rects) == 3
    row = rects[0]
    assert (row.get_x(), row.get_y(), row.get_width(), row.get_height()) == (-0.5, 0.5, 3, 1)
    col = rects[2]
    assert (col.get_x(), col.get_y(), col.get_width(), col.get_height()) == (1.5, -0.5, 1, 2)
    assert all(not r.get_fill() and r.get_linewidth() >= 2 for r in rects)
    assert to_rgba(row.get_edgecolor()) == to_rgba("#D55E00")
    assert len(heatmap(W, outline_rows=0).patches) == 1


@pytest.mark.parametrize(
    ("matrix", "kwargs", "exc", "pattern"),
    [
        (np.zeros(3), {}, ValueError, re.escape("matrix must be a non-empty 2-D array, got shape (3,)")),
        (np.zeros((2, 2, 2)), {}, ValueError,
         re.escape("matrix must be a non-empty 2-D array, got shape (2, 2, 2)")),
        (np.zeros((0, 2)), {}, ValueError,
         re.escape("matrix must be a non-empty 2-D array, got shape (0, 2)")),
        ([["a"]], {}, TypeError, re.escape("matrix must be a numeric matrix, got dtype <U1")),
        ([[0.0, np.nan]], {}, ValueError, r"matrix contains nan at position \(0, 1\)"),
        ([[-np.inf]], {}, ValueError, r"matrix contains -inf at position \(0, 0\)"),
        (W, {"row_labels": ["a"]}, ValueError,
         r"row_labels has 1 entries, but the matrix has 2 rows"),
        (W, {"col_labels": ["a", "b"]}, ValueError,
         r"col_labels has 2 entries, but the matrix has 3 columns"),
        (W, {"row_labels": "ab"}, TypeError, re.escape("row_labels must be a list with one label per row, got str")),
        (W, {"outline_rows": [2]}, IndexError,
         r"outline_rows contains 2, but the matrix has 2 rows \(valid indices 0\.\.1\)"),
        (W, {"outline_cols": [-1]}, IndexError, r"outline_cols contains -1, but the matrix has 3"),
        (W, {"outline_rows": [0.5]}, TypeError, r"outline_rows must contain integer indices, "
                                                r"got 0\.5"),
        (W, {"outline_rows": [True]}, TypeError, r"got True"),
        (W, {"outline_cols": "0"}, TypeError, r"outline_cols must be a list of integer indices"),
        (W, {"annotate": "yes"}, TypeError, r"annotate must be True or False, got 'yes'"),
        (W, {"fmt": "{:.2q}"}, ValueError, r"fmt='\{:\.2q\}' is not a valid format string"),
        (W, {"fmt": "{x}"}, ValueError, r"fmt='\{x\}' is not a valid format string"),
        (W, {"fmt": 3}, TypeError, r"fmt must be a format string or a callable, got 3"),
        (W, {"vmin": 1, "vmax": 1}, ValueError,
         r"vmin must be smaller than vmax, got vmin=1\.0 and vmax=1\.0"),
        (W, {"vmin": "0"}, TypeError, re.escape("vmin must be None or a finite number, got '0'")),
        (W, {"vmax": np.inf}, ValueError, re.escape("vmax must be None or a finite number, got inf")),
        (W, {"cmap": "nope"}, ValueError, r"cmap='nope' is not a known Matplotlib colormap"),
        (W, {"cmap": 3}, TypeError, r"cmap must be a colormap name or a Colormap, got 3"),
    ],
)
def test_heatmap_errors(matrix, kwargs: dict, exc: type, pattern: str) -> None:
    before = plt.get_fignums()
    with pytest.raises(exc, match=pattern):
        heatmap(matrix, **kwargs)
    assert plt.get_fignums() == before  # validation happens before any figure is made


def _figure():
    fig, ax = plt.subplots(figsize=(2, 2))
    heatmap(W, ax=ax)
    return fig


def test_figure_to_png_is_deterministic_and_closes() -> None:
    fig = _figure()
    png = figure_to_png(fig, dpi=50)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert not plt.fignum_exists(fig.number)
    assert figure_to_png(_figure(), dpi=50) == png
    assert b"Software" not in png and b"matplotlib" not in png.lower()
    assert len(figure_to_png(_figure(), dpi=100)) > len(png)


@pytest.mark.parametrize(
    ("fig", "dpi", "exc", "pattern"),
    [
        ("not a figure", 100, TypeError, r"fig must be a matplotlib Figure, got str"),
        (None, 100, TypeError, r"fig must be a matplotlib Figure, got NoneType"),
        ("fig", 0, ValueError, r"dpi must be in 1\.\.1000, got 0"),
        ("fig", 5000, ValueError, r"dpi must be in 1\.\.1000, got 5000"),
        ("fig", 72.5, TypeError, re.escape("dpi must be an integer in 1..1000, got 72.5")),
    ],
)
def test_figure_to_png_errors(fig, dpi, exc, pattern) -> None:
    if fig == "fig":
        fig = _figure()
    with pytest.raises(exc, match=pattern):
        figure_to_png(fig, dpi=dpi)


def test_figure_to_png_palette_fixed_size_and_keep_open():
    import io

    from PIL import Image

    def draw():
        fig, ax = plt.subplots(figsize=(3, 2))
        ax.imshow(np.arange(100.0).reshape(10, 10))
        return fig

    set_style()  # its tight crop must not shrink a fixed-size frame
    full = figure_to_png(draw(), dpi=100)
    small = figure_to_png(draw(), dpi=100, palette=True)
    assert Image.open(io.BytesIO(small)).mode == "P" and Image.open(io.BytesIO(full)).mode != "P"
    fig = draw()
    framed = figure_to_png(fig, dpi=100, fixed_size=True, close=False)
    assert Image.open(io.BytesIO(framed)).size == (300, 200)   # the figure's own 3 x 2 inches
    assert plt.fignum_exists(fig.number)                        # still open, to draw again
    with pytest.raises(TypeError, match="palette must be True or False, got 1"):
        figure_to_png(fig, palette=1)
