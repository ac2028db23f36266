"""Figures of chapter 7, part 1: subword vocabularies, n-gram vectors, hashing.

:func:`pieces_figure` draws words cut into pieces (BPE tokens or n-grams),
one row per word; :func:`tradeoff_figure` the length of a text in tokens
against the vocabulary size, next to the share of ``<unk>`` a word-level
vocabulary of the same size leaves; :func:`collision_figure` measured hash
collisions against their formula, next to what they cost a model. Every
figure is at most :data:`PAGE_WIDTH` inches wide.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .._validation import check_matrix, check_positive_int

__all__ = ["PAGE_WIDTH", "pieces_figure", "tradeoff_figure", "collision_figure"]

#: Width of every figure of the chapter, in inches (the content column at 100 dpi).
PAGE_WIDTH = 6.8


def _plt() -> Any:
    import matplotlib.pyplot as plt

    return plt


def _check_rows(rows: Any) -> list[tuple[str, list[str]]]:
    if isinstance(rows, (str, bytes)) or not isinstance(rows, Sequence) or not rows:
        raise TypeError("rows must be a non-empty list of (label, pieces) pairs")
    out = []
    for row in rows:
        if not (isinstance(row, (tuple, list)) and len(row) == 2):
            raise TypeError(f"each row must be a (label, pieces) pair, got {row!r}")
        label, pieces = row
        if not isinstance(label, str):
            raise TypeError(f"a row's label must be a string, got {label!r}")
        if isinstance(pieces, str) or not isinstance(pieces, Sequence) or not pieces \
                or not all(isinstance(p, str) and p for p in pieces):
            raise ValueError(f"the pieces of row {label!r} must be a non-empty list of "
                             f"non-empty strings, got {pieces!r}")
        out.append((label, list(pieces)))
    return out


def pieces_figure(rows: Sequence[tuple[str, Sequence[str]]], *, title: str = "") -> Any:
    """Words cut into pieces: one row of adjacent boxes per word.

    Each box holds one piece and is as wide as its number of characters;
    neighbouring boxes alternate between two colours so that the cuts show.

    Parameters
    ----------
    rows : list of (str, list of str)
        Each row's label (shown on the left) and its pieces, in order.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError, ValueError
        If ``rows`` is empty or a row is not a label with non-empty pieces.

    Examples
    --------
    >>> fig = pieces_figure([("merge 0", ["l", "o", "w"]), ("merge 1", ["lo", "w"])])
    >>> [t.get_text() for t in fig.axes[0].texts][:3]
    ['l', 'o', 'w']
    >>> _plt().close(fig)
    """
    rows = _check_rows(rows)
    plt = _plt()
    from .style import OKABE_ITO

    widest = max(sum(len(p) for p in pieces) for _, pieces in rows)
    height = 0.5 + 0.42 * len(rows) + (0.4 if title else 0.0)
    fig, ax = plt.subplots(figsize=(PAGE_WIDTH, height))
    colours = (OKABE_ITO[1], OKABE_ITO[0])
    for r, (_, pieces) in enumerate(rows):
        x = 0.0
        for k, piece in enumerate(pieces):
            ax.add_patch(plt.Rectangle((x, -r - 0.4), len(piece), 0.8, facecolor=colours[k % 2],
                                       edgecolor="white", linewidth=2))
            ax.text(x + len(piece) / 2, -r, piece, ha="center", va="center", fontsize=11,
                    family="monospace", color="black")
            x += len(piece)
    ax.set_xlim(0, max(widest, 1))
    ax.set_ylim(-len(rows) + 0.5, 0.5)
    ax.set_yticks([-r for r in range(len(rows))], [label for label, _ in rows])
    ax.set_xticks([])
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


def tradeoff_figure(sizes: Any, tokens_per_word: Any, unk_share: Any) -> Any:
    """Tokens per word against vocabulary size (BPE), beside the ``<unk>`` share of words.

    Parameters
    ----------
    sizes : array-like of int
        Vocabulary sizes, increasing.
    tokens_per_word : array-like of float
        Average BPE tokens per held-out word at each size.
    unk_share : array-like of float
        Share of held-out words a word-level vocabulary of the same size
        maps to ``<unk>`` (byte-level BPE: always 0).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = tradeoff_figure([256, 512], [4.8, 2.1], [0.3, 0.2])
    >>> fig.axes[1].get_ylabel()
    'share of held-out words'
    >>> _plt().close(fig)
    """
    arrays = [np.asarray(a, dtype=float).ravel() for a in (sizes, tokens_per_word, unk_share)]
    if len({a.size for a in arrays}) != 1 or not arrays[0].size:
        raise ValueError("sizes, tokens_per_word and unk_share must have one equal, non-zero "
                         f"length, got {[a.size for a in arrays]}")
    data = check_matrix(np.vstack(arrays), "sizes, tokens_per_word and unk_share")
    size, tokens, unk = data
    plt = _plt()
    from .style import OKABE_ITO

    fig, (left, right) = plt.subplots(1, 2, figsize=(PAGE_WIDTH, 3.2))
    left.plot(size, tokens, "o-", color=OKABE_ITO[4])
    left.axhline(1.0, color="#999999", linewidth=1, linestyle=":")
    left.set_xlabel("vocabulary size")
    left.set_ylabel("BPE tokens per word")
    left.set_title("Length of the text")
    left.set_ylim(0, None)
    right.plot(size, unk, "s-", color=OKABE_ITO[5], label="word vocabulary")
    right.plot(size, np.zeros_like(size), "o-", color=OKABE_ITO[4], label="byte-level BPE")
    right.set_xlabel("vocabulary size")
    right.set_ylabel("share of held-out words")
    right.set_title("Mapped to <unk>")
    right.set_ylim(-0.01, max(float(unk.max()) * 1.1, 0.05))
    right.legend(frameon=False)
    fig.tight_layout()
    return fig


def collision_figure(buckets: Any, measured: Any, accuracy: Mapping[Any, float], exact: float, *,
                     n_items: int) -> Any:
    """Hash collisions measured against the formula, and the accuracy they cost.

    Parameters
    ----------
    buckets : array-like of int
        Numbers of buckets ``B`` (log scale).
    measured : array-like of float
        Share of the items sharing a bucket, measured at each ``B``; drawn
        as dots over the formula's curve
        (:func:`~embedlab.subword.expected_shared_share`).
    accuracy : mapping of int to float
        A model's held-out accuracy with ``B`` buckets.
    exact : float
        The same model's accuracy with one row per word.
    n_items : int
        How many distinct items were hashed (>= 1; used by the formula and
        shown in the title).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = collision_figure([10, 100], [0.9, 0.2], {10: 0.7, 100: 0.9}, 0.92, n_items=20)
    >>> fig.axes[0].get_xscale(), fig.axes[1].get_ylabel()
    ('log', 'held-out accuracy')
    >>> _plt().close(fig)
    """
    B = np.asarray(buckets, dtype=float).ravel()
    got = np.asarray(measured, dtype=float).ravel()
    if not (B.size and B.size == got.size):
        raise ValueError(f"buckets and measured must have one equal, non-zero length, "
                         f"got {B.size} and {got.size}")
    n_items = check_positive_int(n_items, "n_items")
    if B.min() < 1:
        raise ValueError(f"buckets must be at least 1, got {B.min():g}")
    grid = np.geomspace(B.min(), B.max(), 80)  # the formula for B read as a real number
    with np.errstate(divide="ignore"):
        want = -np.expm1((n_items - 1) * np.log1p(-1.0 / grid))
    if not isinstance(accuracy, Mapping) or not accuracy:
        raise TypeError("accuracy must be a non-empty mapping of buckets -> accuracy")
    plt = _plt()
    from .style import OKABE_ITO

    fig, (left, right) = plt.subplots(1, 2, figsize=(PAGE_WIDTH, 3.3))
    left.plot(grid, want, "-", color=OKABE_ITO[7], linewidth=1.2, label="formula")
    left.plot(B, got, "o", color=OKABE_ITO[5], label="measured")
    left.set_xscale("log")
    left.set_xlabel("buckets B")
    left.set_ylabel("share sharing a bucket")
    left.set_title(f"{n_items:,} n-grams hashed", fontsize=12)
    left.legend(frameon=False)
    keys = sorted(accuracy)
    right.plot(keys, [accuracy[k] for k in keys], "o-", color=OKABE_ITO[4], label="hashed")
    right.axhline(exact, color=OKABE_ITO[2], linestyle="--", label="one row per word")
    right.set_xscale("log")
    right.set_xlabel("buckets B")
    right.set_ylabel("held-out accuracy")
    right.set_title("What collisions cost", fontsize=12)
    right.legend(frameon=False, loc="lower right")
    fig.tight_layout()
    return fig
