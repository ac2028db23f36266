"""How good is a table, and how many columns should it have?

Choosing d
    :func:`fourth_root_rule` and :func:`fastai_rule` are two rules of thumb
    for the number of columns; :func:`heldout_reconstruction_error` measures
    a choice on held-out data; :func:`pip_loss` and :func:`pip_loss_estimate`
    implement the pairwise-inner-product (PIP) loss of Yin and Shen (2018)
    and their estimate of the dimension that minimises it.
Looking at a picture
    :func:`cluster_geometry` measures the spread of each labelled cluster and
    the distances between their centres, so a 2-D picture (PCA, t-SNE) can
    be compared with the data it was drawn from.
Rare words
    :func:`subsample_keep_probability` is the subsampling rule of Mikolov et
    al. (2013) for frequent words.
Intrinsic and extrinsic scores
    :func:`word_ids` turns words into row ids with a clear error for an
    unknown word; :func:`similarity_correlation` scores a table against a
    list of rated word pairs (Spearman's rank correlation);
    :func:`sentence_features` and :func:`classification_accuracy` score it
    on a downstream task (the mean of each sentence's word vectors, read by
    a logistic regression).

References
----------
Mikolov, T., Sutskever, I., Chen, K., Corrado, G. and Dean, J. (2013).
Distributed representations of words and phrases and their
compositionality. *NeurIPS 26*.

Chatterjee, S. (2015). Matrix estimation by universal singular value
thresholding. *The Annals of Statistics* 43(1), 177-214.

Yin, Z. and Shen, Y. (2018). On the dimensionality of word embedding.
*NeurIPS 31*.

Examples
--------
>>> fourth_root_rule(10_000), fastai_rule(10_000)
(10, 278)
>>> E = np.array([[1.0, 0.0], [0.0, 1.0]])
>>> pip_loss(E, E @ np.array([[0.0, 1.0], [1.0, 0.0]]))   # a rotation changes nothing
0.0
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validation import (
    check_class_ids,
    check_ids,
    check_int_in_range,
    check_matrix,
    check_positive_int,
    check_real_in_range,
    make_rng,
)

__all__ = [
    "fourth_root_rule",
    "fastai_rule",
    "heldout_reconstruction_error",
    "pip_loss",
    "PipEstimate",
    "pip_loss_estimate",
    "cluster_geometry",
    "subsample_keep_probability",
    "word_ids",
    "similarity_correlation",
    "sentence_features",
    "classification_accuracy",
]


# ------------------------------------------------------------ rules of thumb
def fourth_root_rule(n_categories: int) -> int:
    """The number of columns as the fourth root of the number of rows, rounded.

    The TensorFlow team's post introducing feature columns (Google Developers
    Blog, November 2017) suggests ``number_of_categories ** 0.25`` as a
    starting point for an embedding column's dimension.

    Parameters
    ----------
    n_categories : int
        ``V``, the number of rows (words, categories), >= 1.

    Returns
    -------
    int
        ``round(V ** 0.25)``, at least 1.

    Examples
    --------
    >>> [fourth_root_rule(V) for V in (1, 81, 1000, 1_000_000)]
    [1, 3, 6, 32]
    """
    V = check_positive_int(n_categories, "n_categories")
    return max(1, int(round(V**0.25)))


def fastai_rule(n_categories: int) -> int:
    """fastai's rule of thumb for tabular embeddings: ``min(600, round(1.6 V^0.56))``.

    This is the default of fastai's ``emb_sz_rule``, found by its authors
    by trial and error on tabular data.

    Parameters
    ----------
    n_categories : int
        ``V``, the number of rows, >= 1.

    Returns
    -------
    int

    Examples
    --------
    >>> [fastai_rule(V) for V in (2, 1000, 10**6)]
    [2, 77, 600]
    """
    V = check_positive_int(n_categories, "n_categories")
    return int(min(600, round(1.6 * V**0.56)))


# ------------------------------------------------------------- choosing d
def _check_dims(dims: Any, top: int, shape: tuple[int, ...]) -> np.ndarray:
    arr = np.atleast_1d(np.asarray(dims))
    if arr.size == 0 or arr.ndim != 1 or arr.dtype.kind not in "iu":
        raise TypeError(f"dims must be a non-empty list of integers, got {dims!r}")
    bad = arr[(arr < 1) | (arr > top)]
    if bad.size:
        raise ValueError(
            f"dims contains {int(bad[0])}, but a rank-d approximation of a matrix of shape "
            f"{shape} needs d in 1..{top}"
        )
    return arr.astype(np.intp)


def heldout_reconstruction_error(train_matrix: Any, heldout_matrix: Any, dims: Any) -> np.ndarray:
    """How far the rank-d truncated SVD of one matrix is from another, for each d.

    For each ``d`` in ``dims``: ``|| L_d S_d R_d^T - H ||_F``, where
    ``L_d S_d R_d^T`` keeps the ``d`` largest singular values of the training
    matrix (for example PPMI counted on training sentences) and ``H`` is
    the same statistic counted on held-out sentences. Small ``d`` misses
    structure the two share; large ``d`` copies the training matrix's
    noise, which the held-out matrix does not have: the error is smallest
    in between. One SVD serves every ``d``.

    Parameters
    ----------
    train_matrix, heldout_matrix : array-like or scipy.sparse matrix, shape (V, C)
        The same rows and columns (the same vocabulary), finite.
    dims : sequence of int
        Ranks to try, each in ``1 .. min(V, C)``.

    Returns
    -------
    numpy.ndarray of float64, shape (len(dims),)

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> signal = rng.normal(size=(30, 2)) @ rng.normal(size=(2, 30))
    >>> A, B = (signal + 0.5 * rng.normal(size=(30, 30)) for _ in range(2))
    >>> errors = heldout_reconstruction_error(A, B, [1, 2, 5, 30])
    >>> int(np.argmin(errors))   # rank 2, the rank of the shared signal
    1
    """
    train = check_matrix(train_matrix, "train_matrix", axes="(V, C)", sparse=True)
    held = check_matrix(heldout_matrix, "heldout_matrix", axes="(V, C)", sparse=True)
    if held.shape != train.shape:
        raise ValueError(
            f"heldout_matrix has shape {held.shape}, but train_matrix has shape {train.shape}; "
            "count both with the same vocabulary"
        )
    ds = _check_dims(dims, min(train.shape), train.shape)
    left, s, right_t = np.linalg.svd(train, full_matrices=False)
    # ||A_d - H||^2 = sum_{i<=d} s_i^2 - 2 sum_{i<=d} s_i l_i^T H r_i + ||H||^2: one pass
    # over H's projections serves every d, with no (V, C) product per d.
    along = np.einsum("vi,vc,ic->i", left, held, right_t, optimize=True)
    squared = np.cumsum(s**2 - 2.0 * s * along)[ds - 1] + np.sum(held**2)
    return np.sqrt(np.maximum(squared, 0.0))


def pip_loss(E: Any, E_hat: Any) -> float:
    """The pairwise-inner-product (PIP) loss ``|| E E^T - Ê Ê^T ||_F`` of two tables.

    ``E E^T`` holds the dot product of every pair of rows, so the loss
    compares two tables through what a rotation of either leaves unchanged
    (Yin and Shen, 2018): it is 0 for ``Ê = E Q`` with ``Q`` orthogonal, and
    the two tables may have different numbers of columns. It is computed
    from ``d x d`` Gram matrices, never forming the ``V x V`` ones:
    ``||E^T E||^2 + ||Ê^T Ê||^2 - 2 ||E^T Ê||^2``.

    Parameters
    ----------
    E, E_hat : array-like, shapes (V, d) and (V, d')
        Tables with the same rows, finite.

    Returns
    -------
    float

    Examples
    --------
    >>> E = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    >>> round(pip_loss(E, E[:, :1]), 4) == round(float(np.linalg.norm(E @ E.T - E[:, :1] @ E[:, :1].T)), 4)
    True
    """
    a = check_matrix(E, "E", axes="(V, d)")
    b = check_matrix(E_hat, "E_hat", axes="(V, d)")
    if a.shape[0] != b.shape[0]:
        raise ValueError(
            f"E has {a.shape[0]} rows and E_hat has {b.shape[0]}; the PIP loss compares the "
            "same words in two tables"
        )
    squared = (np.sum((a.T @ a) ** 2) + np.sum((b.T @ b) ** 2) - 2.0 * np.sum((a.T @ b) ** 2))
    return float(np.sqrt(max(squared, 0.0)))


@dataclass(frozen=True)
class PipEstimate:
    """The result of :func:`pip_loss_estimate`.

    Attributes
    ----------
    dims : numpy.ndarray of int
        The dimensions tried.
    losses : numpy.ndarray of float
        The estimated PIP loss of each.
    best_dim : int
        The dimension of smallest estimated loss.
    noise_std : float
        ``sigma``, the estimated noise per entry of the averaged matrix.
    signal_spectrum : numpy.ndarray of float
        The singular values kept as signal (above the threshold).
    threshold : float
        ``2.02 sigma sqrt(max(V, C))``.
    """

    dims: np.ndarray
    losses: np.ndarray
    best_dim: int
    noise_std: float
    signal_spectrum: np.ndarray
    threshold: float


def pip_loss_estimate(half_a: Any, half_b: Any, dims: Any, *, alpha: float = 0.5,
                      seed: Any = 0) -> PipEstimate:
    """Yin and Shen's (2018) estimate of the PIP loss of a rank-d SVD table, for each d.

    The table kept is ``E = L_d S_d^alpha``. Its PIP loss against the table
    of the noise-free matrix has a bias (the signal in the dropped
    directions, which shrinks as d grows) and a variance (the noise the kept
    directions carry, which grows with d). The estimate follows the paper's
    recipe:

    1. the noise: the same statistic counted on two halves of the corpus,
       ``A`` and ``B``, differs only by noise, so
       ``sigma = ||A - B||_F / (2 sqrt(V C))`` estimates the noise per entry
       of their mean ``M = (A + B) / 2``;
    2. the signal: the singular values of ``M`` above
       ``2.02 sigma sqrt(max(V, C))`` (universal singular value
       thresholding, Chatterjee, 2015);
    3. the loss: draw random singular vectors for that spectrum, add
       Gaussian noise of size ``sigma``, and measure the PIP loss of the
       rank-d table of the noisy matrix against the noise-free table.

    The noise model (independent entries of equal variance) is the paper's;
    counts of real text are noisier for rare words than for frequent ones.

    Parameters
    ----------
    half_a, half_b : array-like or scipy.sparse matrix, shape (V, C)
        The statistic (e.g. PPMI) counted on two disjoint halves of the
        corpus, with the same vocabulary.
    dims : sequence of int
        Dimensions to try, each in ``1 .. min(V, C)``.
    alpha : float, default 0.5
        The exponent of the singular values in the table, in [0, 1].
    seed : int, numpy.random.Generator or None, default 0
        For the simulated singular vectors and noise.

    Returns
    -------
    PipEstimate

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> signal = 3 * rng.normal(size=(60, 3)) @ rng.normal(size=(3, 60))
    >>> A, B = (signal + rng.normal(size=(60, 60)) for _ in range(2))
    >>> est = pip_loss_estimate(A, B, range(1, 21))
    >>> len(est.signal_spectrum), est.best_dim
    (3, 3)
    """
    a = check_matrix(half_a, "half_a", axes="(V, C)", sparse=True)
    b = check_matrix(half_b, "half_b", axes="(V, C)", sparse=True)
    if a.shape != b.shape:
        raise ValueError(f"half_a has shape {a.shape} and half_b has shape {b.shape}; "
                         "count both halves with the same vocabulary")
    ds = _check_dims(dims, min(a.shape), a.shape)
    alpha = check_real_in_range(alpha, "alpha", 0.0, 1.0)
    rng = make_rng(seed)
    n, m = a.shape
    sigma = float(np.linalg.norm(a - b) / (2.0 * np.sqrt(n * m)))
    if sigma == 0.0:
        raise ValueError("half_a and half_b are identical, so the noise cannot be estimated; "
                         "count them on two disjoint halves of the corpus")
    s = np.linalg.svd((a + b) / 2.0, compute_uv=False)
    threshold = 2.02 * sigma * np.sqrt(max(n, m))
    signal = s[s > threshold]
    r = signal.size
    left = np.linalg.qr(rng.normal(size=(n, max(r, 1))))[0][:, :r]
    right = np.linalg.qr(rng.normal(size=(m, max(r, 1))))[0][:, :r]
    noisy = (left * signal) @ right.T + sigma * rng.normal(size=(n, m))
    u, s_hat, _ = np.linalg.svd(noisy, full_matrices=False)
    # The PIP loss of E = left * signal**alpha against u_d * s_hat_d**alpha, for every d
    # at once: ||E^T E||^2 = sum signal^(4 alpha) (left is orthonormal), likewise
    # ||Ê_d^T Ê_d||^2 = sum_{i<=d} s_hat_i^(4 alpha), and ||E^T Ê_d||^2 adds one column
    # of u at a time.
    weights = signal ** (2 * alpha)
    cross = np.cumsum(s_hat ** (2 * alpha) * np.sum(weights[:, None] * (left.T @ u) ** 2, axis=0))
    squared = np.sum(weights**2) + np.cumsum(s_hat ** (4 * alpha)) - 2.0 * cross
    losses = np.sqrt(np.maximum(squared[ds - 1], 0.0))
    return PipEstimate(ds, losses, int(ds[np.argmin(losses)]), sigma, signal, float(threshold))


# ------------------------------------------------------------- pictures
def cluster_geometry(points: Any, labels: Any) -> tuple[np.ndarray, np.ndarray]:
    """The spread of each cluster and the distances between cluster centres.

    Parameters
    ----------
    points : array-like, shape (n, d)
        Points in any number of dimensions (the data, or a 2-D picture of it).
    labels : array-like of int, shape (n,)
        Cluster ids ``0 .. k-1``; each cluster needs at least one point.

    Returns
    -------
    spreads : numpy.ndarray, shape (k,)
        Root mean squared distance of each cluster's points from its centre.
    distances : numpy.ndarray, shape (k, k)
        Euclidean distances between the centres.

    Examples
    --------
    >>> spreads, distances = cluster_geometry([[0.0, 1], [0, -1], [10, 0], [10, 0]], [0, 0, 1, 1])
    >>> spreads.tolist(), distances[0, 1].item()
    ([1.0, 0.0], 10.0)
    """
    arr = check_matrix(points, "points", axes="(n, d)")
    lab = check_class_ids(labels, arr.shape[0])
    k = int(lab.max()) + 1
    sizes = np.bincount(lab, minlength=k)
    if lab.min() < 0 or np.any(sizes == 0):
        raise ValueError(f"labels must be cluster ids 0..{k - 1}, each used at least once; "
                         f"counts per id are {sizes.tolist()}")
    centres = np.stack([arr[lab == j].mean(axis=0) for j in range(k)])
    spreads = np.array([np.sqrt(np.mean(np.sum((arr[lab == j] - centres[j]) ** 2, axis=1)))
                        for j in range(k)])
    distances = np.linalg.norm(centres[:, None, :] - centres[None, :, :], axis=-1)
    return spreads, distances


# ------------------------------------------------------------- rare words
def subsample_keep_probability(counts: Any, threshold: float = 1e-5) -> np.ndarray:
    """The probability of keeping each occurrence of a word under frequent-word subsampling.

    Mikolov et al. (2013) discard each occurrence of a word of relative
    frequency ``f = count / total`` with probability ``1 - sqrt(t / f)``,
    so a word keeps ``min(1, sqrt(t / f))`` of its occurrences: words rarer
    than ``t`` keep all of them. (The released word2vec code uses a
    slightly different formula with the same purpose.)

    Parameters
    ----------
    counts : array-like of non-negative numbers, shape (V,)
        How often each word occurs; not all zero.
    threshold : float, default 1e-5
        ``t``, in (0, 1].

    Returns
    -------
    numpy.ndarray of float64, shape (V,)
        Values in [0, 1]; 1 for words that never occur.

    Examples
    --------
    >>> subsample_keep_probability([9_000, 900, 100], threshold=0.01).round(3).tolist()
    [0.105, 0.333, 1.0]
    """
    arr = np.asarray(counts)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"counts must be a non-empty 1-D array of word counts, got shape {arr.shape}")
    arr = check_matrix(arr[None, :], "counts", ndim=2)[0]
    if arr.min() < 0:
        raise ValueError(f"counts must be >= 0, got {arr.min():g}")
    total = arr.sum()
    if total == 0:
        raise ValueError("counts is all zeros: the corpus is empty")
    t = check_real_in_range(threshold, "threshold", 0.0, 1.0, low_open=True)
    freq = arr / total
    with np.errstate(divide="ignore"):
        keep = np.sqrt(t / freq)
    return np.minimum(keep, 1.0)


# ------------------------------------------------- intrinsic and extrinsic
def word_ids(words: Sequence[str], queries: Any) -> np.ndarray:
    """Row ids of the words in ``queries`` (any nesting), with a clear error for a missing word.

    Parameters
    ----------
    words : sequence of str
        The word of each row, in row order (e.g. a vocabulary's tokens).
    queries : str or nested sequences of str
        For example pairs ``[("row", "column"), ...]`` or analogy
        questions ``[("a", "b", "c", "d"), ...]``.

    Returns
    -------
    numpy.ndarray of int
        The same shape as ``queries``.

    Raises
    ------
    KeyError
        Naming the first word that has no row.

    Examples
    --------
    >>> word_ids(["the", "row", "column"], [("row", "column"), ("the", "row")]).tolist()
    [[1, 2], [0, 1]]
    """
    if isinstance(words, (str, bytes)) or not isinstance(words, (Sequence, np.ndarray)):
        raise TypeError(f"words must be a list of strings, got {type(words).__name__}")
    index = {str(w): i for i, w in enumerate(words)}
    arr = np.asarray(queries, dtype=object)
    if arr.size == 0:
        raise ValueError("queries is empty: give at least one word")
    out = np.empty(arr.shape, dtype=np.intp)
    for pos, word in np.ndenumerate(arr):
        if not isinstance(word, str):
            raise TypeError(f"queries must hold words (str), got {word!r} at position {pos}")
        if word not in index:
            raise KeyError(f"{word!r} (at position {pos}) is not in the vocabulary of "
                           f"{len(index)} words")
        out[pos] = index[word]
    return out


def similarity_correlation(vectors: Any, pairs: Any, ratings: Any) -> float:
    """Spearman's rank correlation between the cosines of word pairs and human ratings.

    This is how word-similarity lists (WordSim-353, SimLex-999, ...) score a
    table: only the order of the pairs matters, not the scale of the
    ratings.

    Parameters
    ----------
    vectors : array-like, shape (V, d)
    pairs : array-like of int, shape (k, 2)
        Row ids, e.g. from :func:`word_ids`; k >= 3.
    ratings : array-like of float, shape (k,)
        How similar a person judged each pair.

    Returns
    -------
    float
        In [-1, 1]; ``nan`` if all cosines (or all ratings) are equal.

    Examples
    --------
    >>> E = np.array([[1.0, 0.0], [1.0, 0.1], [0.0, 1.0], [-1.0, 0.2]])
    >>> similarity_correlation(E, [[0, 1], [0, 2], [0, 3]], [9.0, 5.0, 1.0])
    1.0
    """
    table = check_matrix(vectors, "vectors", axes="(V, d)")
    ids = check_ids(pairs, table.shape[0], "pairs", "the number of rows of vectors")
    if ids.ndim != 2 or ids.shape[1] != 2 or ids.shape[0] < 3:
        raise ValueError(f"pairs must have shape (k, 2) with k >= 3, got {ids.shape}")
    scores = check_matrix(np.asarray(ratings)[None, :] if np.ndim(ratings) == 1 else ratings,
                          "ratings", axes="(k,)", ndim=2, n_columns=ids.shape[0])[0]
    norms = np.linalg.norm(table, axis=1, keepdims=True)
    unit = np.divide(table, norms, out=np.zeros_like(table), where=norms > 0)
    cosines = np.sum(unit[ids[:, 0]] * unit[ids[:, 1]], axis=1)
    from scipy.stats import spearmanr   # imported here, so `import embedlab` stays light

    with np.errstate(invalid="ignore", divide="ignore"):
        rho = spearmanr(cosines, scores).statistic
    return float(rho)


def sentence_features(ids: Any, vectors: Any, *, pad_id: int | None = 0,
                      ignore: Sequence[int] = ()) -> np.ndarray:
    """The mean of each sentence's word vectors, padding (and ``ignore`` ids) left out.

    Parameters
    ----------
    ids : array-like of int, shape (n, T)
        Padded sentences, n >= 1.
    vectors : array-like, shape (V, d)
        The table.
    pad_id : int or None, default 0
        The padding id, never averaged.
    ignore : sequence of int, default ()
        Other ids to leave out (e.g. ``<unk>``).

    Returns
    -------
    numpy.ndarray, shape (n, d)
        A sentence with no word left is all zeros.

    Examples
    --------
    >>> sentence_features([[0, 1, 2], [0, 0, 2]], [[9.0, 9.0], [1.0, 0.0], [0.0, 1.0]]).tolist()
    [[0.5, 0.5], [0.0, 1.0]]
    """
    table = check_matrix(vectors, "vectors", axes="(V, d)")
    X = check_ids(ids, table.shape[0], "ids", "the number of rows of vectors")
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"ids must be a non-empty 2-D array (sentences, positions), got shape {X.shape}")
    skip = [] if pad_id is None else [check_int_in_range(pad_id, "pad_id", 0, table.shape[0] - 1)]
    skip += [check_int_in_range(i, "ignore", 0, table.shape[0] - 1) for i in ignore]
    keep = ~np.isin(X, skip)
    import scipy.sparse as sp   # imported here, so `import embedlab` stays light

    # A bag of words (n, V) times the table: no (n, T, d) gather of padded positions.
    rows = np.broadcast_to(np.arange(X.shape[0])[:, None], X.shape)[keep]
    bag = sp.csr_matrix((np.ones(rows.size), (rows, X[keep])), shape=(X.shape[0], table.shape[0]))
    total = np.asarray(bag @ table)
    count = keep.sum(axis=1, keepdims=True)
    return np.divide(total, count, out=np.zeros_like(total), where=count > 0)


def classification_accuracy(train_features: Any, train_labels: Any, test_features: Any,
                            test_labels: Any, *, C: float = 1.0) -> float:
    """Held-out accuracy of a logistic regression on fixed features.

    The extrinsic score of a table used here: features from
    :func:`sentence_features`, a scikit-learn ``LogisticRegression``
    (standardised features, L2 penalty ``C``) fitted on the training
    sentences, accuracy on the held-out ones.

    Parameters
    ----------
    train_features, test_features : array-like, shapes (n, d) and (m, d)
    train_labels, test_labels : array-like of int, shapes (n,) and (m,)
        Class ids; the training labels need at least two classes.
    C : float, default 1.0
        Inverse strength of the penalty, > 0.

    Returns
    -------
    float
        The share of held-out sentences classified correctly.

    Examples
    --------
    >>> X = np.array([[0.0], [0.2], [1.0], [1.2]])
    >>> classification_accuracy(X, np.array([0, 0, 1, 1]), X[::-1], np.array([1, 1, 0, 0]))
    1.0
    """
    Xtr = check_matrix(train_features, "train_features", axes="(n, d)")
    Xte = check_matrix(test_features, "test_features", axes="(m, d)", n_columns=Xtr.shape[1])
    ytr = check_class_ids(train_labels, Xtr.shape[0], name="train_labels")
    yte = check_class_ids(test_labels, Xte.shape[0], name="test_labels")
    if np.unique(ytr).size < 2:
        raise ValueError("train_labels holds a single class; a classifier needs at least two")
    C = check_real_in_range(C, "C", 0.0, np.inf, low_open=True)
    from sklearn.linear_model import LogisticRegression   # imported here: a light core

    mean, std = Xtr.mean(axis=0), Xtr.std(axis=0)
    std[std == 0] = 1.0
    model = LogisticRegression(C=C, max_iter=1000).fit((Xtr - mean) / std, ytr)
    return float(np.mean(model.predict((Xte - mean) / std) == yte))
