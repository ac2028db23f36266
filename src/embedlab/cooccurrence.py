"""Word vectors from counting: co-occurrence, PMI and a truncated SVD.

Before any network is trained, a corpus already holds one structure an
embedding can pick up: which words occur near which. This module turns that
structure into vectors.

Counting
    :func:`cooccurrence_counts` counts, for every pair of ids, how often the
    second occurs at most ``window`` positions from the first.
Association
    :func:`pmi` and :func:`ppmi` turn counts into pointwise mutual
    information (Church and Hanks, 1990), optionally shifted by ``log K``
    (Levy and Goldberg, 2014).
Vectors
    :func:`svd_vectors` keeps the leading singular directions of a matrix.
    To compare the rows it gives, see :mod:`embedlab.similarity`.

References
----------
Church, K. W. and Hanks, P. (1990). Word association norms, mutual
information, and lexicography. *Computational Linguistics* 16(1), 22-29.

Levy, O. and Goldberg, Y. (2014). Neural word embedding as implicit matrix
factorization. *Advances in Neural Information Processing Systems* 27.

Examples
--------
>>> counts = cooccurrence_counts([[0, 1, 2], [0, 1]], vocab_size=3, window=1, sparse=False)
>>> counts.tolist()
[[0.0, 2.0, 0.0], [2.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
>>> ppmi(counts).round(3).tolist()
[[0.0, 0.693, 0.0], [0.693, 0.0, 0.693], [0.0, 0.693, 0.0]]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ._validation import (
    check_bool,
    check_matrix,
    check_positive_int,
    check_real_in_range,
    is_int,
)

__all__ = [
    "cooccurrence_counts",
    "pmi",
    "ppmi",
    "svd_vectors",
]


def _padded(sequences: Any, vocab_size: int, pad_id: int | None) -> np.ndarray:
    """The sequences as one 2-D int array in which -1 marks "no token".

    Every id other than ``pad_id`` must lie in ``0 .. vocab_size-1``.
    """
    if isinstance(sequences, np.ndarray):
        if sequences.dtype.kind not in "iu":
            raise TypeError(f"sequences must hold integer ids, got dtype {sequences.dtype}")
        if sequences.ndim != 2:
            raise ValueError(
                "sequences must be a 2-D array (n, T) or a list of 1-D sequences, "
                f"got shape {sequences.shape}"
            )
        rows = list(sequences.astype(np.int64))
    else:
        if isinstance(sequences, (str, bytes)) or not isinstance(sequences, Sequence):
            raise TypeError(
                "sequences must be a 2-D integer array or a list of id sequences, "
                f"got {type(sequences).__name__}"
            )
        rows = []
        for i, seq in enumerate(sequences):
            row = np.asarray(seq)
            if row.ndim != 1:
                raise ValueError(f"sequences[{i}] must be a 1-D sequence of ids, got shape {row.shape}")
            if row.size and row.dtype.kind not in "iu":
                raise TypeError(f"sequences[{i}] must hold integer ids, got dtype {row.dtype}")
            rows.append(row.astype(np.int64))
    width = max((len(r) for r in rows), default=0)
    out = np.full((len(rows), width), -1, dtype=np.int64)
    for i, row in enumerate(rows):
        if pad_id is not None:
            row = np.where(row == pad_id, -1, row)
            real = row[row != -1]
        else:
            real = row
        if real.size and (real.min() < 0 or real.max() >= vocab_size):
            bad = int(real[(real < 0) | (real >= vocab_size)][0])
            raise ValueError(
                f"sequences[{i}] contains id {bad}, outside the valid range "
                f"0..{vocab_size - 1} (vocab_size={vocab_size})"
            )
        out[i, : len(row)] = row
    return out


def cooccurrence_counts(
    sequences: Any,
    vocab_size: int,
    window: int = 2,
    *,
    pad_id: int | None = None,
    sparse: bool = True,
) -> Any:
    """Count how often each id occurs within ``window`` positions of each other id.

    Entry ``[w, c]`` is the number of times id ``c`` stands at a distance of
    1 to ``window`` positions (before or after) from an occurrence of id
    ``w`` in the same sequence. Every such pair is counted in both
    directions, so the matrix is symmetric, and its total is the number of
    (centre, context) pairs a skip-gram model with the same window sees.

    Parameters
    ----------
    sequences : 2-D integer array or list of 1-D integer sequences
        One sequence of ids per sentence; sentences may differ in length.
    vocab_size : int
        Number of distinct ids ``V``; every id must be in ``0 .. V-1``.
    window : int, default 2
        Largest distance between two counted positions, >= 1.
    pad_id : int or None, default None
        An id to ignore (padding): pairs involving it are not counted.
    sparse : bool, default True
        Return a :class:`scipy.sparse.csr_matrix` (most pairs of a large
        vocabulary never meet) or, if False, a dense array.

    Returns
    -------
    scipy.sparse.csr_matrix or numpy.ndarray of float64, shape (V, V)

    Raises
    ------
    TypeError
        If the ids are not integers or an argument has the wrong type.
    ValueError
        If an id is outside ``0 .. vocab_size-1`` or ``window < 1``.

    Examples
    --------
    >>> c = cooccurrence_counts([[3, 1, 3]], vocab_size=4, window=2, sparse=False)
    >>> c[[3, 1, 3], [1, 3, 3]].tolist()   # 3-1 on both sides; 3-3 in each direction
    [2.0, 2.0, 2.0]
    >>> cooccurrence_counts([[9, 0, 1]], vocab_size=2, window=1, pad_id=9, sparse=False).tolist()
    [[0.0, 1.0], [1.0, 0.0]]
    """
    V = check_positive_int(vocab_size, "vocab_size")
    window = check_positive_int(window, "window")
    sparse = check_bool(sparse, "sparse")
    if pad_id is not None and not is_int(pad_id):
        raise TypeError(f"pad_id must be None or an int, got {pad_id!r}")
    ids = _padded(sequences, V, None if pad_id is None else int(pad_id))
    rows, cols = [], []
    T = ids.shape[1] if ids.ndim == 2 else 0
    for offset in range(1, min(window, T - 1) + 1):
        left, right = ids[:, :-offset].reshape(-1), ids[:, offset:].reshape(-1)
        keep = (left >= 0) & (right >= 0)
        rows += [left[keep], right[keep]]
        cols += [right[keep], left[keep]]
    r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    import scipy.sparse as sp   # imported here, so `import embedlab` stays light

    counts = sp.csr_matrix((np.ones(r.size), (r, c)), shape=(V, V), dtype=np.float64)
    counts.sum_duplicates()
    return counts if sparse else counts.toarray()


def _check_counts(counts: Any) -> np.ndarray:
    arr = check_matrix(counts, "counts", axes="(words, contexts)", sparse=True)
    if arr.min() < 0:
        pos = tuple(int(i) for i in np.argwhere(arr < 0)[0])
        raise ValueError(f"counts must be >= 0, got {arr[pos]:g} at position {pos}")
    if arr.sum() == 0:
        raise ValueError("counts is all zeros: there is nothing to measure")
    return arr


def pmi(counts: Any, *, shift: float = 1.0, alpha: float = 1.0) -> np.ndarray:
    """Pointwise mutual information of every (word, context) pair, minus ``log shift``.

    With ``N`` the total count, ``#(w)`` a row total and ``#(c)`` a column
    total,

    ``PMI(w, c) = log( #(w, c) * N / (#(w) * #(c)) )``,

    the log of how much more often the pair occurs than if words and
    contexts were independent. Pairs never seen get ``-inf``.

    Parameters
    ----------
    counts : array-like or scipy.sparse matrix, shape (V, C)
        Non-negative counts, not all zero.
    shift : float, default 1.0
        Subtract ``log(shift)``; skip-gram with ``shift`` negative samples
        per pair behaves like a factorisation of ``PMI - log(shift)``
        (Levy and Goldberg, 2014). Must be > 0.
    alpha : float, default 1.0
        Context-distribution smoothing: the context totals are raised to the
        power ``alpha`` (and renormalised) before use, as word2vec does with
        its noise distribution (3/4). In (0, 1].

    Returns
    -------
    numpy.ndarray of float64, shape (V, C)

    Examples
    --------
    >>> counts = np.array([[2.0, 0.0], [0.0, 2.0]])
    >>> pmi(counts).round(4).tolist()           # log 2 where seen, -inf elsewhere
    [[0.6931, -inf], [-inf, 0.6931]]
    >>> float(pmi(counts, shift=2.0)[0, 0])      # log 2 - log 2
    0.0
    """
    arr = _check_counts(counts)
    shift = check_real_in_range(shift, "shift", 0.0, math.inf, low_open=True)
    alpha = check_real_in_range(alpha, "alpha", 0.0, 1.0, low_open=True)
    total = arr.sum()
    p_word = arr.sum(axis=1, keepdims=True) / total
    context = arr.sum(axis=0, keepdims=True) ** alpha
    p_context = context / context.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.log(arr / total) - np.log(p_word) - np.log(p_context) - math.log(shift)
    out[arr == 0] = -np.inf
    return out


def ppmi(counts: Any, *, shift: float = 1.0, alpha: float = 1.0) -> np.ndarray:
    """Positive (shifted) PMI: ``max(PMI(w, c) - log shift, 0)``.

    Negative and unseen associations become 0, so the matrix is finite,
    non-negative and mostly zeros. With ``shift = K > 1`` this is the
    *shifted positive PMI* of Levy and Goldberg (2014).

    Parameters
    ----------
    counts : array-like or scipy.sparse matrix, shape (V, C)
    shift, alpha : float
        As in :func:`pmi`.

    Returns
    -------
    numpy.ndarray of float64, shape (V, C)

    Examples
    --------
    >>> ppmi([[1.0, 1.0], [1.0, 0.0]]).round(4).tolist()
    [[0.0, 0.4055], [0.4055, 0.0]]
    """
    return np.maximum(pmi(counts, shift=shift, alpha=alpha), 0.0)


def svd_vectors(matrix: Any, dim: int, *, power: float = 1.0) -> np.ndarray:
    """Row vectors from a truncated SVD: ``L[:, :dim] * s[:dim] ** power``.

    ``matrix = L S R^T`` is the singular value decomposition (``L`` and ``R``
    hold the left and right singular vectors, ``s`` the singular values,
    largest first).

    With ``power=1`` the rows are the coordinates of the rows of ``matrix``
    in its ``dim`` leading right singular directions (what scikit-learn's
    ``TruncatedSVD.fit_transform`` returns); ``power=0.5`` splits the
    singular values evenly between word and context vectors, as Levy and
    Goldberg (2014) suggest. Signs are fixed so that the entry of largest
    magnitude in each column is positive, so the result is reproducible.

    Parameters
    ----------
    matrix : array-like or scipy.sparse matrix, shape (V, C)
    dim : int
        Number of columns kept, ``1 .. min(V, C)``.
    power : float, default 1.0
        Exponent of the singular values, in [0, 1].

    Returns
    -------
    numpy.ndarray of float64, shape (V, dim)

    Examples
    --------
    >>> M = np.array([[3.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    >>> svd_vectors(M, 1).tolist()
    [[3.0], [0.0], [0.0]]
    >>> svd_vectors(M, 2, power=0.0).tolist()
    [[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]
    """
    arr = check_matrix(matrix, "matrix", sparse=True)
    if not is_int(dim):
        raise TypeError(f"dim must be an integer, got {dim!r}")
    top = min(arr.shape)
    if not 1 <= dim <= top:
        raise ValueError(f"dim must be in 1..{top} (the matrix has shape {arr.shape}), got {dim}")
    power = check_real_in_range(power, "power", 0.0, 1.0, low_open=False)
    u, s, _ = np.linalg.svd(arr, full_matrices=False)
    u = u[:, :dim]
    signs = np.sign(u[np.argmax(np.abs(u), axis=0), np.arange(dim)])
    signs[signs == 0] = 1.0
    return u * signs * s[:dim] ** power + 0.0
