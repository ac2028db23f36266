"""Figures of chapter 6, part 2: choosing d, pictures of a table, rare words, evaluation.

:func:`dimension_figure` (held-out error and estimated PIP loss against d,
with the rules of thumb marked), :func:`pictures_figure` (2-D pictures of
labelled points side by side), :func:`rare_words_figure` (a score per
frequency band) and :func:`evaluation_figure` (intrinsic against extrinsic
scores of several tables). Every figure is :data:`PAGE_WIDTH` inches wide at
most, so it is shown at its real size in the page's content column.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .._validation import check_class_ids, check_labels, check_matrix

__all__ = ["PAGE_WIDTH", "dimension_figure", "pictures_figure", "rare_words_figure",
           "evaluation_figure"]

#: Width of every figure of this part, in inches (the content column at 100 dpi).
PAGE_WIDTH = 6.8


def _plt() -> Any:
    import matplotlib.pyplot as plt

    return plt


def _curve(values: Any, name: str, n: int | None = None) -> np.ndarray:
    arr = check_matrix(np.asarray(values, dtype=float)[None, :] if np.ndim(values) == 1 else values,
                       name, axes="(n,)")[0]
    if n is not None and arr.size != n:
        raise ValueError(f"{name} has {arr.size} values, but dims has {n}")
    return arr


def dimension_figure(dims: Any, heldout_error: Any, pip_losses: Any, marks: dict[str, int]) -> Any:
    """Held-out error (left) and estimated PIP loss (right) against d, on a log axis.

    Parameters
    ----------
    dims : sequence of int
        The dimensions tried, increasing.
    heldout_error, pip_losses : sequence of float
        One value per dimension.
    marks : dict of str to int
        Named dimensions to mark with a vertical line on both panels (the
        rules of thumb, the best d of each curve).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = dimension_figure([1, 2, 4], [3.0, 2.0, 2.5], [5.0, 4.0, 4.5], {"rule": 2})
    >>> [ax.get_xscale() for ax in fig.axes]
    ['log', 'log']
    """
    from .style import OKABE_ITO

    d = _curve(dims, "dims")
    if np.any(d < 1) or np.any(np.diff(d) <= 0):
        raise ValueError("dims must be positive and increasing")
    err, pip = _curve(heldout_error, "heldout_error", d.size), _curve(pip_losses, "pip_losses", d.size)
    if not isinstance(marks, dict):
        raise TypeError(f"marks must be a dict of name -> d, got {type(marks).__name__}")
    fig, axes = _plt().subplots(1, 2, figsize=(PAGE_WIDTH, 3.9))
    for ax, y, title, ylabel in ((axes[0], err, "Held-out error", "|| rank-d PPMI - held-out ||"),
                                 (axes[1], pip, "Estimated PIP loss", "PIP loss (simulated)")):
        ax.plot(d, y, marker="o", markersize=3, color=OKABE_ITO[4])
        for i, (name, value) in enumerate(marks.items()):
            ax.axvline(value, color=OKABE_ITO[(i + 5) % len(OKABE_ITO)], linestyle="--", linewidth=1.2,
                       label=f"{name}: {value}")
        ax.set_xscale("log")
        ax.set(xlabel="d (columns)", ylabel=ylabel, title=title)
    handles, labels = axes[1].get_legend_handles_labels()
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    if handles:  # below both panels, where it hides no curve
        fig.legend(handles, labels, loc="lower center", ncol=min(len(labels), 4), fontsize=9,
                   frameon=False)
    return fig


def pictures_figure(pictures: dict[str, Any], labels: Any, *, names: Sequence[str] | None = None) -> Any:
    """Several 2-D pictures of the same points, coloured by cluster, side by side.

    Parameters
    ----------
    pictures : dict of str to array-like, each of shape (n, 2)
        Panel title -> coordinates.
    labels : array-like of int, shape (n,)
        Cluster id of each point (colour).
    names : sequence of str, optional
        A legend entry per cluster id.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = pictures_figure({"a": np.eye(3)[:, :2], "b": np.eye(3)[:, 1:]}, [0, 1, 1])
    >>> len(fig.axes)
    2
    """
    from .style import OKABE_ITO

    if not isinstance(pictures, dict) or not pictures:
        raise TypeError("pictures must be a non-empty dict of title -> (n, 2) coordinates")
    panels = {k: check_matrix(v, f"pictures[{k!r}]", axes="(n, 2)", n_columns=2) for k, v in pictures.items()}
    n = next(iter(panels.values())).shape[0]
    if any(p.shape[0] != n for p in panels.values()):
        raise ValueError("every picture must have the same number of points")
    lab = check_class_ids(labels, n)
    k = int(lab.max()) + 1
    legend = check_labels(names, k, "names", "there are {count} cluster ids", optional=True)
    fig, axes = _plt().subplots(1, len(panels), figsize=(PAGE_WIDTH, 2.6), squeeze=False)
    for ax, (title, xy) in zip(axes[0], panels.items()):
        for j in range(k):
            ax.scatter(xy[lab == j, 0], xy[lab == j, 1], s=6, color=OKABE_ITO[j % len(OKABE_ITO)],
                       label=None if legend is None else legend[j])
        ax.set_title(title, fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_aspect("equal", adjustable="datalim")
    if legend is not None:
        axes[0][0].legend(fontsize=7, frameon=False, markerscale=2, loc="best")
    fig.tight_layout()
    return fig


def rare_words_figure(bands: Sequence[str], values: Any, *, chance: float, ylabel: str) -> Any:
    """One bar per frequency band, with the chance level as a line.

    Examples
    --------
    >>> fig = rare_words_figure(["1", "2-4", "5+"], [0.01, 0.05, 0.2], chance=0.001, ylabel="overlap")
    >>> len(fig.axes[0].patches)
    3
    """
    from .style import OKABE_ITO

    v = _curve(values, "values")
    names = check_labels(bands, v.size, "bands", "values has {count} entries")
    fig, ax = _plt().subplots(figsize=(PAGE_WIDTH * 0.7, 3.0))
    ax.bar(np.arange(len(names)), v, color=OKABE_ITO[4])
    ax.axhline(float(chance), color=OKABE_ITO[5], linestyle="--", label=f"chance ({chance:.4f})")
    ax.set_xticks(np.arange(len(names)), names)
    ax.set(xlabel="occurrences in the training text", ylabel=ylabel)
    ax.legend(frameon=False, fontsize=9)
    fig.tight_layout()
    return fig


def evaluation_figure(names: Sequence[str], intrinsic: Any, extrinsic: Any, *,
                      xlabel: str, ylabel: str) -> Any:
    """Each table as a labelled point: intrinsic score (x) against extrinsic score (y).

    Examples
    --------
    >>> fig = evaluation_figure(["a", "b"], [0.1, 0.3], [0.8, 0.7], xlabel="x", ylabel="y")
    >>> len(fig.axes[0].texts)
    2
    """
    from .style import OKABE_ITO

    labels = check_labels(list(names), len(list(names)), "names")
    x = _curve(intrinsic, "intrinsic", len(labels))
    y = _curve(extrinsic, "extrinsic", len(labels))
    fig, ax = _plt().subplots(figsize=(PAGE_WIDTH * 0.7, 3.4))
    ax.scatter(x, y, color=OKABE_ITO[4], s=30)
    for xi, yi, name in zip(x, y, labels):
        ax.annotate(name, (xi, yi), textcoords="offset points", xytext=(4, 4), fontsize=9)
    ax.set(xlabel=xlabel, ylabel=ylabel)
    fig.tight_layout()
    return fig
