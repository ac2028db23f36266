"""Figures of chapter 2: a weight matrix drawn as a network of units.

A layer with weight matrix ``W`` of shape ``(V, d)`` has ``V`` input units
(one per vocabulary entry, fed a one-hot row vector ``x``) and ``d`` output
units. Every entry of ``W`` is one edge: ``W[i, j]`` is the weight on the edge
from input ``i`` to output ``j``. Two readings of the same matrix follow:

* **column** ``j`` holds the *incoming* weights of output unit ``j``;
* **row** ``i`` holds the *outgoing* weights of input ``i``, which is the
  vector of token ``i``.

:func:`draw_layer` draws the network on one Axes; :func:`layer_figure` puts
it next to the heat map of ``W`` with the chosen column or row outlined;
:func:`layer_frames` renders one such figure per unit and per token for a
kernel-free widget. :func:`~embedlab.figures.ch02_units.unit_bars` (in
:mod:`embedlab.figures.ch02_units`) shows what each unit responds to, and
:func:`~embedlab.figures.ch02_units.alignment_figure` shows how well each column follows a known feature
(measured by :func:`embedlab.inspection.column_alignment`).

All functions are pure: they validate their inputs, draw, and return the
Matplotlib object; nothing is printed and no global state is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib as mpl
import numpy as np

from .._validation import (
    check_labels,
    check_matrix,
    check_optional_index,
    is_int,
)
from .style import DIVERGING_CMAP, FRAME_DPI, OKABE_ITO, figure_to_png, heatmap

__all__ = [
    "MAX_WIDTH",
    "MAX_TOKENS",
    "MAX_UNITS",
    "highlighted_edges",
    "draw_layer",
    "edge_lines",
    "layer_figure",
    "layer_frames",
]


#: Width of the book's figures in inches. At 100 dpi they fill the page's
#: content column (about 690 px) without being scaled down.
MAX_WIDTH = 6.9


#: Largest number of input units (tokens) :func:`draw_layer` draws legibly.
MAX_TOKENS = 12


#: Largest number of output units :func:`draw_layer` draws legibly.
MAX_UNITS = 8


_FADED_ALPHA = 0.12


_PLAIN_ALPHA = 0.85


_NODE_SIZE = 420


_HIGHLIGHT = OKABE_ITO[0]  # orange


def _check_drawable(arr: np.ndarray, name: str = "W") -> None:
    V, d = arr.shape
    if V > MAX_TOKENS or d > MAX_UNITS:
        raise ValueError(
            f"{name} has shape {arr.shape}; a network drawing stays legible up to "
            f"{MAX_TOKENS} tokens and {MAX_UNITS} units, so draw a slice such as "
            f"{name}[:{MAX_TOKENS}, :{MAX_UNITS}]"
        )


def _check_shape(shape: Any) -> tuple[int, int]:
    if (
        not isinstance(shape, (tuple, list))
        or len(shape) != 2
        or not all(is_int(n) and n >= 1 for n in shape)
    ):
        raise ValueError(f"shape must be a pair of positive integers (V, d), got {shape!r}")
    return int(shape[0]), int(shape[1])


def _token_labels(token_labels: Any, count: int) -> list[str]:
    """One label per row of ``W``; the row numbers when none are given."""
    if token_labels is None:
        return [str(i) for i in range(count)]
    return check_labels(token_labels, count, "token_labels", "W has {count} rows (tokens)")


def _check_layer_args(
    W: Any, token_labels: Any, unit: Any, token: Any, unit_name: str, token_name: str
) -> tuple[np.ndarray, list[str], int | None, int | None]:
    """A drawable ``W``, its token labels, and the optional unit and token to highlight."""
    arr = check_matrix(W, "W", axes="(rows, columns)")
    _check_drawable(arr)
    V, d = arr.shape
    labels = _token_labels(token_labels, V)
    return (arr, labels, check_optional_index(unit, d, unit_name, "output units"),
            check_optional_index(token, V, token_name, "tokens"))


def highlighted_edges(
    shape: tuple[int, int], *, unit: int | None = None, token: int | None = None
) -> list[tuple[int, int]]:
    """The edges ``(i, j)`` that a unit or a token singles out.

    Parameters
    ----------
    shape : (int, int)
        ``(V, d)``: the number of input units (tokens) and of output units.
    unit : int, optional
        Output unit ``j``: its incoming edges ``(0, j), ..., (V-1, j)``,
        i.e. column ``j`` of ``W``.
    token : int, optional
        Input unit ``i``: its outgoing edges ``(i, 0), ..., (i, d-1)``,
        i.e. row ``i`` of ``W``. Give ``unit`` or ``token``, not both.

    Returns
    -------
    list of (int, int)
        Sorted edges; empty when neither is given.

    Raises
    ------
    ValueError
        If ``shape`` is not a pair of positive integers, or both ``unit`` and
        ``token`` are given.
    TypeError, IndexError
        If ``unit`` or ``token`` is not an integer in range.

    Examples
    --------
    >>> highlighted_edges((4, 2), unit=1)
    [(0, 1), (1, 1), (2, 1), (3, 1)]
    >>> highlighted_edges((4, 2), token=3)
    [(3, 0), (3, 1)]
    >>> highlighted_edges((4, 2))
    []
    """
    V, d = _check_shape(shape)
    unit = check_optional_index(unit, d, "unit", "output units")
    token = check_optional_index(token, V, "token", "tokens")
    if unit is not None and token is not None:
        raise ValueError(
            f"give unit or token, not both (got unit={unit} and token={token})"
        )
    if unit is not None:
        return [(i, unit) for i in range(V)]
    if token is not None:
        return [(token, j) for j in range(d)]
    return []


def _edge_style(w: float, scale: float) -> tuple[tuple[float, ...], float]:
    """Colour by sign (the heat map's colours, kept saturated) and width by size."""
    strength = abs(w) / scale
    cmap = mpl.colormaps[DIVERGING_CMAP]
    colour = cmap(0.5 + 0.5 * np.sign(w) * (0.35 + 0.65 * strength))
    return colour, 0.6 + 4.4 * strength


#: Font size of the weights written along edges; their distance from the
#: edge's centre line, clear of the widest edge; and the distance along the
#: edge from the centre of the unit they are written next to, clear of the
#: unit's circle. All distances in inches.
_EDGE_FONT, _EDGE_OFFSET, _EDGE_ALONG = 9.5, 0.15, 0.38


def _edge_label(ax: Any, start: tuple[float, float], end: tuple[float, float],
                text: str, *, near_end: bool, gid: str) -> Any:
    """Write ``text`` along the edge from ``start`` to ``end``, just above it.

    The text is turned to run parallel to the edge and moved
    :data:`_EDGE_OFFSET` inches off the line on its upper side, so it never
    covers the edge it names. It sits :data:`_EDGE_ALONG` inches from the
    unit at ``start`` (or at ``end`` if ``near_end``): as close to that unit
    as its circle allows, where edges that meet at the other unit are
    farthest apart.
    """
    from matplotlib.transforms import ScaledTranslation

    (x0, y0), (x1, y1) = start, end
    p0, p1 = ax.transData.transform([start, end])
    length = float(np.hypot(*(p1 - p0)))
    ux, uy = (p1 - p0) / length
    t = float(np.clip(_EDGE_ALONG * ax.figure.dpi / length, 0.1, 0.45))
    if near_end:
        t = 1.0 - t
    shift = ScaledTranslation(-uy * _EDGE_OFFSET, ux * _EDGE_OFFSET,
                              ax.figure.dpi_scale_trans)
    return ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), text,
                   transform=ax.transData + shift,
                   rotation=float(np.degrees(np.arctan2(y1 - y0, x1 - x0))),
                   transform_rotates_text=True, rotation_mode="anchor",
                   ha="center", va="center", fontsize=_EDGE_FONT, zorder=4, gid=gid)


def draw_layer(
    W: Any,
    ax: Any = None,
    *,
    highlight_unit: int | None = None,
    highlight_token: int | None = None,
    token_labels: Sequence[str] | None = None,
    title: str | None = None,
) -> Any:
    """Draw the layer ``y = x W`` as a network of input and output units.

    Input unit ``i`` (left) stands for token ``i``; output unit ``j``
    (right) for column ``j``. The edge from ``i`` to ``j`` carries
    ``W[i, j]``: its colour gives the sign (red positive, blue negative, as
    in the book's heat maps) and its width the size.

    Parameters
    ----------
    W : array-like, shape (V, d)
        The weight matrix; at most :data:`MAX_TOKENS` rows and
        :data:`MAX_UNITS` columns.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made if omitted.
    highlight_unit : int, optional
        Output unit ``j`` to single out: its incoming edges (column ``j``)
        are drawn in full colour with their weights written beside them
        (parallel to the edge, just above it), the others faded.
    highlight_token : int, optional
        Token ``i`` to feed in: its input unit holds 1 and the others 0, its
        outgoing edges (row ``i``) are singled out and labelled the same
        way, and each output unit shows the value it computes, ``W[i, j]``.
        Give at most one of ``highlight_unit`` and ``highlight_token``.
    token_labels : sequence of str, optional
        One label per token (row of ``W``); defaults to the ids.
    title : str, optional
        Axes title; a description of the highlight by default.

    Returns
    -------
    matplotlib.axes.Axes
        Each edge is a ``Line2D`` whose gid is ``"edge-i-j"``
        (see :func:`edge_lines`); singled-out edges have alpha 1.

    Raises
    ------
    TypeError
        If ``W`` is not numeric or an index is not an integer.
    ValueError
        If ``W`` is not 2-D, is empty, has non-finite values or is too large
        to draw; if ``token_labels`` has the wrong length; if both
        highlights are given.
    IndexError
        If a highlight is out of range.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> W = np.array([[0.5, -0.2], [0.1, 0.9], [-0.7, 0.3]])
    >>> ax = draw_layer(W, highlight_unit=1, token_labels=["cat", "dog", "cow"])
    >>> edges = edge_lines(ax)
    >>> len(edges)                       # one edge per entry of W
    6
    >>> sorted(e for e, line in edges.items() if line.get_alpha() == 1.0)
    [(0, 1), (1, 1), (2, 1)]
    >>> plt.close(ax.figure)
    """
    arr, labels, unit, token = _check_layer_args(
        W, token_labels, highlight_unit, highlight_token, "highlight_unit", "highlight_token"
    )
    V, d = arr.shape
    if unit is not None and token is not None:
        raise ValueError(
            "give highlight_unit or highlight_token, not both "
            f"(got highlight_unit={unit} and highlight_token={token})"
        )
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a string or None, got {title!r}")
    chosen = set(highlighted_edges((V, d), unit=unit, token=token))
    any_chosen = bool(chosen)

    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    if ax is None:
        _, ax = plt.subplots(figsize=(4.0, 0.55 * max(V, d) + 1.8))

    y_in = np.arange(V, dtype=float)[::-1]
    y_out = (V - 1) / 2 + (d - 1) / 2 - np.arange(d, dtype=float)
    scale = float(np.max(np.abs(arr))) or 1.0
    top = max(y_in.max(), y_out.max()) + 0.9
    bottom = min(y_in.min(), y_out.min()) - 0.6
    # The limits come first: edge labels are placed in display space.
    ax.set_xlim(-0.6, 2.0)
    ax.set_ylim(bottom, top + 0.35)

    for i in range(V):
        for j in range(d):
            w = float(arr[i, j])
            colour, width = _edge_style(w, scale)
            on = (i, j) in chosen
            alpha = 1.0 if on else (_FADED_ALPHA if any_chosen else _PLAIN_ALPHA)
            line = Line2D([0.0, 1.0], [y_in[i], y_out[j]], color=colour, linewidth=width,
                          alpha=alpha, zorder=2 if on else 1, solid_capstyle="round")
            line.set_gid(f"edge-{i}-{j}")
            ax.add_line(line)
            if on:
                # Where the singled-out edges are farthest apart: near the
                # inputs for a unit's (they meet at the unit), near the
                # outputs for a token's (they leave one input).
                _edge_label(ax, (0.0, y_in[i]), (1.0, y_out[j]), f"{w:.2f}",
                            near_end=token is not None, gid=f"edge-label-{i}-{j}")

    in_faces = ["white"] * V
    out_faces = ["white"] * d
    if token is not None:
        in_faces[token] = _HIGHLIGHT
    if unit is not None:
        out_faces[unit] = _HIGHLIGHT
    ax.scatter(np.zeros(V), y_in, s=_NODE_SIZE, c=in_faces, edgecolors="black",
               linewidths=1.2, zorder=3, gid="input-units")
    ax.scatter(np.ones(d), y_out, s=_NODE_SIZE, c=out_faces, edgecolors="black",
               linewidths=1.2, zorder=3, gid="output-units")

    for i in range(V):
        ax.text(-0.14, y_in[i], labels[i], ha="right", va="center", fontsize=11)
        if token is not None:
            ax.text(0.0, y_in[i], "1" if i == token else "0", ha="center", va="center",
                    fontsize=10, zorder=4)
    for j in range(d):
        text = f"unit {j}"
        if token is not None:
            text += f" = {arr[token, j]:.2f}"
        ax.text(1.14, y_out[j], text, ha="left", va="center", fontsize=11)

    ax.text(0.0, top - 0.25, "inputs: one-hot x", ha="center", va="bottom", fontsize=10)
    ax.text(1.0, top - 0.25, "outputs: y = xW", ha="center", va="bottom", fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel("edge i \u2192 j carries W[i, j]\nred +, blue \u2212, width = size",
                  fontsize=10)
    if title is None:
        if unit is not None:
            title = f"unit {unit} reads column {unit} of W"
        elif token is not None:
            title = f"token '{labels[token]}' sends row {token} of W"
        else:
            title = f"V = {V} inputs, d = {d} units, {V * d} edges"
    ax.set_title(title)
    return ax


def edge_lines(ax: Any) -> dict[tuple[int, int], Any]:
    """Return the edges drawn by :func:`draw_layer`, keyed by ``(i, j)``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        An Axes that :func:`draw_layer` drew on.

    Returns
    -------
    dict
        ``{(i, j): Line2D}`` for every edge; empty if there are none.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = draw_layer(np.ones((2, 3)))
    >>> sorted(edge_lines(ax))[:4]
    [(0, 0), (0, 1), (0, 2), (1, 0)]
    >>> plt.close(ax.figure)
    """
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
    edges = {}
    for line in ax.lines:
        gid = line.get_gid() or ""
        parts = gid.split("-")
        if len(parts) == 3 and parts[0] == "edge":
            edges[(int(parts[1]), int(parts[2]))] = line
    return edges


def layer_figure(
    W: Any,
    *,
    unit: int | None = None,
    token: int | None = None,
    token_labels: Sequence[str] | None = None,
) -> Any:
    """The network and the heat map of ``W`` side by side, one reading singled out.

    With ``unit=j`` the network highlights unit ``j``'s incoming edges and
    the heat map outlines column ``j``; with ``token=i`` the network feeds
    token ``i`` and the heat map outlines row ``i``.

    Parameters
    ----------
    W : array-like, shape (V, d)
        As for :func:`draw_layer`.
    unit, token : int, optional
        At most one of them.
    token_labels : sequence of str, optional
        One label per row of ``W``.

    Returns
    -------
    matplotlib.figure.Figure
        Two Axes: the network, then the heat map.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = layer_figure(np.eye(3), token=1, token_labels=["a", "b", "c"])
    >>> net, grid = fig.axes
    >>> grid.get_title()
    "row 1 of W:\\nthe vector of 'b'"
    >>> plt.close(fig)
    """
    arr, labels, unit, token = _check_layer_args(W, token_labels, unit, token, "unit", "token")
    V, d = arr.shape

    import matplotlib.pyplot as plt

    # Axes placed by hand, in inches, so that the map's size, and so the
    # network's, is fixed before the network places its edge labels.
    cell = 0.55
    rows_h = cell * max(V, d)
    height = rows_h + 2.3
    map_w = cell * d
    map_right = 0.3                      # room for the map's axis label to overhang
    net_w = MAX_WIDTH - map_w - map_right - 1.0
    fig = plt.figure(figsize=(MAX_WIDTH, height))
    ax_net = fig.add_axes((0.0, 0.75 / height, net_w / MAX_WIDTH, (rows_h + 1.3) / height))
    ax_map = fig.add_axes(((MAX_WIDTH - map_w - map_right) / MAX_WIDTH,
                           (0.75 + (rows_h - cell * V) / 2 + 0.2) / height,
                           map_w / MAX_WIDTH, cell * V / height))
    draw_layer(arr, ax_net, highlight_unit=unit, highlight_token=token, token_labels=labels)
    if unit is not None:
        map_title = f"column {unit} of W:\nunit {unit}'s weights"
    elif token is not None:
        map_title = f"row {token} of W:\nthe vector of '{labels[token]}'"
    else:
        map_title = f"W, shape ({V}, {d})"
    heatmap(arr, ax=ax_map, row_labels=labels, col_labels=[str(j) for j in range(d)],
            outline_cols=[] if unit is None else [unit],
            outline_rows=[] if token is None else [token],
            title=map_title, xlabel="column j = output unit j", ylabel="row i = token i")
    for text in ax_map.texts:
        text.set_fontsize(10)
    for ax in (ax_net, ax_map):
        ax.title.set_fontsize(12)
    ax_map.xaxis.label.set_fontsize(11)
    ax_map.yaxis.label.set_fontsize(11)
    return fig


def layer_frames(
    W: Any, *, token_labels: Sequence[str] | None = None, dpi: int = FRAME_DPI
) -> tuple[list[bytes], list[str]]:
    """One PNG of :func:`layer_figure` per unit, then one per token.

    Parameters
    ----------
    W : array-like, shape (V, d)
        As for :func:`draw_layer`.
    token_labels : sequence of str, optional
        One label per row of ``W``; also used for the button labels.
    dpi : int, default :data:`~embedlab.figures.style.FRAME_DPI` (200)
        Resolution of the PNGs, 20 to 300; at 100 a frame is at most
        :data:`MAX_WIDTH` inches, about 690 pixels, wide.

    Returns
    -------
    frames : list of bytes
        ``d + V`` PNG images.
    labels : list of str
        ``"unit 0", ..., "unit d-1"``, then ``"token <label>"`` for each row:
        ready for :func:`embedlab.figures.widgets.toggle_stack`.

    Examples
    --------
    >>> frames, labels = layer_frames(np.eye(2), token_labels=["yes", "no"], dpi=20)
    >>> labels
    ['unit 0', 'unit 1', 'token yes', 'token no']
    >>> all(f[:4] == b"\\x89PNG" for f in frames)
    True
    """
    arr = check_matrix(W, "W", axes="(rows, columns)")
    _check_drawable(arr)
    V, d = arr.shape
    labels = _token_labels(token_labels, V)
    if len(set(labels)) != V:
        raise ValueError(f"token_labels must be distinct (they label buttons), got {labels}")
    if not is_int(dpi):
        raise TypeError(f"dpi must be an integer, got {dpi!r}")
    if not 20 <= dpi <= 300:
        raise ValueError(f"dpi must be in 20..300, got {dpi}")
    frames: list[bytes] = []
    for j in range(d):
        frames.append(figure_to_png(layer_figure(arr, unit=j, token_labels=labels), dpi=dpi))
    for i in range(V):
        frames.append(figure_to_png(layer_figure(arr, token=i, token_labels=labels), dpi=dpi))
    names = [f"unit {j}" for j in range(d)] + [f"token {label}" for label in labels]
    return frames, names
