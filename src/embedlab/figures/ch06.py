"""Figures of chapter 6, part 1: three trained tables and how to compare their rows.

:func:`weighting_figure` draws GloVe's weighting ``f(x)``;
:func:`norm_frequency_figure` plots each table's row norms against the log
count of the words; :func:`average_cosine_figure` compares the average
cosine between rows before and after removing the common direction;
:func:`neighbour_table` lays out a few words' nearest neighbours in several
tables as an HTML table. Every figure is at most :data:`PAGE_WIDTH` inches
wide.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .._validation import check_positive_float, check_real_in_range

__all__ = [
    "PAGE_WIDTH",
    "weighting_figure",
    "norm_frequency_figure",
    "average_cosine_figure",
    "neighbour_table",
]

#: Width of every figure of the chapter, in inches (the content column).
PAGE_WIDTH = 6.8


def _plt() -> Any:
    import matplotlib.pyplot as plt

    return plt


def _named_vectors(values: Any, name: str) -> dict[str, np.ndarray]:
    if not isinstance(values, Mapping) or not values:
        raise TypeError(f"{name} must be a non-empty dict of name -> numbers, got {type(values).__name__}")
    out = {}
    for key, v in values.items():
        arr = np.asarray(v, dtype=np.float64)
        if arr.ndim != 1 or arr.size == 0 or not np.all(np.isfinite(arr)):
            raise ValueError(f"{name}[{key!r}] must be a non-empty 1-D array of finite numbers, "
                             f"got shape {arr.shape}")
        out[str(key)] = arr
    return out


def weighting_figure(x_max: float = 100.0, alpha: float = 0.75, *, largest: float = 1000.0) -> Any:
    """GloVe's weighting ``f(x) = min(1, (x / x_max) ** alpha)`` against the count ``x``.

    Parameters
    ----------
    x_max, alpha : float
        As in :func:`embedlab.glove.glove_weight`.
    largest : float, default 1000.0
        The largest count drawn (log scale from 1), ``> 1``.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = weighting_figure(100, 0.75)
    >>> fig.axes[0].get_xscale()
    'log'
    """
    from ..glove import glove_weight

    x_max = check_positive_float(x_max, "x_max")
    alpha = check_real_in_range(alpha, "alpha", 0.0, 1.0, low_open=True)
    largest = check_positive_float(largest, "largest")
    if largest <= 1:
        raise ValueError(f"largest must be > 1, got {largest!r}")
    plt = _plt()
    x = np.logspace(0, np.log10(largest), 200)
    fig, ax = plt.subplots(figsize=(PAGE_WIDTH * 0.6, 2.4), layout="constrained")
    ax.plot(x, glove_weight(x, x_max, alpha), label=f"alpha = {alpha:g}")
    ax.plot(x, glove_weight(x, x_max, 1.0), linestyle="--", label="alpha = 1")
    ax.axvline(x_max, color="0.5", linewidth=0.8)
    ax.set_xscale("log")
    ax.set_xlabel("co-occurrence count x (log scale)")
    ax.set_ylabel("weight f(x)")
    ax.set_title(f"GloVe's weighting, x_max = {x_max:g}")
    ax.legend(loc="lower right")
    return fig


def norm_frequency_figure(log_counts: Any, norms: Any) -> Any:
    """One panel per table: each word's row norm against the log of its count.

    Parameters
    ----------
    log_counts : array-like, shape (V,)
        ``log`` of each word's count.
    norms : dict of str -> array-like of shape (V,)
        Row norms of each table, in the same word order. At most 4 tables.

    Returns
    -------
    matplotlib.figure.Figure
        Each panel's title gives the correlation.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> f = np.log(rng.integers(20, 2000, size=50))
    >>> fig = norm_frequency_figure(f, {"long if frequent": f + rng.normal(size=50)})
    >>> fig.axes[0].get_title().startswith("long if frequent")
    True
    """
    lc = np.asarray(log_counts, dtype=np.float64)
    if lc.ndim != 1 or lc.size < 2 or not np.all(np.isfinite(lc)):
        raise ValueError(f"log_counts must be a 1-D array of at least 2 finite numbers, got shape {lc.shape}")
    tables = _named_vectors(norms, "norms")
    if len(tables) > 4:
        raise ValueError(f"norms holds {len(tables)} tables; draw at most 4")
    for key, arr in tables.items():
        if arr.shape != lc.shape:
            raise ValueError(f"norms[{key!r}] has shape {arr.shape}, but log_counts has shape {lc.shape}")
    plt = _plt()
    fig, axes = plt.subplots(1, len(tables), figsize=(PAGE_WIDTH - 0.3, 2.5), layout="constrained",
                             squeeze=False)
    for ax, (key, arr) in zip(axes[0], tables.items()):
        r = np.corrcoef(lc, arr)[0, 1]
        ax.scatter(lc, arr, s=3, alpha=0.35, linewidths=0)
        ax.set_title(f"{key}\ncorrelation {r:+.2f}", fontsize=9)
        ax.set_xlabel("log count")
    axes[0][0].set_ylabel("row norm")
    return fig


def average_cosine_figure(before: Any, after: Any, *, after_label: str = "after") -> Any:
    """Grouped bars: the average cosine between rows of each table, before and after a change.

    Parameters
    ----------
    before, after : dict of str -> float
        Same keys (the tables), one average cosine each.
    after_label : str, default "after"
        Legend entry of the second bar.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = average_cosine_figure({"a": 0.3, "b": 0.1}, {"a": 0.0, "b": 0.0})
    >>> len(fig.axes[0].patches)
    4
    """
    if not isinstance(before, Mapping) or not isinstance(after, Mapping) or not before:
        raise TypeError("before and after must be non-empty dicts of table name -> average cosine")
    if list(before) != list(after):
        raise ValueError(f"before and after must have the same tables in the same order, "
                         f"got {list(before)} and {list(after)}")
    b = np.array([float(before[k]) for k in before])
    a = np.array([float(after[k]) for k in before])
    if not (np.all(np.isfinite(b)) and np.all(np.isfinite(a))):
        raise ValueError("every average cosine must be a finite number")
    plt = _plt()
    x = np.arange(b.size)
    fig, ax = plt.subplots(figsize=(PAGE_WIDTH * 0.75, 2.8), layout="constrained")
    first = ax.bar(x - 0.2, b, width=0.4, label="as trained")
    second = ax.bar(x + 0.2, a, width=0.4, label=after_label, hatch="//")
    ax.bar_label(first, fmt="%.2f", fontsize=8, padding=2)
    ax.bar_label(second, fmt="%.3f", fontsize=8, padding=2)
    ax.axhline(0, color="0.3", linewidth=0.8)
    low, high = min(0.0, a.min(), b.min()), max(a.max(), b.max(), 0.01)
    ax.set_ylim(low - 0.05 * (high - low), high + 0.55 * (high - low))
    ax.set_xticks(x, [str(k) for k in before])
    ax.set_ylabel("average cosine\nbetween two rows")
    ax.set_title("The common direction, and without it", fontsize=10)
    ax.legend(loc="upper left", ncols=2, fontsize=8)
    return fig


def neighbour_table(queries: Sequence[str], neighbours: Any, *, caption: str = "") -> Any:
    """An HTML table: one row per query word, one column per table, its neighbours one per line.

    Parameters
    ----------
    queries : sequence of str
        The query words, one per row.
    neighbours : dict of str -> list of list of str
        For each table (a column), the neighbours of each query, in order.
    caption : str, optional
        Shown above the table.

    Returns
    -------
    IPython.display.HTML

    Examples
    --------
    >>> t = neighbour_table(["row"], {"SVD": [["rows", "column"]]})
    >>> "<td>rows<br>column</td>" in t.data
    True
    """
    from IPython.display import HTML

    if isinstance(queries, str) or not isinstance(queries, Sequence) or not queries:
        raise TypeError("queries must be a non-empty list of words")
    if not isinstance(neighbours, Mapping) or not neighbours:
        raise TypeError("neighbours must be a non-empty dict of table name -> lists of words")
    for key, lists in neighbours.items():
        if len(lists) != len(queries):
            raise ValueError(f"neighbours[{key!r}] has {len(lists)} lists, one per query is "
                             f"{len(queries)}")
    esc = html.escape
    head = "".join(f"<th scope='col'>{esc(str(k))}</th>" for k in neighbours)
    rows = []
    for n, q in enumerate(queries):
        cells = "".join(f"<td>{'<br>'.join(esc(str(w)) for w in lists[n])}</td>"
                        for lists in neighbours.values())
        rows.append(f"<tr><th scope='row'>{esc(str(q))}</th>{cells}</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    # one neighbour per line, and a scrolling box rather than words broken on a phone
    label = esc(caption or "nearest neighbours")  # a scrolling box must be reachable by keyboard
    return HTML(f"<div style='overflow-x: auto' tabindex='0' role='region' aria-label='{label}'>"
                f"<table class='neighbour-table' "
                f"style='font-size: 0.9em; white-space: nowrap'>{cap}"
                f"<thead><tr><th scope='col'>word</th>{head}</tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table></div>")
