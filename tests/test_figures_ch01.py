"""embedlab.figures.ch01: the one-hot product picture, its slider frames and the cost figure."""

from __future__ import annotations

import struct

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from embedlab.costs import measure_costs  # noqa: E402
from embedlab.figures.style import FRAME_DPI  # noqa: E402
from embedlab.figures.ch01 import (  # noqa: E402
    MAX_WIDTH,
    OUTLINE_STYLES,
    draw_product,
    lookup_frames,
    plot_costs,
)
from embedlab.figures.style import figure_to_png  # noqa: E402


@pytest.fixture
def W() -> np.ndarray:
    return np.random.default_rng(7).uniform(-1, 1, size=(3, 5)).round(2)


def _outlines(ax) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle) and not p.get_fill()]


def _png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


# --------------------------------------------------------------------------- draw_product
def test_draw_product_panels_titles_and_labels(W):
    x = np.eye(3)[[1, 2]]
    fig = draw_product(x, W, x @ W, x_title="one-hot X", y_title="Y = XW", suptitle="demo")
    ax_x, ax_w, ax_y = fig.axes
    assert [ax.get_title() for ax in fig.axes] == ["one-hot X (2 × 3)", "W (3 × 5)", "Y = XW (2 × 5)"]
    assert ax_x.get_xlabel() == "vocabulary id v"
    assert ax_w.get_xlabel() == "output j" and ax_w.get_ylabel() == "row v = id"
    assert ax_y.get_xlabel() == "output j\nevery row is a row of W"
    assert fig._suptitle.get_text() == "demo"
    assert [t.get_text() for t in ax_x.get_yticklabels()] == ["token 0", "token 1"]
    texts = {t.get_text() for t in fig.texts}
    assert {"×", "="} <= texts


def test_draw_product_outlines_the_selected_cells_rows_and_outputs(W):
    x = np.eye(3)[[1, 2]]
    ax_x, ax_w, ax_y = draw_product(x, W, x @ W).axes
    for ax in (ax_x, ax_w, ax_y):
        boxes = _outlines(ax)
        assert len(boxes) == 2
        colours = [matplotlib.colors.to_hex(b.get_edgecolor()) for b in boxes]
        assert colours == [matplotlib.colors.to_hex(c) for c, _ in OUTLINE_STYLES[:2]]
    # the hot cells of X are columns 1 and 2; the outlined rows of W are 1 and 2
    assert [round(b.get_x() + 0.5) for b in _outlines(ax_x)] == [1, 2]
    assert [round(b.get_y() + 0.5) for b in _outlines(ax_w)] == [1, 2]
    assert [b.get_width() for b in _outlines(ax_w)] == pytest.approx([5, 5 - 2 * 0.09])


def test_draw_product_notes_whether_outputs_are_rows(W):
    x = np.eye(3)[[0, 2]]
    note = lambda fig: fig.axes[2].get_xlabel().splitlines()[-1]  # noqa: E731
    assert note(draw_product(x, W, x @ W + 0.5)) == "no row is a row of W"
    mixed = x @ W
    mixed[1] += 1.0
    assert note(draw_product(x, W, mixed)) == "rows [0] are rows of W"


def test_draw_product_multi_hot_outlines_every_selected_row(W):
    x = np.array([[1.0, 0.0, 1.0], [2.0, 0.0, 1.0]])
    fig = draw_product(x, W, x @ W, row_name="document", vocab_labels=["a", "b", "c"])
    ax_x, ax_w, _ = fig.axes
    assert len(_outlines(ax_x)) == 4 and len(_outlines(ax_w)) == 4
    assert [t.get_text() for t in ax_x.get_yticklabels()] == ["document 0", "document 1"]
    assert [t.get_text() for t in ax_w.get_yticklabels()] == ["a", "b", "c"]


def test_draw_product_accepts_single_rows(W):
    fig = draw_product(np.eye(3)[1], W, W[1])
    assert fig.axes[0].get_title() == "one-hot input (1 × 3)"


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((np.eye(4)[[1]], "W", "W[[1]]"), ValueError, "x has 4 columns but W has 3 rows; x @ W needs them equal"),
        ((np.eye(3)[[1]], "W", "W"), ValueError, "y must have shape (1, 5) (rows of x, columns of W), got (3, 5)"),
        ((np.eye(3)[[0, 1, 2, 0, 1]], "W", "np.zeros((5, 5))"), ValueError, "x may have at most 4 rows to draw, got 5"),
        ((np.eye(3)[[1]], "W[0]", "W[[1]]"), ValueError, "W must be 2-D of shape (V, d), got shape (5,)"),
        ((np.array([["a", "b", "c"]]), "W", "W[[1]]"), TypeError, "x must be a numeric matrix, got dtype <U1"),
        ((np.eye(3)[[1]], "W", "np.full((1, 5), np.nan)"), ValueError,
         "y contains nan at position (0, 0); values must be finite"),
        ((np.zeros((0, 3)), "W", "np.zeros((0, 5))"), ValueError, "x must be a non-empty 1-D or 2-D array, got shape (0, 3)"),
    ],
)
def test_draw_product_errors(W, args, error, message):
    x, w_expr, y_expr = args
    w_value = eval(w_expr, {"W": W, "np": np})
    y_value = eval(y_expr, {"W": W, "np": np})
    with pytest.raises(error) as info:
        draw_product(x, w_value, y_value)
    assert message in str(info.value)


def test_draw_product_refuses_a_one_dimensional_table():
    with pytest.raises(ValueError, match=r"W must be 2-D of shape \(V, d\), got shape \(3,\)"):
        draw_product(np.ones((1, 1)), np.ones(3), np.ones((1, 3)))


def _smallest_font(fig) -> float:
    texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_text().strip()]
    return min(t.get_fontsize() for t in texts)


@pytest.mark.parametrize(
    ("T", "V", "d", "row_name"),
    [(2, 3, 5, "token"), (2, 3, 5, "document"), (1, 6, 4, "token")],
)
def test_draw_product_fits_the_page_at_full_size(T, V, d, row_name):
    """The book's three uses fit the 690 px column at 100 dpi, text >= 9 pt."""
    rng = np.random.default_rng(0)
    x = np.eye(V)[rng.integers(0, V, size=T)]
    W = rng.uniform(-1, 1, size=(V, d)).round(2)
    fig = draw_product(x, W, x @ W, row_name=row_name, suptitle="a title",
                       vocab_labels=["the", "cat", "sat", "on", "a", "mat"][:V])
    assert fig.get_size_inches()[0] <= MAX_WIDTH + 1e-9
    assert _smallest_font(fig) >= 9
    width, _ = _png_size(figure_to_png(fig, dpi=100))
    assert width <= 100 * MAX_WIDTH


def test_draw_product_puts_the_output_under_w_with_aligned_columns(W):
    x = np.eye(3)[[1, 2]]
    ax_x, ax_w, ax_y = draw_product(x, W, x @ W).axes
    pw, py = ax_w.get_position(), ax_y.get_position()
    assert (pw.x0, pw.x1) == pytest.approx((py.x0, py.x1))   # same columns
    assert py.y1 < pw.y0                                      # below W
    assert ax_x.get_position().x1 < pw.x0                     # x left of W


def test_draw_product_title_must_be_text(W):
    with pytest.raises(TypeError, match="y_title must be a string, got 3"):
        draw_product(np.eye(3)[[1]], W, W[[1]], y_title=3)


# --------------------------------------------------------------------------- lookup_frames
def test_lookup_frames_one_distinct_png_per_id_of_equal_size():
    W = np.random.default_rng(3).uniform(-1, 1, size=(4, 3))
    frames = lookup_frames(W, vocab_labels=["w", "x", "y", "z"], dpi=40)
    assert len(frames) == 4 and len(set(frames)) == 4
    assert all(f[:8] == b"\x89PNG\r\n\x1a\n" for f in frames)
    assert len({_png_size(f) for f in frames}) == 1


def test_lookup_frames_fit_the_page_at_the_default_dpi():
    W = np.random.default_rng(8).uniform(-1, 1, size=(6, 4)).round(2)
    frames = lookup_frames(W, vocab_labels=["the", "cat", "sat", "on", "a", "mat"])
    widths = {_png_size(f)[0] for f in frames}
    # drawn at FRAME_DPI, shown at 100 pixels per inch: the shown width must fit
    assert len(widths) == 1 and widths.pop() * 100 / FRAME_DPI <= 100 * MAX_WIDTH


def test_lookup_frames_are_deterministic():
    W = np.arange(6.0).reshape(3, 2)
    assert lookup_frames(W, dpi=30) == lookup_frames(W, dpi=30)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"dpi": 5}, ValueError, "dpi must be in 10..300, got 5"),
        ({"dpi": 80.0}, TypeError, "dpi must be an integer in 10..300, got 80.0"),
        ({"dpi": True}, TypeError, "dpi must be an integer in 10..300, got True"),
    ],
)
def test_lookup_frames_errors(kwargs, error, message):
    with pytest.raises(error) as info:
        lookup_frames(np.ones((2, 2)), **kwargs)
    assert message in str(info.value)


def test_lookup_frames_needs_a_matrix():
    with pytest.raises(ValueError, match=r"W must be 2-D of shape \(V, d\), got shape \(4,\)"):
        lookup_frames(np.ones(4))


# --------------------------------------------------------------------------- plot_costs
def test_plot_costs_log_axes_labels_and_lines():
    rows = measure_costs([10, 30, 90], num_tokens=4, dim=2, repeat=1)
    fig = plot_costs(rows)
    ax_t, ax_m = fig.axes
    for ax in (ax_t, ax_m):
        assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
        assert ax.get_xlabel() == "vocabulary size V"
        assert ax.get_ylabel() and ax.get_title()
        assert len(ax.get_lines()) == 3
        assert list(ax.get_lines()[0].get_xdata()) == [10, 30, 90]
    assert list(ax_m.get_lines()[0].get_ydata()) == [r.input_nbytes["dense"] for r in rows]
    assert "n = 4 ids" in ax_t.get_title()
    assert ax_t.get_ylabel() == "time per call (ms, best of 1)"
    assert fig.get_size_inches()[0] <= MAX_WIDTH + 1e-9
    assert _smallest_font(fig) >= 9
    (legend,) = fig.legends                       # one legend, for both panels
    assert [t.get_text().splitlines()[0] for t in legend.get_texts()] == [
        "dense one_hot(ids) @ W", "CSR one_hot(ids) @ W", "lookup W[ids]"]
    for ax in (ax_t, ax_m):                       # and it sits below the panels
        assert legend.get_window_extent().y1 < ax.get_window_extent().y0


def test_plot_costs_names_the_number_of_rounds():
    rows = measure_costs([10, 30], num_tokens=4, dim=2, repeat=3)
    assert plot_costs(rows).axes[0].get_ylabel() == "time per call (ms, best of 3)"


@pytest.mark.parametrize(
    ("rows", "error", "message"),
    [
        ([], ValueError, "rows must contain at least one CostRow, got none"),
        ("rows", TypeError, "rows must be a sequence of CostRow, got str"),
        ([1, 2], TypeError, "rows[0] must be a CostRow, got int"),
    ],
)
def test_plot_costs_errors(rows, error, message):
    with pytest.raises(error) as info:
        plot_costs(rows)
    assert message in str(info.value)
