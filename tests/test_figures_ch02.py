"""embedlab.figures.ch02: the layer drawn as units and edges, and the chapter's figures."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from embedlab.figures.ch02 import (  # noqa: E402
    MAX_TOKENS,
    MAX_UNITS,
    MAX_WIDTH,
    draw_layer,
    edge_lines,
    highlighted_edges,
    layer_figure,
    layer_frames,
)

TOKENS = ["cat", "dog", "fish", "bird", "cow"]


@pytest.fixture
def W() -> np.ndarray:
    return np.random.default_rng(2).uniform(-1, 1, size=(5, 3)).round(2)


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


# --------------------------------------------------------------- highlighted_edges
def test_highlighted_edges_unit_is_a_column_and_token_is_a_row():
    assert highlighted_edges((3, 2), unit=0) == [(0, 0), (1, 0), (2, 0)]
    assert highlighted_edges((3, 2), token=1) == [(1, 0), (1, 1)]
    assert highlighted_edges((3, 2)) == []


@given(st.integers(1, 9), st.integers(1, 9), st.data())
def test_every_edge_belongs_to_one_unit_and_one_token(V, d, data):
    j = data.draw(st.integers(0, d - 1))
    i = data.draw(st.integers(0, V - 1))
    column = set(highlighted_edges((V, d), unit=j))
    row = set(highlighted_edges((V, d), token=i))
    assert len(column) == V and len(row) == d
    assert column & row == {(i, j)}


def test_highlighted_edges_refuses_both():
    with pytest.raises(ValueError, match=r"give unit or token, not both \(got unit=0 and token=1\)"):
        highlighted_edges((3, 2), unit=0, token=1)


@pytest.mark.parametrize("shape", [(3,), (0, 2), (2, -1), "ab", (2.0, 3), None])
def test_highlighted_edges_refuses_bad_shapes(shape):
    with pytest.raises(ValueError, match="shape must be a pair of positive integers"):
        highlighted_edges(shape)


def test_highlighted_edges_refuses_bad_indices():
    with pytest.raises(IndexError, match=r"unit must be in 0\.\.1 \(there are 2 output units\), got 2"):
        highlighted_edges((3, 2), unit=2)
    with pytest.raises(IndexError, match=r"token must be in 0\.\.2 \(there are 3 tokens\), got -1"):
        highlighted_edges((3, 2), token=-1)
    with pytest.raises(TypeError, match="unit must be None or an integer, got 1.0"):
        highlighted_edges((3, 2), unit=1.0)
    with pytest.raises(TypeError, match="token must be None or an integer, got True"):
        highlighted_edges((3, 2), token=True)


# --------------------------------------------------------------- draw_layer
@pytest.mark.parametrize("shape", [(1, 1), (5, 3), (2, 8), (12, 4)])
def test_draw_layer_draws_one_edge_per_entry(shape):
    W = np.arange(np.prod(shape), dtype=float).reshape(shape) - 3
    ax = draw_layer(W)
    edges = edge_lines(ax)
    assert sorted(edges) == [(i, j) for i in range(shape[0]) for j in range(shape[1])]
    assert ax.get_title() == f"V = {shape[0]} inputs, d = {shape[1]} units, {W.size} edges"
    assert ax.get_xlabel()


def test_draw_layer_without_highlight_draws_all_edges_alike(W):
    edges = edge_lines(draw_layer(W))
    assert {line.get_alpha() for line in edges.values()} == {0.85}


def test_highlight_unit_singles_out_its_column(W):
    ax = draw_layer(W, highlight_unit=1, token_labels=TOKENS)
    edges = edge_lines(ax)
    on = sorted(e for e, line in edges.items() if line.get_alpha() == 1.0)
    assert on == [(i, 1) for i in range(5)]
    assert all(line.get_alpha() < 0.2 for e, line in edges.items() if e not in on)
    labels = [t for t in ax.texts if (t.get_gid() or "").startswith("edge-label")]
    assert sorted(t.get_text() for t in labels) == sorted(f"{w:.2f}" for w in W[:, 1])
    assert ax.get_title() == "unit 1 reads column 1 of W"
    outputs = [c for c in ax.collections if c.get_gid() == "output-units"][0]
    faces = outputs.get_facecolors()
    assert not np.allclose(faces[1], faces[0]) and np.allclose(faces[0], faces[2])


def test_highlight_token_feeds_a_one_hot_input(W):
    ax = draw_layer(W, highlight_token=2, token_labels=TOKENS)
    edges = edge_lines(ax)
    on = sorted(e for e, line in edges.items() if line.get_alpha() == 1.0)
    assert on == [(2, 0), (2, 1), (2, 2)]
    texts = _texts(ax)
    assert texts.count("1") == 1 and texts.count("0") == 4          # the one-hot x
    for j in range(3):                                               # y_j = W[2, j]
        assert f"unit {j} = {W[2, j]:.2f}" in texts
    assert ax.get_title() == "token 'fish' sends row 2 of W"


@pytest.mark.parametrize("highlight", [{"unit": 0}, {"unit": 2}, {"token": 0}, {"token": 4}])
def test_edge_labels_run_beside_their_edges_not_on_them(W, highlight):
    """Each weight sits off its edge's centre line, clear of the line's width."""
    fig = layer_figure(W, token_labels=TOKENS, **highlight)
    net = fig.axes[0]
    fig.canvas.draw()
    edges = edge_lines(net)
    labels = [t for t in net.texts if (t.get_gid() or "").startswith("edge-label")]
    assert labels
    dpi = fig.dpi
    for label in labels:
        i, j = (int(k) for k in label.get_gid().split("-")[2:])
        line = edges[(i, j)]
        p0, p1 = net.transData.transform(np.column_stack(line.get_data()))
        centre = label.get_transform().transform(label.get_position())
        direction = (p1 - p0) / np.hypot(*(p1 - p0))
        offset = centre - p0
        distance = abs(direction[0] * offset[1] - direction[1] * offset[0])
        half_text = label.get_fontsize() / 72 * dpi * 0.6
        half_line = line.get_linewidth() / 72 * dpi / 2
        assert distance > half_text + half_line
        # and the text runs parallel to the edge
        angle = np.degrees(np.arctan2(direction[1], direction[0]))
        assert (label.get_rotation() - angle + 180) % 360 - 180 == pytest.approx(0, abs=0.5)


def _label_clearance(fig, label, line) -> float:
    """Pixels between a label's text box and a line's stroke (< 0: they touch)."""
    net = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    flat = matplotlib.text.Text(0, 0, label.get_text(),
                                fontproperties=label.get_fontproperties())
    flat.set_figure(fig)
    box = flat.get_window_extent(renderer)           # the text box, unrotated
    angle = np.radians(label.get_rotation())         # as drawn on the page
    along, across = np.array([np.cos(angle), np.sin(angle)]), np.array([-np.sin(angle), np.cos(angle)])
    centre = label.get_transform().transform(label.get_position())
    p0, p1 = net.transData.transform(np.column_stack(line.get_data()))
    points = p0 + np.linspace(0, 1, 500)[:, None] * (p1 - p0) - centre
    dx = np.abs(points @ along) - box.width / 2
    dy = np.abs(points @ across) - box.height / 2
    outside = np.hypot(np.maximum(dx, 0), np.maximum(dy, 0))
    inside = np.maximum(dx, dy)
    gap = np.where((dx > 0) | (dy > 0), outside, inside)
    return float(gap.min() - line.get_linewidth() / 72 * fig.dpi / 2)


@pytest.mark.parametrize("highlight", [{"unit": j} for j in range(3)] + [{"token": i} for i in range(5)])
def test_edge_labels_touch_no_singled_out_edge(W, highlight):
    fig = layer_figure(W, token_labels=TOKENS, **highlight)
    fig.canvas.draw()
    net = fig.axes[0]
    on = [line for line in edge_lines(net).values() if line.get_alpha() == 1.0]
    labels = [t for t in net.texts if (t.get_gid() or "").startswith("edge-label")]
    assert len(labels) == len(on)
    for label in labels:
        for line in on:
            assert _label_clearance(fig, label, line) > 0


@pytest.mark.parametrize("highlight", [{"unit": 1}, {"token": 2}, {}])
def test_layer_figure_fits_the_page_at_full_size(W, highlight):
    fig = layer_figure(W, token_labels=TOKENS, **highlight)
    assert fig.get_size_inches()[0] <= MAX_WIDTH + 1e-9
    renderer = fig.canvas.get_renderer()
    assert fig.get_tightbbox(renderer).width <= MAX_WIDTH + 0.01
    texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_text().strip()]
    assert min(t.get_fontsize() for t in texts) >= 9


def test_edge_colour_shows_sign_and_width_shows_size():
    W = np.array([[1.0, -1.0, 0.25]])
    edges = edge_lines(draw_layer(W))
    red = matplotlib.colors.to_rgba(edges[(0, 0)].get_color())
    blue = matplotlib.colors.to_rgba(edges[(0, 1)].get_color())
    assert red[0] > red[2] and blue[2] > blue[0]
    assert edges[(0, 0)].get_linewidth() == edges[(0, 1)].get_linewidth()
    assert edges[(0, 2)].get_linewidth() < edges[(0, 0)].get_linewidth()


def test_draw_layer_accepts_an_all_zero_matrix_and_an_axes():
    fig, ax = plt.subplots()
    assert draw_layer(np.zeros((2, 2)), ax, title="zeros") is ax
    assert ax.get_title() == "zeros"
    assert len(edge_lines(ax)) == 4


def test_draw_layer_errors(W):
    with pytest.raises(TypeError, match="W must be a numeric matrix, got dtype <U1"):
        draw_layer([["a"]])
    with pytest.raises(TypeError, match="W must be a numeric matrix, got dtype bool"):
        draw_layer(np.ones((2, 2), dtype=bool))
    with pytest.raises(ValueError, match=re.escape(
            "W must be a non-empty 2-D array (rows, columns), got shape (3,)")):
        draw_layer(np.ones(3))
    with pytest.raises(ValueError, match=re.escape(
            "W must be a non-empty 2-D array (rows, columns), got shape (0, 3)")):
        draw_layer(np.ones((0, 3)))
    with pytest.raises(ValueError, match=r"W contains nan at position \(1, 0\)"):
        draw_layer(np.array([[1.0], [np.nan]]))
    with pytest.raises(ValueError, match=rf"W has shape \(13, 2\); .* up to {MAX_TOKENS} tokens"):
        draw_layer(np.ones((MAX_TOKENS + 1, 2)))
    with pytest.raises(ValueError, match=rf"and {MAX_UNITS} units"):
        draw_layer(np.ones((2, MAX_UNITS + 1)))
    with pytest.raises(ValueError, match="token_labels has 2 entries, but W has 5 rows"):
        draw_layer(W, token_labels=["a", "b"])
    with pytest.raises(TypeError, match="token_labels must be a list with one label per row, got str"):
        draw_layer(W, token_labels="abcde")
    with pytest.raises(IndexError, match=r"highlight_unit must be in 0\.\.2 .* got 3"):
        draw_layer(W, highlight_unit=3)
    with pytest.raises(IndexError, match=r"highlight_token must be in 0\.\.4 .* got 5"):
        draw_layer(W, highlight_token=5)
    with pytest.raises(ValueError, match="give highlight_unit or highlight_token, not both"):
        draw_layer(W, highlight_unit=0, highlight_token=0)
    with pytest.raises(TypeError, match="title must be a string or None, got 3"):
        draw_layer(W, title=3)


def test_edge_lines_needs_an_axes():
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes, got Figure"):
        edge_lines(plt.figure())


# --------------------------------------------------------------- layer_figure
def _outlines(ax) -> list[tuple[float, float, float, float]]:
    return [(p.get_x(), p.get_y(), p.get_width(), p.get_height())
            for p in ax.patches if isinstance(p, Rectangle)]


def test_layer_figure_outlines_the_column_or_the_row(W):
    net, grid = layer_figure(W, unit=2, token_labels=TOKENS).axes
    assert _outlines(grid) == [(1.5, -0.5, 1, 5)]            # column 2, all 5 rows
    assert len(edge_lines(net)) == 15
    assert grid.get_xlabel() == "column j = output unit j"
    net, grid = layer_figure(W, token=4, token_labels=TOKENS).axes
    assert _outlines(grid) == [(-0.5, 3.5, 3, 1)]            # row 4, all 3 columns
    assert grid.get_title() == "row 4 of W:\nthe vector of 'cow'"
    net, grid = layer_figure(W).axes
    assert _outlines(grid) == [] and grid.get_title() == "W, shape (5, 3)"


def test_layer_figure_errors(W):
    with pytest.raises(IndexError, match=r"unit must be in 0\.\.2"):
        layer_figure(W, unit=7)
    with pytest.raises(ValueError, match="give highlight_unit or highlight_token, not both"):
        layer_figure(W, unit=0, token=0)
    with pytest.raises(ValueError, match=re.escape(
            "W must be a non-empty 2-D array (rows, columns), got shape (2, 2, 2)")):
        layer_figure(np.ones((2, 2, 2)))


# --------------------------------------------------------------- layer_frames
def test_layer_frames_one_per_unit_then_one_per_token(W):
    frames, labels = layer_frames(W, token_labels=TOKENS, dpi=30)
    assert labels == ["unit 0", "unit 1", "unit 2"] + [f"token {t}" for t in TOKENS]
    assert len(frames) == 8 and len(set(frames)) == 8
    assert all(f[:8] == b"\x89PNG\r\n\x1a\n" for f in frames)
    assert layer_frames(W, token_labels=TOKENS, dpi=30)[0] == frames     # deterministic
    assert plt.get_fignums() == []                                       # figures closed


def test_layer_frames_errors(W):
    with pytest.raises(TypeError, match="dpi must be an integer, got 80.0"):
        layer_frames(W, dpi=80.0)
    with pytest.raises(ValueError, match=r"dpi must be in 20\.\.300, got 10"):
        layer_frames(W, dpi=10)
    with pytest.raises(ValueError, match="token_labels must be distinct"):
        layer_frames(W, token_labels=["a", "a", "b", "c", "d"])
