"""Figures of chapter 5: in what sense an embedding is like PCA.

:func:`pca_figure`, :func:`spectrum_figure`, :func:`category_map`,
:func:`matrices_figure`, :func:`rank_frames`, :func:`autoencoder_figure`,
:func:`sgns_frames`, :func:`columns_figure` and :func:`rotation_frames`.
Every figure is at most :data:`PAGE_WIDTH` inches wide, so it is shown at its
real size in the page's content column. Components, dimensions and columns
are numbered from 1 in labels (component 1 is the first), as in the prose.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .style import FRAME_DPI

from .._validation import (
    check_bool,
    check_matrix,
    check_positive_int,
)

__all__ = [
    "PAGE_WIDTH",
    "pca_figure",
    "spectrum_figure",
    "category_map",
    "matrices_figure",
    "rank_frames",
    "autoencoder_figure",
    "sgns_frames",
    "columns_figure",
    "rotation_frames",
]


#: Width of every figure and frame of the chapter, in inches. The book's
#: content column is about 690 pixels wide, so a figure of this width drawn
#: at 100 dpi is shown at its real size and its 9-12 pt text stays 9-12 pt.
PAGE_WIDTH = 6.8


def _plt() -> Any:
    import matplotlib.pyplot as plt

    return plt


def _frame(fig: Any, dpi: int, *, close: bool = True) -> bytes:
    """A widget frame: a palette PNG of the figure at its own size (see ``figure_to_png``)."""
    from .style import figure_to_png

    return figure_to_png(fig, dpi, palette=True, close=close, fixed_size=True)


def pca_figure(points: Any, *, title: str = "PCA of a cloud of points") -> Any:
    """A 2-D cloud, its principal axes, and each point's projection on the first.

    Parameters
    ----------
    points : array-like, shape (n, 2)
    title : str

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = pca_figure([[0.0, 0.0], [2.0, 1.0], [4.0, 2.2], [1.0, 0.2]])
    >>> fig.axes[0].get_xlabel()
    'feature 1'
    >>> _plt().close(fig)
    """
    X = check_matrix(points, "points", axes="(rows, features)")
    if X.shape[1] != 2 or X.shape[0] < 2:
        raise ValueError(f"points must have shape (n, 2) with n >= 2, got {X.shape}")
    plt = _plt()
    from .style import OKABE_ITO

    mean = X.mean(axis=0)
    centred = X - mean
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    std = s / math.sqrt(X.shape[0])
    on_line = mean + np.outer(centred @ vt[0], vt[0])
    fig, ax = plt.subplots(figsize=(6.4, 4.6))
    for p, q in zip(X, on_line):
        ax.plot([p[0], q[0]], [p[1], q[1]], color="#BBBBBB", linewidth=0.8, zorder=1)
    ax.scatter(X[:, 0], X[:, 1], s=18, color=OKABE_ITO[1], label="data", zorder=2)
    ax.scatter(on_line[:, 0], on_line[:, 1], s=10, color=OKABE_ITO[5],
               label="projection on component 1", zorder=3)
    for j, colour in ((0, OKABE_ITO[5]), (1, OKABE_ITO[2])):
        tip = 2 * std[j] * vt[j]
        ax.annotate("", xy=mean + tip, xytext=mean,
                    arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 2.5})
        ax.text(*(mean + 1.1 * tip), f"component {j + 1}", color=colour, fontsize=11,
                ha="center", va="center")
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlabel("feature 1")
    ax.set_ylabel("feature 2")
    ax.set_title(title)
    ax.legend(frameon=False, loc="upper left")
    fig.tight_layout()
    return fig


def spectrum_figure(spectra: dict[str, Any], *, top: int = 12,
                    title: str = "Explained variance ratio of each component") -> Any:
    """Bar charts of explained-variance ratios, one panel per data set.

    Parameters
    ----------
    spectra : dict of str to array-like
        Panel title -> explained variance ratios, largest first.
    top : int, default 12
        How many components to show per panel.
    title : str

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = spectrum_figure({"flat": [0.25] * 4, "steep": [0.7, 0.2, 0.1]})
    >>> len(fig.axes)
    2
    >>> _plt().close(fig)
    """
    if not isinstance(spectra, dict) or not spectra:
        raise TypeError("spectra must be a non-empty dict of panel title -> ratios")
    top = check_positive_int(top, "top")
    plt = _plt()
    from .style import OKABE_ITO

    fig, axes = plt.subplots(1, len(spectra), figsize=(PAGE_WIDTH, 3.3), sharey=True,
                             squeeze=False)
    for ax, (name, ratios) in zip(axes[0], spectra.items()):
        r = np.asarray(ratios, dtype=np.float64).ravel()[:top]
        ax.bar(np.arange(r.size), r, color=OKABE_ITO[4])
        ax.set_title(name, fontsize=11)
        ax.set_xlabel("component")
        ax.set_xticks(np.arange(r.size), [str(j + 1) for j in range(r.size)])
        ax.tick_params(axis="x", labelsize=9)
    axes[0, 0].set_ylabel("explained variance ratio")
    fig.suptitle(title, fontsize=13)
    fig.tight_layout()
    return fig


def category_map(xy: Any, words: Sequence[str], groups: Sequence[str], *, label: Any = None,
                 title: str = "", xlabel: str = "dimension 1", ylabel: str = "dimension 2",
                 ax: Any = None) -> Any:
    """Words as points in the plane, coloured by their true category.

    A thin wrapper of :func:`embedlab.figures.ch04_tables.table_scatter` with square,
    fixed limits. On a new figure (no ``ax``) of :data:`PAGE_WIDTH` inches, with
    fixed margins, the word labels are placed so that they do not overlap.

    Parameters
    ----------
    xy : array-like, shape (V, 2)
    words, groups : sequences of str
        One word and one category (a key of
        :data:`embedlab.figures.ch04.GROUP_COLOURS`) per row.
    label : sequence of bool, optional
        Which words are written next to their point.
    title, xlabel, ylabel : str
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = category_map([[0.0, 1.0], [1.0, 0.0]], ["dog", "car"], ["animal", "vehicle"])
    >>> ax.get_xlabel()
    'dimension 1'
    >>> _plt().close(ax.figure)
    """
    from .ch04_tables import table_scatter

    arr = check_matrix(xy, "xy", axes="(rows, features)")
    limits = float(np.abs(arr).max()) * 1.15 or 1.0
    place = ax is None
    if place:
        fig, ax = _plt().subplots(figsize=(PAGE_WIDTH, 5.0))
        fig.subplots_adjust(left=0.1, right=0.72, bottom=0.11, top=0.93)  # final: labels placed for it
    return table_scatter(arr, words, groups, ax=ax, label=label, limits=limits, title=title,
                         xlabel=xlabel, ylabel=ylabel, avoid_overlap=place)


def matrices_figure(panels: dict[str, Any], labels: Sequence[str], *, outline_rows: Any = (),
                    fmts: Sequence[str] | None = None, xlabel: str = "context word c",
                    ylabel: str = "word w") -> Any:
    """Small non-negative matrices side by side, as annotated heat maps.

    Parameters
    ----------
    panels : dict of str to array-like
        Title -> square matrix over ``labels`` (e.g. counts and PPMI).
    labels : sequence of str
        Row and column labels.
    outline_rows : int or sequence of int
        Rows to outline in every panel.
    fmts : sequence of str, optional
        One number format per panel (default ``"{:.2f}"``).
    xlabel, ylabel : str

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = matrices_figure({"counts": np.eye(2), "PPMI": np.eye(2)}, ["a", "b"], outline_rows=[0])
    >>> [ax.get_title() for ax in fig.axes]
    ['counts', 'PPMI']
    >>> _plt().close(fig)
    """
    from .style import heatmap

    if not isinstance(panels, dict) or not panels:
        raise TypeError("panels must be a non-empty dict of title -> matrix")
    fmts = ["{:.2f}"] * len(panels) if fmts is None else list(fmts)
    if len(fmts) != len(panels):
        raise ValueError(f"fmts has {len(fmts)} entries, but there are {len(panels)} panels")
    plt = _plt()
    fig, axes = plt.subplots(1, len(panels), figsize=(PAGE_WIDTH, 3.6), squeeze=False)
    for ax, (title, matrix), fmt in zip(axes[0], panels.items(), fmts):
        heatmap(matrix, ax=ax, row_labels=labels, col_labels=labels, outline_rows=outline_rows,
                fmt=fmt, cmap="Blues", vmin=0.0, title=title, xlabel=xlabel, ylabel=ylabel)
    fig.tight_layout()
    return fig


def _category_ticks(ax: Any, groups: Sequence[str], axis: str) -> None:
    """Label runs of equal groups at their middle and draw lines between runs."""
    groups = list(groups)
    starts = [0] + [i for i in range(1, len(groups)) if groups[i] != groups[i - 1]]
    ends = starts[1:] + [len(groups)]
    centres = [(a + b - 1) / 2 for a, b in zip(starts, ends)]
    names = [groups[a] for a in starts]
    if axis == "y":
        ax.set_yticks(centres)
        ax.set_yticklabels(names)
        for a in starts[1:]:
            ax.axhline(a - 0.5, color="black", linewidth=0.6)
    else:
        ax.set_xticks(centres)
        ax.set_xticklabels(names, rotation=45, ha="right")
        for a in starts[1:]:
            ax.axvline(a - 0.5, color="black", linewidth=0.6)


def rank_frames(matrix: Any, groups: Sequence[str], ranks: Sequence[int], *,
                dpi: int = FRAME_DPI) -> list[bytes]:
    """One PNG per rank ``r``: the error of the best rank-``r`` approximation, and that approximation.

    The left panel plots the relative error
    ``||M - M_r|| / ||M||`` (Frobenius norm) against ``r`` with the current
    ``r`` marked; the right panel shows ``M_r``, the truncated SVD of rank
    ``r`` (Eckart and Young, 1936), as a heat map with the rows and columns
    grouped by category.

    Parameters
    ----------
    matrix : array-like, shape (V, V)
        E.g. a PPMI matrix whose rows and columns are sorted by category.
    groups : sequence of str
        Category of each row (and column), in order.
    ranks : sequence of int
        The ranks to draw, each in ``1 .. min(matrix.shape)``.
    dpi : int, default :data:`~embedlab.figures.style.FRAME_DPI` (200)
        At 100 dpi a frame is as wide as the book's text column.

    Returns
    -------
    list of bytes

    Examples
    --------
    >>> M = np.diag([3.0, 2.0, 1.0])
    >>> frames = rank_frames(M, ["a", "a", "b"], [1, 2], dpi=20)
    >>> len(frames), frames[0][:4] == b"\\x89PNG"
    (2, True)
    """
    from .style import OKABE_ITO

    M = check_matrix(matrix, "matrix", axes="(rows, features)")
    if len(groups) != M.shape[0]:
        raise ValueError(f"groups has {len(groups)} entries, but matrix has {M.shape[0]} rows")
    top = min(M.shape)
    ranks = [int(r) for r in ranks]
    if not ranks or any(not 1 <= r <= top for r in ranks):
        raise ValueError(f"ranks must be a non-empty list of ranks in 1..{top}, got {ranks}")
    u, s, vt = np.linalg.svd(M, full_matrices=False)
    total = float(np.sum(s ** 2))
    all_r = np.arange(1, max(ranks) + 1)
    errors = np.sqrt(np.maximum(total - np.cumsum(s ** 2)[all_r - 1], 0.0) / total)
    approximations = {r: (u[:, :r] * s[:r]) @ vt[:r] for r in ranks}
    limit = max(float(np.abs(a).max()) for a in approximations.values()) or 1.0
    plt = _plt()
    fig, (left, right) = plt.subplots(1, 2, figsize=(PAGE_WIDTH, 3.9),
                                      gridspec_kw={"width_ratios": [1, 1.15]})
    left.plot(all_r, errors, marker="o", color=OKABE_ITO[4])
    (marker,) = left.plot([1], [errors[0]], marker="o", markersize=11, color=OKABE_ITO[5],
                          linestyle="none")
    note = left.text(0.95, 0.05, "", transform=left.transAxes, ha="right", va="bottom",
                     fontsize=11)
    left.set_ylim(0, 1.02)
    left.set_xticks(all_r)
    left.set_xlabel("rank r")
    left.set_ylabel("||M - M_r|| / ||M||")
    left.set_title("Relative error", fontsize=12)
    image = right.imshow(M, cmap="coolwarm", vmin=-limit, vmax=limit, interpolation="nearest")
    _category_ticks(right, groups, "y")
    _category_ticks(right, groups, "x")
    right.tick_params(labelsize=9, length=0)
    title = right.set_title("Best rank-1 approximation of M", fontsize=12)
    fig.tight_layout()
    frames = []
    try:
        for r in ranks:
            image.set_data(approximations[r])
            marker.set_data([r], [errors[r - 1]])
            note.set_text(f"r = {r}: error {errors[r - 1]:.2f}")
            title.set_text(f"Best rank-{r} approximation of M")
            frames.append(_frame(fig, dpi, close=False))
    finally:
        plt.close(fig)
    return frames


def autoencoder_figure(steps: Any, losses: Any, angles: Any, pca_loss: float) -> Any:
    """Training of a linear autoencoder against PCA: loss and largest principal angle.

    Parameters
    ----------
    steps : array-like of int
        Gradient steps at which the values were recorded.
    losses : array-like
        Reconstruction loss at those steps.
    angles : array-like
        Largest principal angle (degrees) between the decoder's subspace and
        the PCA subspace at those steps.
    pca_loss : float
        PCA's reconstruction loss with the same number of components.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = autoencoder_figure([0, 10, 100], [5.0, 3.0, 2.0], [80.0, 10.0, 0.5], 2.0)
    >>> [ax.get_yscale() for ax in fig.axes]
    ['linear', 'log']
    >>> _plt().close(fig)
    """
    from .style import OKABE_ITO

    x = np.asarray(steps, dtype=np.float64)
    loss = np.asarray(losses, dtype=np.float64)
    ang = np.asarray(angles, dtype=np.float64)
    if not (x.ndim == loss.ndim == ang.ndim == 1 and x.size == loss.size == ang.size > 0):
        raise ValueError("steps, losses and angles must be 1-D and of the same, non-zero length")
    plt = _plt()
    fig, (left, right) = plt.subplots(1, 2, figsize=(PAGE_WIDTH, 3.3))
    left.plot(x, loss, color=OKABE_ITO[4], label="linear autoencoder")
    left.axhline(pca_loss, color=OKABE_ITO[5], linestyle="--", label="PCA, same r")
    left.set_xlabel("gradient step")
    left.set_ylabel("squared error per row")
    left.set_title("Reconstruction error", fontsize=12)
    left.legend(frameon=False, fontsize=10)
    right.plot(x, np.maximum(ang, 1e-3), color=OKABE_ITO[4])
    right.set_yscale("log")
    right.set_xlabel("gradient step")
    right.set_ylabel("largest angle (degrees)")
    right.set_title("Distance to the PCA subspace", fontsize=12)
    fig.tight_layout()
    return fig


def sgns_frames(snapshots: Sequence[dict[str, Any]], target_map: Any, words: Sequence[str],
                groups: Sequence[str], *, label: Any = None, max_points: int = 2000,
                legend: bool = True,
                map_labels: tuple[str, str] = ("SVD dimension 1", "SVD dimension 2"),
                map_title: str = "word vectors (dots)\non the SVD map (rings)",
                dpi: int = FRAME_DPI) -> list[bytes]:
    """One PNG per training checkpoint of skip-gram with negative sampling.

    Each snapshot is a dict with keys ``"epoch"``, ``"pmi"`` and ``"dots"``
    (shifted PMI and the model's dot products on the same co-occurring
    pairs) and ``"map"`` (the word vectors' first two coordinates after
    alignment with ``target_map``). The left panel plots the dot products
    against shifted PMI with the line ``y = x``; the right panel draws the
    aligned words over the target picture.

    Parameters
    ----------
    snapshots : sequence of dict
    target_map : array-like, shape (V, 2)
        The picture the aligned vectors are compared with.
    words, groups : sequence of str
        As in :func:`category_map`.
    label : sequence of bool, optional
        Which words are written next to their ring (their place on the
        target map, which stays put while the dots move).
    max_points : int, default 2000
        Draw at most this many pairs in the left panel (evenly spaced
        through the list, the same ones in every frame); the correlation in
        the title always uses all of them.
    legend : bool, default True
        Name the colours in a legend (leave it out to draw frames faster
        when a figure nearby already has it).
    map_labels : (str, str)
        Axis labels of the right panel: say which coordinates of which
        map ``target_map`` holds.
    map_title : str
        Title of the right panel.
    dpi : int, default :data:`~embedlab.figures.style.FRAME_DPI` (200)
        At 100 dpi a frame is as wide as the book's text column.

    Returns
    -------
    list of bytes

    Examples
    --------
    >>> snap = {"epoch": 0, "pmi": np.array([0.0, 1.0]), "dots": np.array([0.1, 0.8]),
    ...         "map": np.array([[0.0, 1.0], [1.0, 0.0]])}
    >>> frames = sgns_frames([snap], [[0.0, 1.0], [1.0, 0.0]], ["dog", "car"],
    ...                      ["animal", "vehicle"], dpi=20)
    >>> len(frames)
    1
    """
    from .ch04 import GROUP_COLOURS
    from .style import OKABE_ITO

    target = check_matrix(target_map, "target_map", axes="(rows, features)")
    if not snapshots:
        raise ValueError("snapshots must hold at least one checkpoint")
    for i, snap in enumerate(snapshots):
        missing = {"epoch", "pmi", "dots", "map"} - set(snap)
        if missing:
            raise ValueError(f"snapshots[{i}] lacks the keys {sorted(missing)}")
    lo = min(float(np.min(s["pmi"])) for s in snapshots)
    hi = max(float(np.max(s["pmi"])) for s in snapshots)
    lo_all = min(lo, min(float(np.min(s["dots"])) for s in snapshots))
    hi_all = max(hi, max(float(np.max(s["dots"])) for s in snapshots))
    every_map = np.concatenate([target] + [np.asarray(s["map"], dtype=np.float64) for s in snapshots])
    low, high = every_map.min(axis=0), every_map.max(axis=0)
    pad = 0.08 * float(np.max(high - low) or 1.0)
    low, high = low - pad, high + pad
    names = list(words)
    kinds = list(groups)
    if len(names) != target.shape[0] or len(kinds) != target.shape[0]:
        raise ValueError(f"words and groups need one entry per row of target_map ({target.shape[0]})")
    show = np.ones(len(names), dtype=bool) if label is None else np.asarray(label, dtype=bool)
    max_points = check_positive_int(max_points, "max_points")
    n_pairs = min(np.asarray(s["pmi"]).size for s in snapshots)
    drawn = np.unique(np.linspace(0, n_pairs - 1, min(max_points, n_pairs)).astype(int))
    present = [g for g in GROUP_COLOURS if g in set(kinds)]
    rows_of = {g: [i for i, h in enumerate(kinds) if h == g] for g in present}
    plt = _plt()
    fig, (left, right) = plt.subplots(1, 2, figsize=(PAGE_WIDTH, 4.0))
    cloud = left.scatter([], [], s=4, alpha=0.35, color=OKABE_ITO[4], linewidths=0)
    left.plot([lo_all, hi_all], [lo_all, hi_all], color=OKABE_ITO[5], linewidth=1.2,
              label="y = x")
    left.set_xlim(lo_all, hi_all)
    left.set_ylim(lo_all, hi_all)
    left.set_aspect("equal", adjustable="box")
    left.set_xlabel("PMI(w, c) - log K")
    left.set_ylabel("E[w] · E_c[c]")
    left.legend(frameon=False, loc="upper left", fontsize=10)
    heading = left.set_title("", fontsize=12)
    dots = {}
    for g in present:
        rows = rows_of[g]
        right.scatter(target[rows, 0], target[rows, 1], s=60, facecolors="none",
                      edgecolors=GROUP_COLOURS[g], linewidths=1.0, alpha=0.6)
        dots[g] = right.scatter(target[rows, 0], target[rows, 1], s=22, color=GROUP_COLOURS[g],
                                label=g, zorder=3, edgecolor="white", linewidth=0.5)
    for i in np.flatnonzero(show):      # labels stay at the rings, so they never collide
        right.annotate(names[i], (target[i, 0], target[i, 1]), xytext=(5, 5),
                       textcoords="offset points", fontsize=10, color=GROUP_COLOURS[kinds[i]],
                       zorder=5, bbox={"boxstyle": "round,pad=0.1", "facecolor": "white",
                                       "edgecolor": "none", "alpha": 0.8})
    right.axhline(0, color="#CCCCCC", linewidth=0.8, zorder=0)
    right.axvline(0, color="#CCCCCC", linewidth=0.8, zorder=0)
    right.set_xlim(low[0], high[0])
    right.set_ylim(low[1], high[1])
    right.set_aspect("equal", adjustable="box")
    right.set_xlabel(str(map_labels[0]))
    right.set_ylabel(str(map_labels[1]))
    right.set_title(str(map_title), fontsize=12)
    if check_bool(legend, "legend"):
        right.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    frames = []
    try:
        for snap in snapshots:
            x, y = np.asarray(snap["pmi"]), np.asarray(snap["dots"])
            corr = float(np.corrcoef(x, y)[0, 1]) if np.std(y) > 0 else 0.0
            cloud.set_offsets(np.column_stack([x[drawn], y[drawn]]))
            heading.set_text(f"epoch {snap['epoch']}: correlation {corr:.2f}")
            m = np.asarray(snap["map"], dtype=np.float64)
            for g in present:
                dots[g].set_offsets(m[rows_of[g]])
            frames.append(_frame(fig, dpi, close=False))
    finally:
        plt.close(fig)
    return frames


def columns_figure(tables: dict[str, Any]) -> Any:
    """For each table: the cosines between its columns, and each column's variance.

    PCA coordinates have orthogonal columns (a diagonal of ones, zeros
    elsewhere) with variances in decreasing order; a learned table need
    have neither. Cosines are printed to two decimals, so that a table that
    is nearly but not exactly orthogonal (cosines such as 0.03) does not
    look like PCA's exact zeros.

    Parameters
    ----------
    tables : dict of str to array-like, each (V, d)

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = columns_figure({"t": np.eye(3)})
    >>> len(fig.axes)
    2
    >>> _plt().close(fig)
    """
    from .style import OKABE_ITO, heatmap

    if not isinstance(tables, dict) or not tables:
        raise TypeError("tables must be a non-empty dict of name -> (V, d) table")
    plt = _plt()
    n = len(tables)
    fig, axes = plt.subplots(2, n, figsize=(PAGE_WIDTH, 6.6), squeeze=False,
                             gridspec_kw={"height_ratios": [1.5, 1]})
    for j, (name, table) in enumerate(tables.items()):
        T = check_matrix(table, f"tables[{name!r}]", axes="(rows, features)")
        numbers = [str(j + 1) for j in range(T.shape[1])]              # column 1 is the first
        centred = T - T.mean(axis=0)
        norms = np.linalg.norm(centred, axis=0)
        unit = np.divide(centred, norms, out=np.zeros_like(centred), where=norms > 0)
        heatmap(unit.T @ unit, ax=axes[0, j], vmin=-1.0, vmax=1.0,
                fmt=lambda v: f"{round(v, 2) + 0.0:.2f}",                # no "-0.00"
                annotate=T.shape[1] <= 10, title=f"{name}:\ncosines between columns",
                xlabel="column", ylabel="column", row_labels=numbers, col_labels=numbers)
        axes[0, j].title.set_fontsize(11)
        var = centred.var(axis=0)
        axes[1, j].bar(np.arange(var.size), var, color=OKABE_ITO[4])
        axes[1, j].set_xticks(np.arange(var.size), numbers)
        axes[1, j].set_xlabel("column")
        axes[1, j].set_ylabel("variance over words")
        axes[1, j].set_title("variance of each column", fontsize=11)
    fig.tight_layout()
    return fig


def rotation_frames(tables: dict[str, Any], outputs: dict[str, Any], row_labels: Sequence[str],
                    output_labels: Sequence[str], *, dpi: int = FRAME_DPI) -> list[bytes]:
    """One PNG per version of a model: its table above its outputs.

    Parameters
    ----------
    tables : dict of str to array-like (n_rows, d)
        The rows of the table shown (e.g. a few words), per version.
    outputs : dict of str to array-like (n_outputs,)
        The model's output (e.g. probability of "positive") per version;
        same keys as ``tables``.
    row_labels : sequence of str
        One label per table row.
    output_labels : sequence of str
        One label per output.
    dpi : int, default :data:`~embedlab.figures.style.FRAME_DPI` (200)
        At 100 dpi a frame is as wide as the book's text column.

    Returns
    -------
    list of bytes

    Examples
    --------
    >>> frames = rotation_frames({"a": np.eye(2)}, {"a": [0.2, 0.9]}, ["x", "y"], ["s0", "s1"],
    ...                          dpi=20)
    >>> len(frames)
    1
    """
    from .style import OKABE_ITO, heatmap

    if not isinstance(tables, dict) or set(tables) != set(outputs):
        raise ValueError("tables and outputs must be dicts with the same keys")
    limit = max(float(np.abs(np.asarray(t)).max()) for t in tables.values())
    plt = _plt()
    frames = []
    for name, table in tables.items():
        T = check_matrix(table, f"tables[{name!r}]", axes="(rows, features)")
        out = np.asarray(outputs[name], dtype=np.float64).ravel()
        if out.size != len(output_labels):
            raise ValueError(f"outputs[{name!r}] has {out.size} values, but there are "
                             f"{len(output_labels)} output labels")
        # two sub-figures, so that long output labels do not squeeze the table
        heights = [1.2 + 0.4 * T.shape[0], 0.9 + 0.38 * out.size]
        fig = plt.figure(figsize=(PAGE_WIDTH, sum(heights)), layout="constrained")
        upper, lower = fig.subfigures(2, 1, height_ratios=heights)
        top, bottom = upper.subplots(), lower.subplots()
        heatmap(T, ax=top, row_labels=row_labels, col_labels=[str(j + 1) for j in range(T.shape[1])],
                vmin=-limit, vmax=limit, fmt="{:.2f}",
                title=f"{name}: rows of the table", xlabel="column", ylabel="word")
        for text in top.texts:                          # the numbers in the cells
            text.set_fontsize(10)
        top.title.set_fontsize(12)
        bottom.barh(np.arange(out.size), out, color=OKABE_ITO[2])
        bottom.set_yticks(np.arange(out.size))
        bottom.set_yticklabels(output_labels, fontsize=10)
        bottom.invert_yaxis()
        bottom.set_xlim(0, 1)
        bottom.axvline(0.5, color="#888888", linestyle="--", linewidth=1)
        for i, v in enumerate(out):
            inside = v > 0.5
            bottom.text(v - 0.02 if inside else v + 0.02, i, f"{v:.4f}", va="center", fontsize=10,
                        ha="right" if inside else "left", color="white" if inside else "black")
        bottom.set_xlabel("P(positive)")
        bottom.set_title("the model's outputs", fontsize=12)
        frames.append(_frame(fig, dpi))
    return frames
