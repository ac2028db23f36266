"""A tiny next-token model whose output layer is a second ``V x d`` table.

:class:`NextTokenModel` predicts the next word from the mean of the vectors
of the last ``k`` words: ``h = mean(E[x_1..x_k]) W``, scores ``z = h O^T + b``
over the ``V`` words, softmax. The output weights ``O`` have the shape of the
input table ``E``: row ``j`` of ``O`` is the vector the model compares ``h``
with to score word ``j``. **Tying** (Press and Wolf, 2017; Inan et al., 2017)
uses one table for both, ``O = E``, which removes ``V d`` parameters.

:func:`next_token_data` cuts encoded sentences into (context, next word)
pairs; :func:`unigram_cross_entropy` is the baseline that ignores the
context.

Examples
--------
>>> X, y = next_token_data([[2, 3, 4, 5], [6, 7]], context=2)
>>> X.tolist(), y.tolist()
([[2, 3], [3, 4]], [4, 5])
>>> tied = NextTokenModel(10, 4, tied=True, seed=0)
>>> untied = NextTokenModel(10, 4, tied=False, seed=0)
>>> untied.n_parameters - tied.n_parameters      # one V x d table less
40
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._validation import (
    check_bool,
    check_float_dtype,
    check_ids,
    check_positive_float,
    check_positive_int,
    make_rng,
)
from .layer import Layer, Parameter

__all__ = [
    "next_token_data",
    "unigram_cross_entropy",
    "NextTokenModel",
]


def next_token_data(sentences: Sequence[Sequence[int]], context: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """(context, next id) pairs from encoded sentences, never across a sentence end.

    Parameters
    ----------
    sentences : sequence of sequences of int
        Encoded sentences, e.g. ``[vocab.encode(s) for s in corpus.sentences]``.
    context : int, default 1
        Number of preceding ids ``k`` per example, >= 1. A sentence of length
        ``n`` gives ``n - k`` examples (none if ``n <= k``).

    Returns
    -------
    X : numpy.ndarray of int64
        Shape ``(N, context)``: the ``k`` ids before each target, oldest first.
    y : numpy.ndarray of int64
        Shape ``(N,)``: the id that follows.

    Raises
    ------
    TypeError
        If a sentence holds something other than integers.
    ValueError
        If ``context`` is not a positive integer or no sentence is longer
        than ``context``.

    Examples
    --------
    >>> X, y = next_token_data([[1, 2, 3]])
    >>> X.tolist(), y.tolist()
    ([[1], [2]], [2, 3])
    >>> next_token_data([[1, 2]], context=2)
    Traceback (most recent call last):
    ...
    ValueError: no sentence is longer than context=2, so there is no example
    """
    context = check_positive_int(context, "context")
    xs, ys = [], []
    for i, sentence in enumerate(sentences):
        ids = np.asarray(sentence)
        if ids.size == 0:
            continue
        if ids.ndim != 1 or ids.dtype.kind not in "iu":
            raise TypeError(f"sentences[{i}] must be a flat sequence of integer ids, got "
                            f"dtype {ids.dtype} and shape {ids.shape}")
        n = len(ids) - context
        if n <= 0:
            continue
        xs.append(np.lib.stride_tricks.sliding_window_view(ids, context)[:n])
        ys.append(ids[context:])
    if not xs:
        raise ValueError(f"no sentence is longer than context={context}, so there is no example")
    return np.concatenate(xs).astype(np.int64), np.concatenate(ys).astype(np.int64)


def unigram_cross_entropy(train_targets: Any, test_targets: Any, V: int, *,
                          smoothing: float = 1.0) -> float:
    """Mean ``-log p(w)`` on ``test_targets`` of word frequencies counted on ``train_targets``.

    The baseline a next-token model must beat: it predicts every word with
    its (add-``smoothing``) frequency in the training targets, whatever the
    context.

    Parameters
    ----------
    train_targets, test_targets : array of int
        Ids in ``0 .. V-1``.
    V : int
        Vocabulary size.
    smoothing : float, default 1.0
        Added to every count, > 0, so no word has probability 0.

    Returns
    -------
    float
        Cross-entropy in nats; ``exp`` of it is the perplexity.

    Examples
    --------
    >>> round(unigram_cross_entropy([0, 0, 1], [0, 1], 2, smoothing=1.0), 4)  # p = 3/5, 2/5
    0.7136
    >>> unigram_cross_entropy([0, 2], [0], 2)
    Traceback (most recent call last):
    ...
    IndexError: train_targets contains 2 at position (1,), outside the valid range 0..1 (V=2)
    """
    V = check_positive_int(V, "V")
    train = check_ids(train_targets, V, "train_targets", "V").ravel()
    test = check_ids(test_targets, V, "test_targets", "V").ravel()
    if test.size == 0:
        raise ValueError("test_targets must hold at least one id")
    smoothing = check_positive_float(smoothing, "smoothing")
    counts = np.bincount(train, minlength=V) + smoothing
    return float(-np.mean(np.log(counts[test] / counts.sum())))


class NextTokenModel(Layer):
    """Next word from the mean of the last ``k`` word vectors, with an optional tied output table.

    ``h = mean_k(E[X]) W`` (shape ``(B, d)``), scores ``z = h O^T + b``
    (shape ``(B, V)``), where ``O = E`` when ``tied`` and a second
    ``(V, d)`` table otherwise. Train it with :func:`embedlab.training.fit`
    and an optimiser on ``model.layers``.

    Parameters
    ----------
    V : int
        Vocabulary size (rows of each table), >= 2.
    d : int
        Vector length, >= 1.
    tied : bool, default False
        Use the input table as the output table.
    scale : float, default 0.1
        Standard deviation of the tables' initial values, > 0. ``W`` starts
        as the identity plus ``N(0, scale**2 / d)``; ``b`` at zero.
    seed : int, numpy.random.Generator or None
    dtype : float dtype, default float64

    Attributes
    ----------
    E : numpy.ndarray
        The input table, ``(V, d)``.
    O : numpy.ndarray
        The output table: ``E`` itself when tied, else a ``(V, d)`` array.
    W : numpy.ndarray
        ``(d, d)``. Without it a tied model would score ``E[x] . E[y]``,
        which is largest for ``y = x`` (the word predicting itself).
    b : numpy.ndarray
        ``(V,)``, the bias of each word's score.

    Examples
    --------
    >>> model = NextTokenModel(6, 3, tied=True, seed=0)
    >>> model.O is model.E, model.forward(np.array([[1], [2]])).shape
    (True, (2, 6))
    >>> model.n_parameters == 6 * 3 + 3 * 3 + 6          # E, W, b
    True
    >>> model.forward(np.array([[6]]))
    Traceback (most recent call last):
    ...
    IndexError: X contains 6 at position (0, 0), outside the valid range 0..5 (V=6)
    """

    def __init__(self, V: int, d: int, *, tied: bool = False, scale: float = 0.1,
                 seed: Any = None, dtype: Any = np.float64) -> None:
        self.V = check_positive_int(V, "V")
        if self.V < 2:
            raise ValueError(f"V must be at least 2 (a softmax over one word is always 1), got {V}")
        self.d = check_positive_int(d, "d")
        self.tied = check_bool(tied, "tied")
        scale = check_positive_float(scale, "scale")
        dtype = check_float_dtype(dtype, "dtype")
        rng = make_rng(seed, "seed")
        self.E = rng.normal(scale=scale, size=(V, d)).astype(dtype)
        self.W = (np.eye(d) + rng.normal(scale=scale / np.sqrt(d), size=(d, d))).astype(dtype)
        self.O = self.E if self.tied else rng.normal(scale=scale, size=(V, d)).astype(dtype)
        self.b = np.zeros(V, dtype=dtype)
        self._grads = {"E": np.zeros_like(self.E), "W": np.zeros_like(self.W), "b": np.zeros_like(self.b)}
        self._grads["O"] = self._grads["E"] if self.tied else np.zeros_like(self.O)
        self._trainable = True
        self._cache: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self.layers = [self]

    def _all_parameters(self) -> list[Parameter]:
        names = ("E", "W", "b") if self.tied else ("E", "W", "O", "b")
        return [(name, getattr(self, name), self._grads[name]) for name in names]

    @property
    def n_parameters(self) -> int:
        """Number of trained numbers: ``V d + d^2 + V``, plus ``V d`` if untied."""
        return int(sum(value.size for _, value, _ in self._all_parameters()))

    def forward(self, X: Any) -> np.ndarray:
        """Scores over the ``V`` words for contexts ``X`` of shape ``(B, k)``; returns ``(B, V)``."""
        ids = check_ids(X, self.V, "X", "V")
        if ids.ndim != 2 or ids.shape[1] == 0:
            raise ValueError(f"X must have shape (B, k): k >= 1 context ids per example, got {ids.shape}")
        mean = self.E[ids].mean(axis=1)                       # (B, d)
        h = mean @ self.W                                     # (B, d)
        self._cache = (ids, mean, h)
        return h @ self.O.T + self.b                          # (B, V)

    __call__ = forward

    def backward(self, grad_logits: Any) -> None:
        """Accumulate every parameter's gradient from ``d loss / d scores`` (shape ``(B, V)``).

        ``dO = dz^T h``, ``db = sum(dz)``, ``dh = dz O``, ``dW = mean^T dh``,
        and each context row of ``E`` gets ``dh W^T / k``. When tied, ``E``
        receives both its output part and its input part.
        """
        if self._cache is None:
            raise RuntimeError("call forward before backward")
        ids, mean, h = self._cache
        g = np.asarray(grad_logits)
        if g.shape != (ids.shape[0], self.V) or g.dtype.kind != "f":
            raise ValueError(f"grad_logits must be a float array of shape {(ids.shape[0], self.V)}, "
                             f"got {g.dtype} {g.shape}")
        if not self._trainable:
            return
        dh = g @ self.O                                       # read O before any update
        self._grads["O"] += g.T @ h
        self._grads["b"] += g.sum(axis=0)
        self._grads["W"] += mean.T @ dh
        dmean = dh @ self.W.T / ids.shape[1]
        np.add.at(self._grads["E"], ids, dmean[:, None, :])
