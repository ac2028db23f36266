"""Comparing rows: cosine similarity, nearest neighbours and how well they score.

Similarity
    :func:`cosine_similarity` compares every pair of rows;
    :func:`nearest_neighbours` lists each row's closest other rows.
Scores
    :func:`knn_accuracy` (leave-one-out nearest-neighbour accuracy),
    :func:`cluster_purity` and :func:`neighbour_overlap` measure how well
    vectors recover known categories or agree with other vectors.
The common direction
    :func:`average_cosine` measures how much all rows point one way;
    :func:`all_but_the_top` removes the mean and the top principal
    directions (Mu and Viswanath, 2018).

References
----------
Mu, J. and Viswanath, P. (2018). All-but-the-top: simple and effective
postprocessing for word representations. *ICLR 2018*.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validation import (
    check_int_in_range,
    check_matrix,
)

__all__ = [
    "cosine_similarity",
    "nearest_neighbours",
    "knn_accuracy",
    "cluster_purity",
    "neighbour_overlap",
    "average_cosine",
    "all_but_the_top",
]


def _n_neighbours(value: Any, n: int) -> int:
    """``n_neighbours`` must leave at least one other row: 1 .. n-1."""
    return check_int_in_range(value, "n_neighbours", 1, n - 1, f" (one less than the number of rows, {n})")


def cosine_similarity(vectors: Any) -> np.ndarray:
    """Cosine of the angle between every pair of rows.

    A row of zeros has no direction: its similarity to every row (itself
    included) is 0.

    Parameters
    ----------
    vectors : array-like, shape (V, d)

    Returns
    -------
    numpy.ndarray, shape (V, V)

    Examples
    --------
    >>> cosine_similarity([[1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]).round(3).tolist()
    [[1.0, 0.707, 0.0], [0.707, 1.0, 0.0], [0.0, 0.0, 0.0]]
    """
    arr = check_matrix(vectors, "vectors", sparse=True)
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    unit = np.divide(arr, norms, out=np.zeros_like(arr), where=norms > 0)
    return np.clip(unit @ unit.T, -1.0, 1.0)


def _neighbour_table(vectors: np.ndarray, n_neighbours: int) -> np.ndarray:
    sims = cosine_similarity(vectors)
    np.fill_diagonal(sims, -np.inf)
    return np.argsort(-sims, axis=1, kind="stable")[:, :n_neighbours]


def nearest_neighbours(vectors: Any, n_neighbours: int = 5) -> np.ndarray:
    """The ``n_neighbours`` rows most similar (by cosine) to each row, itself excluded.

    Parameters
    ----------
    vectors : array-like, shape (V, d)
        At least 2 rows.
    n_neighbours : int, default 5
        ``1 .. V-1``.

    Returns
    -------
    numpy.ndarray of int, shape (V, n_neighbours)
        Row ``i`` lists the neighbours of row ``i``, most similar first;
        ties go to the lower index.

    Examples
    --------
    >>> X = [[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]]
    >>> nearest_neighbours(X, n_neighbours=1).ravel().tolist()
    [1, 0, 1]
    """
    arr = check_matrix(vectors, "vectors", sparse=True)
    if arr.shape[0] < 2:
        raise ValueError(f"vectors must have at least 2 rows, got shape {arr.shape}")
    return _neighbour_table(arr, _n_neighbours(n_neighbours, arr.shape[0]))


def _check_labels(labels: Any, n: int, name: str = "labels") -> np.ndarray:
    arr = np.asarray(labels)
    if arr.ndim != 1 or arr.shape[0] != n:
        raise ValueError(f"{name} must have one entry per row ({n}), got shape {arr.shape}")
    return arr


def knn_accuracy(vectors: Any, labels: Any, n_neighbours: int = 1) -> float:
    """Leave-one-out accuracy of a nearest-neighbour classifier (cosine).

    Each row in turn is held out and given the label most common among its
    ``n_neighbours`` nearest other rows (a tie goes to the label of the nearest row
    among the tied ones). The score is the share of rows labelled
    correctly: 1 means every row's neighbours share its label.

    Parameters
    ----------
    vectors : array-like, shape (n, d)
        At least 2 rows.
    labels : sequence, shape (n,)
        The true group of each row (strings or ints).
    n_neighbours : int, default 1
        Number of neighbours that vote, ``1 .. n-1``.

    Returns
    -------
    float

    Examples
    --------
    >>> X = [[1.0, 0.1], [1.0, 0.2], [0.1, 1.0], [0.2, 1.0]]
    >>> knn_accuracy(X, ["a", "a", "b", "b"])
    1.0
    >>> knn_accuracy(X, ["a", "b", "a", "b"])
    0.0
    """
    arr = check_matrix(vectors, "vectors", sparse=True)
    n = arr.shape[0]
    if n < 2:
        raise ValueError(f"vectors must have at least 2 rows, got shape {arr.shape}")
    y = _check_labels(labels, n)
    n_nb = _n_neighbours(n_neighbours, n)
    _, codes = np.unique(y, return_inverse=True)
    neighbours = codes[_neighbour_table(arr, n_nb)]         # (n, n_nb), nearest first
    votes = np.zeros((n, codes.max() + 1))
    np.add.at(votes, (np.repeat(np.arange(n), n_nb), neighbours.ravel()), 1.0)
    best = votes.max(axis=1, keepdims=True)
    tied = votes == best                                     # labels with the most votes
    # among tied labels, the one that appears first in the (sorted) neighbour list
    first = np.argmax(tied[np.arange(n)[:, None], neighbours], axis=1)
    predicted = neighbours[np.arange(n), first]
    return float(np.mean(predicted == codes))


def cluster_purity(clusters: Any, labels: Any) -> float:
    """Share of points whose cluster's most common true label is their own.

    Parameters
    ----------
    clusters : sequence, shape (n,)
        Cluster assignment of each point (e.g. ``KMeans.labels_``).
    labels : sequence, shape (n,)
        True label of each point.

    Returns
    -------
    float
        In ``(0, 1]``; 1 when every cluster holds one label only.

    Examples
    --------
    >>> cluster_purity([0, 0, 1, 1], ["x", "x", "y", "y"])
    1.0
    >>> cluster_purity([0, 0, 0, 0], ["x", "x", "y", "y"])
    0.5
    """
    c = np.asarray(clusters)
    if c.ndim != 1 or c.size == 0:
        raise ValueError(f"clusters must be a non-empty 1-D sequence, got shape {c.shape}")
    y = _check_labels(labels, c.size)
    _, ci = np.unique(c, return_inverse=True)
    _, yi = np.unique(y, return_inverse=True)
    table = np.zeros((ci.max() + 1, yi.max() + 1))
    np.add.at(table, (ci, yi), 1.0)
    return float(table.max(axis=1).sum() / c.size)


def neighbour_overlap(a: Any, b: Any, n_neighbours: int = 5) -> float:
    """Mean share of the ``n_neighbours`` nearest neighbours two sets of vectors agree on.

    Rows ``i`` of ``a`` and ``b`` describe the same item (e.g. the same
    word, from two methods). For each item the two sets of ``n_neighbours``
    nearest neighbours (by cosine) are compared; the score is the average of
    ``|common| / n_neighbours``. Two unrelated random sets of vectors score
    about ``n_neighbours / (V - 1)``.

    Parameters
    ----------
    a, b : array-like, shapes (V, d1) and (V, d2)
        Same number of rows; the widths may differ.
    n_neighbours : int, default 5

    Returns
    -------
    float
        In ``[0, 1]``.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]])
    >>> neighbour_overlap(X, 2 * X, n_neighbours=1)
    1.0
    """
    A = check_matrix(a, "a", sparse=True)
    B = check_matrix(b, "b", sparse=True)
    if A.shape[0] != B.shape[0]:
        raise ValueError(f"a and b must have the same number of rows, got {A.shape[0]} and {B.shape[0]}")
    if A.shape[0] < 2:
        raise ValueError(f"a must have at least 2 rows, got shape {A.shape}")
    n_nb = _n_neighbours(n_neighbours, A.shape[0])
    na, nb = _neighbour_table(A, n_nb), _neighbour_table(B, n_nb)
    common = [np.intersect1d(x, y).size for x, y in zip(na, nb)]
    return float(np.mean(common) / n_nb)


def average_cosine(vectors: Any) -> float:
    """The mean cosine between two different rows, over all ``V (V - 1)`` ordered pairs.

    With unit rows ``u_i``, the sum of ``u_i . u_j`` over all pairs
    ``i != j`` is ``|sum_i u_i|^2 - sum_i |u_i|^2``, so the mean needs no
    ``(V, V)`` matrix and no sampling. Rows pointing in random directions
    give about 0; rows sharing a common direction give a clearly positive
    mean. A row of zeros counts as cosine 0 with every row.

    Parameters
    ----------
    vectors : array-like, shape (V, d)
        At least 2 rows.

    Returns
    -------
    float
        In ``[-1 / (V - 1), 1]``.

    Examples
    --------
    >>> round(average_cosine([[1.0, 0.0], [1.0, 1.0], [0.0, 2.0]]), 4)   # 0.707, 0, 0.707
    0.4714
    >>> round(average_cosine([[1.0, 0.0], [-1.0, 0.0]]), 4)
    -1.0
    """
    arr = check_matrix(vectors, "vectors", axes="(V, d)", sparse=True)
    V = arr.shape[0]
    if V < 2:
        raise ValueError(f"vectors must have at least 2 rows, got shape {arr.shape}")
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    unit = np.divide(arr, norms, out=np.zeros_like(arr), where=norms > 0)
    total = unit.sum(axis=0)
    pairs = float(total @ total) - float(np.count_nonzero(norms))
    return pairs / (V * (V - 1))


def all_but_the_top(vectors: Any, n_components: int = 1) -> np.ndarray:
    """Subtract the mean row, then remove the ``n_components`` top principal directions.

    Mu and Viswanath (2018) found that the rows of trained word tables share
    a large mean and that a few principal directions, which mostly encode
    word frequency, carry much of the variance. Their post-processing
    removes both: with ``mu`` the mean row and ``u_1 .. u_D`` the first
    ``D`` principal directions of the centred rows,

    ``v -> (v - mu) - sum_k (u_k . (v - mu)) u_k``.

    Parameters
    ----------
    vectors : array-like, shape (V, d)
        At least 2 rows.
    n_components : int, default 1
        ``D``, in ``0 .. d - 1``; 0 only subtracts the mean. The paper
        suggests about ``d / 100``.

    Returns
    -------
    numpy.ndarray of float64, shape (V, d)
        Its columns have mean 0 and it is orthogonal to ``u_1 .. u_D``.

    Examples
    --------
    >>> X = np.array([[3.0, 2.0, 0.0], [3.0, -2.0, 0.0], [3.0, 0.0, 1.0], [3.0, 0.0, -1.0]])
    >>> all_but_the_top(X, 0).tolist()   # the mean (3, 0, 0) removed
    [[0.0, 2.0, 0.0], [0.0, -2.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, -1.0]]
    >>> np.abs(all_but_the_top(X, 1)).round(12).tolist()   # and the long axis, column 2
    [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 1.0]]
    """
    arr = check_matrix(vectors, "vectors", axes="(V, d)", sparse=True)
    if arr.shape[0] < 2:
        raise ValueError(f"vectors must have at least 2 rows, got shape {arr.shape}")
    d = arr.shape[1]
    D = check_int_in_range(n_components, "n_components", 0, d - 1,
                           f" (the vectors have d={d} columns)")
    centred = arr - arr.mean(axis=0)
    if D == 0:
        return centred
    # principal directions: eigenvectors of the (d, d) scatter matrix, largest first
    _, vectors_ = np.linalg.eigh(centred.T @ centred)
    top = vectors_[:, ::-1][:, :D].T              # (D, d), orthonormal rows
    return centred - (centred @ top.T) @ top
