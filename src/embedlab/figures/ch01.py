"""Figures of chapter 1, one-hot vectors and the lookup.

* :func:`draw_product` draws ``input × W = output`` as three labelled heat
  maps, the input and ``W`` on one line and the output under ``W``,
  with the nonzero inputs, the rows of ``W`` they select
  and the output rows outlined in matching colours and line styles;
* :func:`lookup_frames` renders one such picture per token id, the frames of
  a kernel-free slider;
* :func:`plot_costs` draws the time and the input memory of the three ways
  of computing ``W[ids]`` (see :mod:`embedlab.costs`) against the vocabulary
  size, on log-log axes.

Every function returns a Matplotlib figure (or PNG bytes) and prints nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .._validation import check_int_in_range, check_matrix
from ..costs import METHODS, CostRow
from .style import FRAME_DPI, OKABE_ITO, figure_to_png, heatmap

__all__ = [
    "MAX_WIDTH",
    "OUTLINE_STYLES",
    "draw_product",
    "lookup_frames",
    "plot_costs",
]


#: Colour and line style of the outline for input rows 0, 1, 2 and so on (black,
#: orange, reddish purple, bluish green: Okabe-Ito), with a different dash
#: pattern each, so the rows stay distinguishable without colour.
OUTLINE_STYLES: list[tuple[str, Any]] = [
    (OKABE_ITO[7], "solid"),
    (OKABE_ITO[0], (0, (4, 2))),
    (OKABE_ITO[6], (0, (1, 1.5))),
    (OKABE_ITO[2], (0, (6, 2, 1, 2))),
]


#: Line colour, marker and legend entry of each method in :func:`plot_costs`:
#: what it computes, and the input it is given.
METHOD_STYLES: dict[str, tuple[str, str, str]] = {
    "dense": (OKABE_ITO[5], "o", "dense one_hot(ids) @ W\ninput: n × V floats"),
    "sparse": (OKABE_ITO[4], "s", "CSR one_hot(ids) @ W\ninput: n ones + indices"),
    "lookup": (OKABE_ITO[2], "^", "lookup W[ids]\ninput: n integer ids"),
}


def _matrix(value: Any, name: str) -> np.ndarray:
    arr = np.asarray(value)
    if arr.dtype.kind == "b":
        arr = arr.astype(np.int8)
    if arr.ndim not in (1, 2) or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D or 2-D array, got shape {arr.shape}")
    return check_matrix(arr.reshape(1, -1) if arr.ndim == 1 else arr, name, as_float=False)


def _outline(ax: Any, row: int, col: int, width: int, height: int, style: int) -> None:
    from matplotlib.patches import Rectangle

    colour, dashes = OUTLINE_STYLES[style % len(OUTLINE_STYLES)]
    inset = 0.09 * style  # nested, so outlines of different rows never hide each other
    ax.add_patch(Rectangle((col - 0.5 + inset, row - 0.5 + inset), width - 2 * inset,
                           height - 2 * inset, fill=False,
                           edgecolor=colour, linestyle=dashes, linewidth=3,
                           clip_on=False, zorder=4))


#: Widest figure in inches. At the book's 100 dpi it fills the page's content
#: column (about 690 px) without being scaled down.
MAX_WIDTH = 6.9


#: Largest and smallest side of one matrix cell, in inches. Cells shrink
#: towards the minimum until the figure fits in :data:`MAX_WIDTH`.
_CELL_MAX, _CELL_MIN = 0.55, 0.4


#: Room for the operator symbol (× or =), for the y-axis label of ``W``, and
#: the padding at both ends, in inches.
_OP_GAP, _YLABEL, _PAD = 0.45, 0.3, 0.08


#: Height between the bottom of ``W`` and the top of the output: W's tick
#: labels and axis label, then the output's title, in inches.
_MID_GAP = 0.85


#: Approximate width of one tick-label character at :data:`_TICK_FONT`, in inches.
_CHAR = 0.085


#: Font sizes, in points: cell numbers, tick labels, axis labels, panel
#: titles, the operators, the figure title.
_CELL_FONT, _TICK_FONT, _LABEL_FONT, _TITLE_FONT, _OP_FONT, _SUPTITLE_FONT = (
    10, 10, 11, 11, 20, 12)


def _label_width(chars: int) -> float:
    return 0.12 + _CHAR * chars


def _equation_axes(
    T: int, V: int, d: int, label_chars: list[int]
) -> tuple[Any, list[Any]]:
    """Axes for ``x × W`` on one line and ``= y`` below ``W``.

    The output sits under ``W`` with its columns aligned to W's columns, so
    a copied row of ``W`` shows the same numbers straight below it.
    ``label_chars`` holds the length of the longest row label of ``x``, of
    ``W`` and of ``y``. Cells are square, as large as fits in
    :data:`MAX_WIDTH` (between ``_CELL_MIN`` and ``_CELL_MAX`` inches).
    """
    import matplotlib.pyplot as plt

    lx, lw, ly = (_label_width(n) for n in label_chars)
    gap = _OP_GAP + max(lw + _YLABEL, ly)
    fixed = 2 * _PAD + lx + gap
    cell = float(np.clip((MAX_WIDTH - fixed) / (V + d), _CELL_MIN, _CELL_MAX))
    top_h = max(T, V) * cell
    fig_w = fixed + (V + d) * cell
    bottom = 0.75                        # the output's tick labels, axis label and note
    y_out = bottom                       # bottom edge of the output
    y_w = y_out + T * cell + _MID_GAP    # bottom edge of W
    fig_h = y_w + top_h + 0.9            # titles above
    fig = plt.figure(figsize=(fig_w, fig_h))

    def box(left: float, low: float, cols: int, rows: int) -> Any:
        return fig.add_axes((left / fig_w, low / fig_h, cols * cell / fig_w,
                             rows * cell / fig_h))

    x_left = _PAD + lx
    w_left = x_left + V * cell + gap
    centre = y_w + V * cell / 2
    ax_x = box(x_left, centre - T * cell / 2, V, T)
    ax_w = box(w_left, y_w, d, V)
    ax_y = box(w_left, y_out, d, T)
    op_x = (x_left + V * cell + _OP_GAP / 2) / fig_w
    fig.text(op_x, centre / fig_h, "×", ha="center", va="center", fontsize=_OP_FONT)
    fig.text(op_x, (y_out + T * cell / 2) / fig_h, "=", ha="center", va="center",
             fontsize=_OP_FONT)
    return fig, [ax_x, ax_w, ax_y]


def _number_format(arr: np.ndarray) -> str:
    return "{:.0f}" if np.array_equal(arr, np.round(arr)) else "{:.2f}"


def draw_product(
    x: Any,
    W: Any,
    y: Any,
    *,
    x_title: str = "one-hot input",
    w_title: str = "W",
    y_title: str = "output",
    suptitle: str | None = None,
    vocab_labels: Sequence[str] | None = None,
    row_name: str = "token",
) -> Any:
    """Draw ``x × W = y`` as three heat maps, with the selected rows outlined.

    ``x × W`` is written on one line and ``= y`` under it, with the columns
    of ``y`` straight below the columns of ``W``, so a copied row of ``W``
    reappears with every number under the number it copies. The figure is at
    most :data:`MAX_WIDTH` inches wide for up to about ten columns
    (``V + d``); the cells shrink to fit, down to 0.4 inch.

    Row ``i`` of ``x`` gets its own outline style (see
    :data:`OUTLINE_STYLES`): its nonzero cells, the rows of ``W`` they
    select, and row ``i`` of ``y`` are all drawn in that style. A note under
    the output says whether each output row is exactly a row of ``W``
    (computed, not assumed).

    Parameters
    ----------
    x : array-like, shape (T, V) or (V,)
        The input rows (one-hot, multi-hot or counts).
    W : array-like, shape (V, d)
    y : array-like, shape (T, d) or (d,)
        The output rows, computed by the caller (for example with a bias or
        an activation), so the figure can show outputs that are not rows of W.
    x_title, w_title, y_title : str
        Titles of the three panels; the shape is appended to each.
    suptitle : str, optional
        Title of the whole figure.
    vocab_labels : sequence of str, optional
        One name per row of ``W`` (and column of ``x``).
    row_name : str, default "token"
        What a row of ``x`` is called in the tick labels ("token 0", ...);
        for bags of words, "document".

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If the shapes do not fit ``x @ W`` and ``y``, or if ``x`` has more
        than four rows (there are four outline styles).
    TypeError
        If an input is not numeric.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> W = np.arange(6.0).reshape(3, 2)
    >>> x = np.eye(3)[[2, 0]]
    >>> fig = draw_product(x, W, x @ W, suptitle="two ids")
    >>> [ax.get_title() for ax in fig.axes]
    ['one-hot input (2 × 3)', 'W (3 × 2)', 'output (2 × 2)']
    >>> fig.axes[2].get_xlabel().splitlines()[-1]
    'every row is a row of W'
    >>> plt.close(fig)
    """
    xs = _matrix(x, "x")
    Ws = _matrix(W, "W")
    ys = _matrix(y, "y")
    if np.asarray(W).ndim != 2:
        raise ValueError(f"W must be 2-D of shape (V, d), got shape {np.asarray(W).shape}")
    T, V = xs.shape
    d = Ws.shape[1]
    if Ws.shape[0] != V:
        raise ValueError(
            f"x has {V} columns but W has {Ws.shape[0]} rows; x @ W needs them equal"
        )
    if ys.shape != (T, d):
        raise ValueError(f"y must have shape {(T, d)} (rows of x, columns of W), got {ys.shape}")
    if T > len(OUTLINE_STYLES):
        raise ValueError(f"x may have at most {len(OUTLINE_STYLES)} rows to draw, got {T}")
    for text, name in ((x_title, "x_title"), (w_title, "w_title"), (y_title, "y_title"),
                       (row_name, "row_name")):
        if not isinstance(text, str):
            raise TypeError(f"{name} must be a string, got {text!r}")

    w_lim = float(np.max(np.abs(Ws))) or 1.0
    y_lim = max(w_lim, float(np.max(np.abs(ys))))
    x_lim = float(np.max(np.abs(xs))) or 1.0
    tokens = [f"{row_name} {t}" for t in range(T)]
    w_rows = [str(v) for v in vocab_labels] if vocab_labels is not None else [str(V - 1)]
    fig, (ax_x, ax_w, ax_y) = _equation_axes(
        T, V, d, [max(map(len, tokens)), max(map(len, w_rows)), max(map(len, tokens))])
    heatmap(xs, ax=ax_x, row_labels=tokens, col_labels=vocab_labels,
            fmt=_number_format(xs), vmin=-x_lim, vmax=x_lim,
            title=f"{x_title} ({T} × {V})", xlabel="vocabulary id v")
    heatmap(Ws, ax=ax_w, row_labels=vocab_labels, fmt=_number_format(Ws),
            vmin=-w_lim, vmax=w_lim, title=f"{w_title} ({V} × {d})",
            xlabel="output j", ylabel="row v = id")
    heatmap(ys, ax=ax_y, row_labels=tokens, fmt=_number_format(ys),
            vmin=-y_lim, vmax=y_lim, title=f"{y_title} ({T} × {d})")
    for ax in (ax_x, ax_w, ax_y):
        for text in ax.texts:
            text.set_fontsize(_CELL_FONT)
        ax.tick_params(labelsize=_TICK_FONT)
        ax.title.set_fontsize(_TITLE_FONT)
        ax.xaxis.label.set_fontsize(_LABEL_FONT)
        ax.yaxis.label.set_fontsize(_LABEL_FONT)

    for t in range(T):
        for k in np.flatnonzero(xs[t]):
            _outline(ax_x, t, int(k), 1, 1, t)
            _outline(ax_w, int(k), 0, d, 1, t)
        _outline(ax_y, t, 0, d, 1, t)

    is_row = [any(np.array_equal(ys[t], Ws[k]) for k in range(V)) for t in range(T)]
    if all(is_row):
        note = "every row is a row of W"
    elif not any(is_row):
        note = "no row is a row of W"
    else:
        note = f"rows {[t for t in range(T) if is_row[t]]} are rows of W"
    ax_y.set_xlabel(f"output j\n{note}")
    if suptitle is not None:
        fig.suptitle(suptitle, fontsize=_SUPTITLE_FONT)
    return fig


def lookup_frames(
    W: Any,
    *,
    vocab_labels: Sequence[str] | None = None,
    dpi: int = FRAME_DPI,
) -> list[bytes]:
    """One PNG per token id: its one-hot row, ``W`` with that row outlined, the output.

    These are the frames of a kernel-free slider over token ids
    (:func:`embedlab.figures.widgets.slider_stack`).

    Parameters
    ----------
    W : array-like, shape (V, d)
        The weight matrix; ``V`` frames are drawn.
    vocab_labels : sequence of str, optional
        One name per row of ``W``.
    dpi : int, default :data:`~embedlab.figures.style.FRAME_DPI` (200)
        Resolution of each frame; at 100 a frame of up to 10 columns
        (``V + d``) is at most :data:`MAX_WIDTH` inches, about 690 pixels,
        wide.

    Returns
    -------
    list of bytes
        ``V`` PNG images, all of the same pixel size.

    Examples
    --------
    >>> frames = lookup_frames(np.arange(6.0).reshape(3, 2), dpi=30)
    >>> len(frames), len(set(frames)), frames[0][:4] == b"\\x89PNG"
    (3, 3, True)
    """
    Ws = _matrix(W, "W")
    if np.asarray(W).ndim != 2:
        raise ValueError(f"W must be 2-D of shape (V, d), got shape {np.asarray(W).shape}")
    dpi = check_int_in_range(dpi, "dpi", 10, 300)
    V = Ws.shape[0]
    frames = []
    for k in range(V):
        x = np.zeros((1, V), dtype=Ws.dtype)
        x[0, k] = 1
        name = f" ({vocab_labels[k]})" if vocab_labels is not None else ""
        fig = draw_product(
            x, Ws, Ws[k:k + 1],
            x_title="one-hot x", y_title="y = xW",
            suptitle=f"token id {k}{name}: y = xW is row {k} of W",
            vocab_labels=vocab_labels,
        )
        # One token per frame, named in the title: a row label "token 0"
        # would read as id 0.
        for ax in (fig.axes[0], fig.axes[2]):
            ax.tick_params(axis="y", labelleft=False)
        frames.append(figure_to_png(fig, dpi=int(dpi)))
    return frames


def plot_costs(rows: Sequence[CostRow]) -> Any:
    """Time and input memory of the three methods against the vocabulary size.

    Left: the best of ``repeat`` timed calls, in milliseconds, on log-log
    axes. Right: bytes of each method's input (the dense one-hot matrix, the
    CSR matrix, the ids), on log-log axes. One legend under both panels
    names each method and its input. The figure is :data:`MAX_WIDTH` inches
    wide.

    Parameters
    ----------
    rows : sequence of CostRow
        The result of :func:`embedlab.costs.measure_costs`, at least one row.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from embedlab.costs import measure_costs
    >>> fig = plot_costs(measure_costs([10, 100], num_tokens=4, dim=2, repeat=1))
    >>> [ax.get_xscale() for ax in fig.axes]
    ['log', 'log']
    >>> [len(ax.get_lines()) for ax in fig.axes]
    [3, 3]
    >>> plt.close(fig)
    """
    if isinstance(rows, (CostRow, str, bytes)) or not isinstance(rows, Sequence):
        raise TypeError(f"rows must be a sequence of CostRow, got {type(rows).__name__}")
    if len(rows) == 0:
        raise ValueError("rows must contain at least one CostRow, got none")
    for i, row in enumerate(rows):
        if not isinstance(row, CostRow):
            raise TypeError(f"rows[{i}] must be a CostRow, got {type(row).__name__}")

    import matplotlib.pyplot as plt

    sizes = [r.vocab_size for r in rows]
    fig, (ax_t, ax_m) = plt.subplots(1, 2, figsize=(MAX_WIDTH, 4.4))
    for method in METHODS:
        colour, marker, label = METHOD_STYLES[method]
        ax_t.plot(sizes, [r.seconds[method] * 1e3 for r in rows], marker=marker,
                  color=colour, label=label)
        ax_m.plot(sizes, [r.input_nbytes[method] for r in rows], marker=marker,
                  color=colour, label=label)
    n, d = rows[0].num_tokens, rows[0].dim
    repeats = sorted({r.repeat for r in rows})
    best_of = "/".join(str(k) for k in repeats)
    ax_t.set(xscale="log", yscale="log", xlabel="vocabulary size V",
             ylabel=f"time per call (ms, best of {best_of})",
             title=f"Time, n = {n:,} ids, d = {d}")
    ax_m.set(xscale="log", yscale="log", xlabel="vocabulary size V",
             ylabel="bytes of the input", title=f"Input memory, n = {n:,} ids")
    for ax in (ax_t, ax_m):
        ax.grid(True, which="major", alpha=0.3)
        ax.title.set_fontsize(12)
    # One legend for both panels, under them, so it covers no data.
    handles, labels = ax_t.get_legend_handles_labels()
    fig.tight_layout(rect=(0, 0.14, 1, 1))
    fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=10,
               handlelength=1.6, columnspacing=1.2,
               frameon=False, bbox_to_anchor=(0.5, 0.0))
    return fig
