"""Reading a trained table: its columns, its rows in 2-D, and its basis.

* :func:`top_tokens` lists the words that score highest and lowest on one
  column (one unit);
* :func:`column_alignment` measures how well each column follows a known
  feature of the words;
* :func:`project_2d` places the rows on their first two principal axes;
* :func:`procrustes_align` rotates one table onto another with
  :func:`scipy.linalg.orthogonal_procrustes`, so two tables trained from
  different starts can be compared (principal angles between their column
  spaces come from :func:`scipy.linalg.subspace_angles`).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from ._validation import (
    check_bool,
    check_labels,
    check_matrix,
    is_int,
)

__all__ = [
    "top_tokens",
    "project_2d",
    "column_alignment",
    "Alignment",
    "procrustes_align",
]


def top_tokens(table: Any, words: Any, column: int, k: int = 5) -> tuple[list[str], list[str]]:
    """The ``k`` words with the largest and the ``k`` with the smallest value in a column.

    Parameters
    ----------
    table : array-like, shape (V, d)
    words : sequence of str
        One word per row.
    column : int
        Which unit (column), 0 .. d-1.
    k : int, default 5
        How many words from each end, 1 .. V.

    Returns
    -------
    top, bottom : list of str
        Largest first, and smallest first; ties keep the lower row first.

    Examples
    --------
    >>> table = np.array([[0.5, 0.0], [-1.0, 2.0], [2.0, 1.0]])
    >>> top_tokens(table, ["a", "b", "c"], column=0, k=1)
    (['c'], ['b'])
    """
    arr = check_matrix(table, "table", axes="(rows, columns)")
    labels = check_labels(words, arr.shape[0], "words")
    V, d = arr.shape
    if not is_int(column):
        raise TypeError(f"column must be an integer, got {column!r}")
    if not 0 <= column < d:
        raise ValueError(f"column must be in 0..{d - 1} (the table has {d} columns), got {column}")
    if not is_int(k):
        raise TypeError(f"k must be an integer, got {k!r}")
    if not 1 <= k <= V:
        raise ValueError(f"k must be in 1..{V} (the table has {V} rows), got {k}")
    order = np.argsort(-arr[:, column], kind="stable")
    rev = np.argsort(arr[:, column], kind="stable")
    return [labels[i] for i in order[:k]], [labels[i] for i in rev[:k]]


def project_2d(table: Any) -> np.ndarray:
    """Coordinates of the rows of ``table`` on its first two principal axes.

    The rows are centred and projected on the two leading right singular
    vectors, whose signs are fixed so that each axis' largest coordinate is
    positive (the result is then reproducible).

    Examples
    --------
    >>> xy = project_2d(np.array([[1.0, 0, 0], [-1.0, 0, 0], [0, 0.5, 0], [0, -0.5, 0]]))
    >>> xy.round(3).tolist()
    [[1.0, 0.0], [-1.0, 0.0], [0.0, 0.5], [0.0, -0.5]]
    """
    arr = check_matrix(table, "table", axes="(rows, columns)")
    if arr.shape[0] < 2 or arr.shape[1] < 2:
        raise ValueError(f"table must have at least 2 rows and 2 columns, got shape {arr.shape}")
    centred = arr - arr.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    xy = centred @ vt[:2].T
    signs = np.sign(xy[np.argmax(np.abs(xy), axis=0), [0, 1]])
    signs[signs == 0] = 1
    return xy * signs + 0.0   # + 0.0 turns -0.0 into 0.0


def column_alignment(W: Any, features: Any) -> np.ndarray:
    """How closely each column of ``W`` follows each known feature.

    Entry ``[j, g]`` is the absolute Pearson correlation, over tokens,
    between column ``j`` of ``W`` and column ``g`` of ``features``: 1 when
    the unit's output is an exact linear function of the feature, 0 when
    the two are uncorrelated.

    Parameters
    ----------
    W : array-like, shape (V, d)
        One row per token.
    features : array-like, shape (V, m)
        The known features of the same tokens (e.g. group memberships).

    Returns
    -------
    numpy.ndarray, shape (d, m)

    Raises
    ------
    ValueError
        If the row counts differ, there are fewer than 2 rows, or a column
        is constant (its correlation is undefined).

    Examples
    --------
    >>> features = np.repeat(np.eye(3), 2, axis=0)   # 6 tokens in 3 groups
    >>> W = 2.0 * features[:, [1, 0, 2]] + 1.0        # units follow groups 1, 0, 2
    >>> column_alignment(W, features).round(2)
    array([[0.5, 1. , 0.5],
           [1. , 0.5, 0.5],
           [0.5, 0.5, 1. ]])
    """
    a = check_matrix(W, "W", axes="(rows, columns)")
    f = check_matrix(features, "features", axes="(rows, columns)")
    if a.shape[0] != f.shape[0]:
        raise ValueError(
            f"W has {a.shape[0]} rows but features has {f.shape[0]}; both need one row per token"
        )
    if a.shape[0] < 2:
        raise ValueError(f"need at least 2 tokens (rows) to correlate, got {a.shape[0]}")
    for name, m in (("W", a), ("features", f)):
        spread = m.std(axis=0)
        if np.any(spread == 0):
            col = int(np.flatnonzero(spread == 0)[0])
            raise ValueError(f"{name} column {col} is constant, so its correlation is undefined")
    za = (a - a.mean(axis=0)) / a.std(axis=0)
    zf = (f - f.mean(axis=0)) / f.std(axis=0)
    return np.clip(np.abs(za.T @ zf) / a.shape[0], 0.0, 1.0)


class Alignment(NamedTuple):
    """Result of :func:`procrustes_align`."""

    aligned: np.ndarray
    rotation: np.ndarray
    scale: float
    error: float


def procrustes_align(source: Any, target: Any, *, scale: bool = False) -> Alignment:
    """Rotate (and optionally scale) ``source`` to be as close as possible to ``target``.

    Finds the orthogonal ``R`` (a rotation, possibly with reflections) that
    minimises ``||c * source @ R - target||`` with
    :func:`scipy.linalg.orthogonal_procrustes` (Schönemann, 1966), and with
    ``scale=True`` also the best factor ``c > 0``. An orthogonal map keeps
    lengths and angles, so it can only undo a change of basis that kept them;
    a general invertible mixing needs least squares instead.

    Parameters
    ----------
    source, target : array-like, shape (n, d)
    scale : bool, default False

    Returns
    -------
    Alignment
        ``aligned = c * source @ rotation``, ``rotation`` (d x d,
        orthogonal), ``scale`` (``c``, 1.0 without scaling) and ``error``,
        the relative error ``||aligned - target|| / ||target||``.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    >>> turn = np.array([[0.0, -1.0], [1.0, 0.0]])         # 90 degrees
    >>> result = procrustes_align(X @ turn, X)
    >>> (result.rotation.round(6) + 0.0).tolist(), round(result.error, 6)
    ([[0.0, 1.0], [-1.0, 0.0]], 0.0)
    """
    A = check_matrix(source, "source", axes="(rows, features)")
    B = check_matrix(target, "target", axes="(rows, features)")
    if A.shape != B.shape:
        raise ValueError(f"source and target must have the same shape, got {A.shape} and {B.shape}")
    scale = check_bool(scale, "scale")
    norm_b = float(np.linalg.norm(B))
    if norm_b == 0:
        raise ValueError("target is all zeros: there is nothing to align to")
    from scipy.linalg import orthogonal_procrustes   # imported here, so `import embedlab` stays light

    rotation, total = orthogonal_procrustes(A, B)
    c = 1.0
    if scale:
        norm_a = float(np.sum(A ** 2))
        if norm_a == 0:
            raise ValueError("source is all zeros: it cannot be scaled onto target")
        c = float(total) / norm_a
    aligned = c * A @ rotation
    return Alignment(aligned, rotation, c, float(np.linalg.norm(aligned - B)) / norm_b)
