"""Figures of chapter 2 about what each unit (column of ``W``) responds to.

:func:`unit_bars` shows each unit's weights for every token;
:func:`alignment_figure` shows how well each column follows a known feature,
as measured by :func:`embedlab.inspection.column_alignment`. The network
drawings are in :mod:`embedlab.figures.ch02`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .._validation import (
    check_matrix,
    is_int,
)
from .ch02 import _HIGHLIGHT, MAX_UNITS, MAX_WIDTH, _token_labels
from .style import heatmap

__all__ = [
    "MAX_BARS",
    "unit_bars",
    "alignment_figure",
]


#: Largest number of tokens :func:`unit_bars` shows in one panel.
MAX_BARS = 30


def unit_bars(
    W: Any,
    *,
    token_labels: Sequence[str] | None = None,
    k: int = 3,
    unit_names: Sequence[str] | None = None,
) -> Any:
    """One bar chart per unit: every token's weight into it, largest first.

    The ``k`` tokens that drive the unit highest are drawn in orange, the
    rest in grey. Ties keep the lower id first.

    Parameters
    ----------
    W : array-like, shape (V, d)
        At most :data:`MAX_BARS` rows and :data:`~embedlab.figures.ch02.MAX_UNITS` columns.
    token_labels : sequence of str, optional
        One label per row.
    k : int, default 3
        How many top tokens to colour, 1 to V.
    unit_names : sequence of str, optional
        A name per unit, added to each panel's title.

    Returns
    -------
    matplotlib.figure.Figure
        One Axes per unit.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> W = np.array([[0.9, 0.0], [0.1, 0.8], [0.7, -0.5]])
    >>> fig = unit_bars(W, token_labels=["cat", "pie", "dog"], k=2)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['cat', 'dog', 'pie']
    >>> plt.close(fig)
    """
    arr = check_matrix(W, "W", axes="(rows, columns)")
    V, d = arr.shape
    if V > MAX_BARS or d > MAX_UNITS:
        raise ValueError(
            f"W has shape {arr.shape}; unit_bars shows at most {MAX_BARS} tokens and "
            f"{MAX_UNITS} units, so pass a slice of W"
        )
    labels = _token_labels(token_labels, V)
    if not is_int(k):
        raise TypeError(f"k must be an integer, got {k!r}")
    if not 1 <= k <= V:
        raise ValueError(f"k must be in 1..{V} (W has {V} tokens), got {k}")
    if unit_names is not None:
        if isinstance(unit_names, str) or not isinstance(unit_names, (Sequence, np.ndarray)):
            raise TypeError(f"unit_names must be a list of strings, got {type(unit_names).__name__}")
        unit_names = [str(n) for n in unit_names]
        if len(unit_names) != d:
            raise ValueError(f"unit_names has {len(unit_names)} entries, but W has {d} units")

    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, d, figsize=(MAX_WIDTH, 0.3 * V + 1.8), squeeze=False)
    limit = float(np.max(np.abs(arr))) * 1.1 or 1.0
    for j, ax in enumerate(axes[0]):
        order = np.argsort(-arr[:, j], kind="stable")
        values = arr[order, j]
        colours = [_HIGHLIGHT if r < k else "#B0B0B0" for r in range(V)]
        ax.barh(np.arange(V), values, color=colours)
        ax.set_yticks(np.arange(V))
        ax.set_yticklabels([labels[i] for i in order])
        ax.invert_yaxis()
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_xlim(-limit, limit)
        name = f"unit {j}" + (f": {unit_names[j]}" if unit_names is not None else "")
        ax.set_title(name, fontsize=12)
        ax.set_xlabel(f"W[i, {j}]")
        if j == 0:
            ax.set_ylabel("token i, largest first")
    fig.supxlabel("W[i, j]: unit j's output for token i", fontsize=12)
    fig.tight_layout()
    return fig


def alignment_figure(
    alignments: Sequence[Any],
    titles: Sequence[str],
    *,
    feature_labels: Sequence[str] | None = None,
) -> Any:
    """Heat maps of alignment matrices from :func:`~embedlab.inspection.column_alignment`, side by side.

    All maps share one colour scale, 0 (white) to 1 (dark blue), shown by a
    colour bar at the right.

    Parameters
    ----------
    alignments : sequence of array-like
        Each of shape ``(d, m)`` with values in [0, 1].
    titles : sequence of str
        One title per matrix.
    feature_labels : sequence of str, optional
        One label per feature (column).

    Returns
    -------
    matplotlib.figure.Figure
        One Axes per matrix, then the colour bar's.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = alignment_figure([np.eye(2), np.full((2, 2), 0.5)], ["planted", "mixed"])
    >>> [ax.get_title() for ax in fig.axes[:2]]
    ['planted', 'mixed']
    >>> fig.axes[2].get_ylabel()             # one colour bar for all
    'alignment (|correlation|)'
    >>> plt.close(fig)
    """
    if isinstance(alignments, np.ndarray) or not isinstance(alignments, Sequence):
        raise TypeError("alignments must be a list of matrices")
    if len(alignments) == 0:
        raise ValueError("alignments must hold at least one matrix, got 0")
    mats = [check_matrix(a, f"alignments[{n}]", axes="(rows, columns)") for n, a in enumerate(alignments)]
    for n, m in enumerate(mats):
        if m.min() < 0 or m.max() > 1:
            raise ValueError(f"alignments[{n}] has values outside [0, 1]")
        if m.shape != mats[0].shape:
            raise ValueError(
                f"alignments[{n}] has shape {m.shape}, but alignments[0] has {mats[0].shape}"
            )
    if isinstance(titles, str) or len(titles) != len(mats):
        raise ValueError(f"titles must hold one string per matrix ({len(mats)})")
    d, m = mats[0].shape
    if feature_labels is not None:
        feature_labels = [str(x) for x in feature_labels]
        if len(feature_labels) != m:
            raise ValueError(f"feature_labels has {len(feature_labels)} entries, but there are {m} features")

    import matplotlib.pyplot as plt

    # Axes placed by hand, in inches: square cells, as large as fit in
    # MAX_WIDTH next to the shared colour bar.
    n = len(mats)
    left, between, bar_gap, bar_w, bar_label = 0.75, 0.35, 0.2, 0.15, 0.6
    fixed = left + (n - 1) * between + bar_gap + bar_w + bar_label
    cell = float(min(0.55, (MAX_WIDTH - fixed) / (n * m)))
    width = fixed + n * m * cell
    bottom, height = 0.8, d * cell + 1.3
    fig = plt.figure(figsize=(width, height))
    axes = []
    for k, (mat, title) in enumerate(zip(mats, titles)):
        ax = fig.add_axes(((left + k * (m * cell + between)) / width, bottom / height,
                           m * cell / width, d * cell / height))
        heatmap(mat, ax=ax, cmap="Blues", vmin=0.0, vmax=1.0, title=str(title),
                col_labels=feature_labels, xlabel=r"planted feature $\ell$",
                ylabel="unit j (column j of W)" if k == 0 else None)
        for text in ax.texts:
            text.set_fontsize(10)
        ax.title.set_fontsize(12)
        axes.append(ax)
    bar_ax = fig.add_axes(((width - bar_label - bar_w) / width, bottom / height,
                           bar_w / width, d * cell / height))
    bar = fig.colorbar(axes[0].images[0], cax=bar_ax)
    bar.set_label("alignment (|correlation|)")
    return fig
