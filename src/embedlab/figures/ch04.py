"""Figures of chapter 4: how training reaches the table.

* :func:`training_step_figure` draws one training step with every shape;
  :func:`scatter_add_figure` and :func:`scatter_add_frames` show the gradient
  added into the rows that were looked up;
* :func:`moved_rows_figure` and :func:`table_heatmaps` show which rows an
  optimiser moved; :func:`plot_history` and :func:`plot_curves` draw
  training curves; :func:`plot_accuracy_bars` compares accuracies;
* the chapter shows each figure through
  :func:`embedlab.figures.widgets.figure_with_alt`, with alt text computed
  from the plotted numbers;
* the pictures of a trained table's rows and columns, coloured by word group
  (:data:`GROUP_COLOURS`), are in :mod:`embedlab.figures.ch04_tables`.

Every function validates its inputs and returns a Matplotlib figure (or PNG
frames); nothing is printed. Every figure fits the book's 690-pixel column
(at most 6.9 inches wide at 100 dpi).
"""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np

from .._validation import (
    check_ids,
    check_labels,
    check_matrix,
    check_positive_int,
    check_real_in_range,
    is_int,
)
from ..training import History
from .style import FRAME_DPI, OKABE_ITO

__all__ = [
    "GROUP_COLOURS",
    "training_step_figure",
    "scatter_add_figure",
    "scatter_add_frames",
    "moved_rows_figure",
    "plot_history",
    "plot_curves",
    "plot_accuracy_bars",
    "table_heatmaps",
]

#: Widest figure, in inches, that fits the book's content column at 100 dpi.
MAX_WIDTH = 6.9


#: Colours of the word groups in the chapter's figures (Okabe-Ito).
GROUP_COLOURS: dict[str, str] = {
    "positive": "#009E73",   # bluish green
    "negative": "#D55E00",   # vermillion
    "negation": "#0072B2",   # blue
    "animal": "#E69F00",     # orange
    "food": "#56B4E9",       # sky blue
    "vehicle": "#CC79A7",    # reddish purple
    "place": "#000000",      # black
    "neutral": "#A0A0A0",    # grey
    "no sentiment": "#A0A0A0",
}


def _check_titled_tables(tables: Any) -> dict[str, np.ndarray]:
    """Validate a non-empty dict of title -> table whose tables share their row count."""
    if not isinstance(tables, dict) or not tables:
        raise TypeError("tables must be a non-empty dict mapping a title to a table")
    arrays = {str(t): check_matrix(m, f"tables[{t!r}]", axes="(rows, columns)") for t, m in tables.items()}
    counts = {a.shape[0] for a in arrays.values()}
    if len(counts) != 1:
        raise ValueError(f"every table must have the same number of rows, got {sorted(counts)}")
    return arrays


def _check_groups(groups: Any, count: int) -> list[str]:
    labels = check_labels(groups, count, "groups")
    unknown = sorted(set(labels) - set(GROUP_COLOURS))
    if unknown:
        raise ValueError(
            f"groups contains {unknown[0]!r}; known groups are "
            + ", ".join(repr(g) for g in GROUP_COLOURS)
        )
    return labels


def training_step_figure(B: int, T: int, V: int, d: int, k: int) -> Any:
    """One training step drawn end to end, with the shape of every array.

    The forward pass runs left to right along the top (ids, lookup, mean
    over time, Dense, softmax and loss); the backward pass runs right to left
    along the bottom, ending in the scatter-add into the table and the
    update of the table.

    Parameters
    ----------
    B, T, V, d, k : int
        Batch size, sequence length, vocabulary size, vector length and
        number of classes, each >= 1.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = training_step_figure(2, 5, 7, 2, 2)
    >>> any("(2, 5, 2)" in t.get_text() for t in fig.axes[0].texts)
    True
    >>> plt.close(fig)
    """
    B, T, V, d, k = (check_positive_int(v, n) for v, n in
                     ((B, "B"), (T, "T"), (V, "V"), (d, "d"), (k, "k")))
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(MAX_WIDTH, 4.2))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 4.6)
    ax.axis("off")
    xs = [0.75, 2.75, 4.95, 7.0, 9.05]
    fwd = [
        ("ids $X$", f"({B}, {T})"),
        ("lookup\n$Y = E[X]$", f"({B}, {T}, {d})"),
        ("mean over\ntime $h$", f"({B}, {d})"),
        ("Dense\n$z = hU + u$", f"({B}, {k})"),
        ("softmax,\nloss $\\mathcal{L}$", "a number"),
    ]
    bwd = [
        ("update\n" + r"$E - \eta\,\partial\mathcal{L}/\partial E$", f"({V}, {d})"),
        (r"$\partial\mathcal{L}/\partial E$" + "\nscatter-add", f"({V}, {d})"),
        (r"$\partial\mathcal{L}/\partial Y$", f"({B}, {T}, {d})"),
        (r"$\partial\mathcal{L}/\partial h$", f"({B}, {d})"),
        (r"$\partial\mathcal{L}/\partial z$", f"({B}, {k})"),
    ]
    box = dict(boxstyle="round,pad=0.35", linewidth=1.2)
    rows = ((fwd, "#E69F00", 3.35, "forward: left to right"),
            (bwd, "#56B4E9", 1.15, "backward: right to left"))
    for items, colour, y, name in rows:
        ax.text(0.05, y + 0.85, name, fontsize=10, fontweight="bold",
                color="#B07800" if colour == "#E69F00" else "#0072B2")
        for i, (x, (label, shape)) in enumerate(zip(xs, items)):
            ax.text(x, y, label, ha="center", va="center", fontsize=10,
                    bbox={**box, "facecolor": colour + "33", "edgecolor": colour})
            ax.text(x, y - 0.68, shape, ha="center", va="center", fontsize=9,
                    family="monospace", color="#333333")
            if i + 1 < len(xs):
                left, right = x + 0.8, xs[i + 1] - 0.8
                start, stop = (left, right) if items is fwd else (right, left)
                ax.annotate("", xy=(stop, y), xytext=(start, y),
                            arrowprops=dict(arrowstyle="-|>", color=colour, lw=1.6))
    ax.annotate("", xy=(xs[-1], 1.62), xytext=(xs[-1], 2.5),
                arrowprops=dict(arrowstyle="-|>", color="#555555", lw=1.4))
    ax.text(5.0, 0.05, "U and u are updated in the same step, from their own gradients",
            ha="center", fontsize=9, color="#555555")
    ax.set_title(f"One training step, with shapes (B={B}, T={T}, V={V}, d={d}, k={k})",
                 fontsize=12)
    return fig


def scatter_add_figure(ids: Any, grads: Any, num_rows: int, step: int, *,
                       row_labels: Any = None) -> Any:
    """The gradient of a table built up one looked-up position at a time.

    Left: the gradient rows ``grads[t]`` (one per position of ``ids``), with
    position ``step - 1`` outlined. Right: the table's gradient after adding
    the first ``step`` rows into the rows they were looked up from, with the
    row just updated outlined.

    Parameters
    ----------
    ids : array-like of int, shape (n,)
    grads : array-like, shape (n, d)
    num_rows : int
        Rows of the table (``V``); every id must be below it.
    step : int
        How many positions have been added, 0 .. n.
    row_labels : sequence of str, optional
        One label per table row.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = scatter_add_figure([1, 1], [[1.0], [2.0]], 3, step=2)
    >>> fig.axes[1].get_title().endswith("after 2 of 2 positions")
    True
    >>> plt.close(fig)
    """
    num_rows = check_positive_int(num_rows, "num_rows")
    arr = check_ids(ids, num_rows, "ids")
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"ids must be a non-empty 1-D array, got shape {arr.shape}")
    g = check_matrix(grads, "grads", axes="(rows, columns)")
    if g.shape[0] != arr.size:
        raise ValueError(f"grads has {g.shape[0]} rows, but ids has {arr.size} positions")
    if not is_int(step):
        raise TypeError(f"step must be an integer, got {step!r}")
    if not 0 <= step <= arr.size:
        raise ValueError(f"step must be in 0..{arr.size}, got {step}")
    labels = None if row_labels is None else check_labels(row_labels, num_rows, "row_labels")
    import matplotlib.pyplot as plt

    from .style import heatmap

    acc = np.zeros((num_rows, g.shape[1]))
    np.add.at(acc, arr[:step], g[:step])
    limit = float(max(np.abs(g).max(), np.abs(acc).max(), 1e-12))
    fig, (left, right) = plt.subplots(1, 2, figsize=(6.0, 0.42 * max(arr.size, num_rows) + 2.0),
                                      gridspec_kw={"width_ratios": [1, 1]})
    pos_labels = [f"t={t}: id {i}" for t, i in enumerate(arr.tolist())]
    heatmap(g, ax=left, row_labels=pos_labels, outline_rows=[step - 1] if step else [],
            fmt="{:g}", vmin=-limit, vmax=limit,
            title=r"$\partial\mathcal{L}/\partial Y$ per position",
            xlabel="column", ylabel="position")
    heatmap(acc, ax=right, row_labels=labels, outline_rows=[int(arr[step - 1])] if step else [],
            fmt="{:g}", vmin=-limit, vmax=limit,
            title=rf"$\partial\mathcal{{L}}/\partial E$ after {step} of {arr.size} positions",
            xlabel="column", ylabel="row of E")
    for ax in (left, right):
        ax.title.set_fontsize(12)
    fig.tight_layout()
    return fig


def scatter_add_frames(ids: Any, grads: Any, num_rows: int, *, row_labels: Any = None,
                       dpi: int = FRAME_DPI) -> list[bytes]:
    """PNG frames of :func:`scatter_add_figure` for steps ``0 .. len(ids)``.

    Examples
    --------
    >>> frames = scatter_add_frames([0, 0], [[1.0], [1.0]], 2, dpi=20)
    >>> len(frames), frames[0][:4]
    (3, b'\\x89PNG')
    """
    from .style import figure_to_png

    n = np.asarray(ids).size
    return [figure_to_png(scatter_add_figure(ids, grads, num_rows, s, row_labels=row_labels), dpi=dpi)
            for s in range(n + 1)]


def moved_rows_figure(runs: dict[str, Any], *, row_labels: Any = None,
                      looked_up: Any = None, ncols: int = 2) -> Any:
    """Which rows of a table changed at each step, one panel per run.

    The panels are laid out ``ncols`` to a row, in a figure that fits the
    book's column (at most 6.5 inches wide).

    Parameters
    ----------
    runs : dict of str to array-like
        For each run (e.g. ``"SGD"``, ``"Adam"``), the table after every step,
        shape ``(steps + 1, V, d)`` with the starting table first.
    row_labels : sequence of str, optional
    looked_up : array-like of bool, optional
        Shape ``(steps, V)``: which rows each step's batch looked up; those
        cells are marked with a dot.
    ncols : int, default 2
        Panels per row, >= 1.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> tables = np.zeros((3, 2, 1)); tables[1, 1] = 1.0; tables[2, 1] = 2.0
    >>> fig = moved_rows_figure({"SGD": tables})
    >>> fig.axes[0].get_title()
    'SGD: 2 changes'
    >>> plt.close(fig)
    """
    if not isinstance(runs, dict) or not runs:
        raise TypeError("runs must be a non-empty dict mapping a name to the tables after each step")
    arrays = {}
    for name, tables in runs.items():
        arr = np.asarray(tables, dtype=np.float64)
        if arr.ndim != 3 or arr.shape[0] < 2:
            raise ValueError(
                f"runs[{name!r}] must have shape (steps + 1, V, d) with at least one step, got {arr.shape}"
            )
        arrays[name] = arr
    shapes = {a.shape for a in arrays.values()}
    if len(shapes) != 1:
        raise ValueError(f"every run must have the same shape, got {sorted(shapes)}")
    steps, V = next(iter(shapes))[0] - 1, next(iter(shapes))[1]
    ncols = min(check_positive_int(ncols, "ncols"), len(arrays))
    nrows = -(-len(arrays) // ncols)
    labels = None if row_labels is None else check_labels(row_labels, V, "row_labels")
    marks = None
    if looked_up is not None:
        marks = np.asarray(looked_up)
        if marks.dtype != np.bool_ or marks.shape != (steps, V):
            raise ValueError(f"looked_up must be a boolean array of shape {(steps, V)}, "
                             f"got {marks.dtype} {marks.shape}")
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    fig, axes = plt.subplots(nrows, ncols, figsize=(min(3.2 * ncols + 0.2, MAX_WIDTH - 0.4),
                                                    (0.32 * V + 1.4) * nrows + 0.7),
                             squeeze=False, sharey=True)
    cmap = ListedColormap(["#F2F2F2", "#E69F00"])
    for ax in axes.flat[len(arrays):]:
        ax.set_visible(False)
    for ax, (name, arr) in zip(axes.flat, arrays.items()):
        moved = np.any(arr[1:] != arr[:-1], axis=2).T          # (V, steps)
        ax.imshow(moved, cmap=cmap, vmin=0, vmax=1, aspect="auto", interpolation="nearest")
        if marks is not None:
            rr, ss = np.nonzero(marks.T)
            ax.plot(ss, rr, "o", color="black", markersize=4, label="looked up")
        ax.set_xticks(np.arange(steps))
        ax.set_xticklabels([str(s + 1) for s in range(steps)])
        ax.set_yticks(np.arange(V))
        ax.set_yticklabels(labels if labels is not None else [str(i) for i in range(V)])
        ax.set_xlabel("step")
        ax.set_title(f"{name}: {int(moved.sum())} changes", fontsize=11)
    for row in axes:
        row[0].set_ylabel("row of E")
    if marks is not None:
        handles, names = axes[0][0].get_legend_handles_labels()
        handles.append(Patch(color="#E69F00", label="changed"))
        fig.legend(handles, names + ["changed"], loc="lower center", ncol=2, frameon=False)
        fig.tight_layout(rect=(0, 0.6 / fig.get_figheight(), 1, 1))
    else:
        fig.tight_layout()
    return fig


def plot_history(history: History, *, title: str = "") -> Any:
    """Learning curves: loss (left) and accuracy (right), training and test.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plot_history(History([0, 1], [0.7, 0.4], [0.5, 0.9], [0.7, 0.5], [0.5, 0.8]))
    >>> [ax.get_ylabel() for ax in fig.axes]
    ['cross-entropy loss', 'accuracy']
    >>> plt.close(fig)
    """
    if not isinstance(history, History):
        raise TypeError(f"history must be a History, got {type(history).__name__}")
    if not history.epochs:
        raise ValueError("history is empty: train for at least one epoch first")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(MAX_WIDTH, 3.3))
    for ax, train, test, label in ((ax_loss, history.train_loss, history.test_loss, "cross-entropy loss"),
                                   (ax_acc, history.train_acc, history.test_acc, "accuracy")):
        ax.plot(history.epochs, train, "o-", label="training set", markersize=4)
        if test:
            ax.plot(history.epochs, test, "s--", label="test set", markersize=4)
        ax.set_xlabel("epoch")
        ax.set_ylabel(label)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(frameon=False)
    ax_acc.set_ylim(0, 1.05)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_curves(curves: dict[str, Any], *, x: Any = None, xlabel: str, ylabel: str,
                title: str = "", ax: Any = None, ylim: tuple[float, float] | None = None,
                xscale: str = "linear") -> Any:
    """Several labelled curves on one axes (e.g. test accuracy per initialisation).

    Parameters
    ----------
    curves : dict of str to sequence of float
        One curve per label, all of the same length.
    x : sequence of float, optional
        Shared x values; default ``0, 1, 2, ...``.
    xlabel, ylabel : str
        Axis labels (required: every figure of the book labels its axes).
    title : str, optional
    ax : matplotlib.axes.Axes, optional
    ylim : (float, float), optional
    xscale : {"linear", "log"}, default "linear"

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_curves({"a": [0.5, 0.9], "b": [0.5, 0.6]}, xlabel="epoch", ylabel="accuracy")
    >>> [line.get_label() for line in ax.get_lines()]
    ['a', 'b']
    >>> plt.close(ax.figure)
    """
    if not isinstance(curves, dict) or not curves:
        raise TypeError("curves must be a non-empty dict mapping a label to a sequence of numbers")
    lengths = {len(v) for v in curves.values()}
    if len(lengths) != 1 or 0 in lengths:
        raise ValueError(f"every curve must have the same, non-zero length, got lengths {sorted(lengths)}")
    n = lengths.pop()
    xs = np.arange(n) if x is None else np.asarray(x, dtype=float)
    if xs.shape != (n,):
        raise ValueError(f"x must have {n} values, one per point, got shape {xs.shape}")
    if not isinstance(xlabel, str) or not isinstance(ylabel, str) or not xlabel or not ylabel:
        raise ValueError("xlabel and ylabel must be non-empty strings")
    if xscale not in ("linear", "log"):
        raise ValueError(f"xscale must be 'linear' or 'log', got {xscale!r}")
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.8))
    markers = "os^Dvx*P"
    styles = ["-", "--", "-.", ":"]
    colours = [c for c in OKABE_ITO if c != "#F0E442"]   # yellow is too faint on white
    for i, (label, values) in enumerate(curves.items()):
        ax.plot(xs, np.asarray(values, dtype=float), marker=markers[i % len(markers)],
                linestyle=styles[i % len(styles)], color=colours[i % len(colours)],
                markersize=5, label=str(label))
    ax.set_xscale(xscale)
    if x is None:
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if xscale == "log":
        ax.set_xticks(xs)
        ax.set_xticklabels([f"{v:g}" for v in xs])
        ax.minorticks_off()
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if ylim is not None:
        ax.set_ylim(*ylim)
    if title:
        ax.set_title(title)
    ax.legend(frameon=False)
    return ax


def plot_accuracy_bars(results: dict[str, dict[str, float]], *, title: str = "",
                       ylabel: str = "test accuracy", chance: float | None = None) -> Any:
    """Grouped bars: one group per subset, one bar per model.

    Parameters
    ----------
    results : dict of str to dict of str to float
        ``results[model][subset]`` is an accuracy in [0, 1]; every model has
        the same subsets.
    title, ylabel : str
    chance : float, optional
        Draw a dashed line at this accuracy.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plot_accuracy_bars({"a": {"all": 0.9, "hard": 0.5}, "b": {"all": 1.0, "hard": 1.0}})
    >>> len(fig.axes[0].patches)
    4
    >>> plt.close(fig)
    """
    if not isinstance(results, dict) or not results:
        raise TypeError("results must be a non-empty dict: model -> {subset: accuracy}")
    subsets = None
    for model, accs in results.items():
        if not isinstance(accs, dict) or not accs:
            raise TypeError(f"results[{model!r}] must be a non-empty dict: subset -> accuracy")
        if subsets is None:
            subsets = list(accs)
        elif list(accs) != subsets:
            raise ValueError(f"results[{model!r}] has subsets {list(accs)}, expected {subsets}")
        for subset, value in accs.items():
            check_real_in_range(value, f"results[{model!r}][{subset!r}]", 0.0, 1.0)
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.6, 4.0))
    width = 0.8 / len(results)
    xs = np.arange(len(subsets))
    for i, (model, accs) in enumerate(results.items()):
        values = [float(accs[s]) for s in subsets]
        bars = ax.bar(xs + (i - (len(results) - 1) / 2) * width, values, width * 0.95, label=model)
        for bar, v in zip(bars, values):
            ax.text(bar.get_x() + bar.get_width() / 2, v + 0.01, f"{v:.2f}", ha="center",
                    va="bottom", fontsize=8)
    if chance is not None:
        ax.axhline(chance, color="black", linestyle="--", linewidth=1, label="chance")
    ax.set_xticks(xs)
    ax.set_xticklabels([textwrap.fill(str(s), 10) for s in subsets])
    ax.set_ylim(0, 1.12)
    ax.set_ylabel(ylabel)
    ax.set_xlabel("test sentences")
    if title:
        ax.set_title(title)
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.3),
              ncol=len(results) + (chance is not None))
    fig.tight_layout()
    return fig


def table_heatmaps(tables: dict[str, Any], *, row_labels: Any = None, outline_rows: Any = (),
                   col_labels: Any = None) -> Any:
    """Several tables of the same shape side by side, as annotated heat maps.

    Parameters
    ----------
    tables : dict of str to array-like
        Title -> table; all of the same shape ``(V, d)``. One shared,
        symmetric colour scale is used, so equal colours mean equal values.
    row_labels, col_labels : sequence of str, optional
    outline_rows : sequence of int
        Rows to outline in every panel.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = table_heatmaps({"before": np.zeros((3, 2)), "after": np.ones((3, 2))})
    >>> [ax.get_title() for ax in fig.axes]
    ['before', 'after']
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    from .style import heatmap

    arrays = _check_titled_tables(tables)
    shapes = {a.shape for a in arrays.values()}
    if len(shapes) != 1:
        raise ValueError(f"every table must have the same shape, got {sorted(shapes)}")
    V, d = shapes.pop()
    limit = max(float(np.abs(a).max()) for a in arrays.values()) or 1.0
    fig, axes = plt.subplots(1, len(arrays), figsize=(1.0 + 0.9 * d * len(arrays) + 1.0 * len(arrays),
                                                      0.42 * V + 1.5), squeeze=False)
    for i, (ax, (title, arr)) in enumerate(zip(axes[0], arrays.items())):
        heatmap(arr, ax=ax, row_labels=row_labels, col_labels=col_labels, outline_rows=outline_rows,
                vmin=-limit, vmax=limit, title=title, xlabel="column",
                ylabel="row of E" if i == 0 else None)
    fig.tight_layout()
    return fig

