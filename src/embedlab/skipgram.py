"""Skip-gram: vectors trained to predict the words around a word.

:func:`context_pairs` turns id sequences into (centre, context) pairs.
:class:`SkipGram` scores every vocabulary word as the context with a full
softmax, a classifier trained with :func:`embedlab.training.fit`.
:class:`SkipGramNS` is word2vec's skip-gram with negative sampling
(Mikolov et al., 2013), in vectorised minibatches: it approximately
factorises a shifted PMI matrix (Levy and Goldberg, 2014).

References
----------
Mikolov, T., Sutskever, I., Chen, K., Corrado, G. and Dean, J. (2013).
Distributed representations of words and phrases and their
compositionality. *Advances in Neural Information Processing Systems* 26.

Levy, O. and Goldberg, Y. (2014). Neural word embedding as implicit matrix
factorization. *Advances in Neural Information Processing Systems* 27.

Levy, O., Goldberg, Y. and Dagan, I. (2015). Improving distributional
similarity with lessons learned from word embeddings. *Transactions of the
Association for Computational Linguistics* 3, 211-225.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ._numeric import log_sigmoid as _log_sigmoid
from ._validation import (
    check_float_dtype,
    check_ids,
    check_positive_float,
    check_positive_int,
    check_real_in_range,
    make_rng,
)
from .classifiers import _Classifier
from .dense import Dense
from .embedding import Embedding
from .optim import Adam

__all__ = [
    "context_pairs",
    "SkipGram",
    "SkipGramNS",
]


def context_pairs(ids: Any, window: int, *, pad_id: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """All (centre, context) id pairs at most ``window`` positions apart.

    Parameters
    ----------
    ids : numpy.ndarray of int, shape (n, T)
        Padded sentences, one per row.
    window : int
        Largest distance between centre and context, >= 1.
    pad_id : int or None, default 0
        Pairs involving this id are dropped.

    Returns
    -------
    centers, contexts : numpy.ndarray of int64
        Equal length; the pairs of distance 1 first (left to right, then
        right to left), then distance 2, and so on.

    Examples
    --------
    >>> centers, contexts = context_pairs(np.array([[0, 5, 6, 7]]), window=1)
    >>> list(zip(centers.tolist(), contexts.tolist()))
    [(5, 6), (6, 7), (6, 5), (7, 6)]
    """
    arr = np.asarray(ids)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"ids must be integers, got dtype {arr.dtype}")
    if arr.ndim != 2:
        raise ValueError(f"ids must have shape (n, T), got {arr.shape}")
    window = check_positive_int(window, "window")
    centers, contexts = [], []
    T = arr.shape[1]
    for offset in range(1, min(window, T - 1) + 1):
        left, right = arr[:, :-offset].reshape(-1), arr[:, offset:].reshape(-1)
        keep = np.ones(left.shape, dtype=bool) if pad_id is None else (left != pad_id) & (right != pad_id)
        centers += [left[keep], right[keep]]
        contexts += [right[keep], left[keep]]
    if not centers:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return (np.concatenate(centers).astype(np.int64), np.concatenate(contexts).astype(np.int64))


class SkipGram(_Classifier):
    """Predict a context word from a centre word: general-purpose word vectors.

    A centre id looks up its row of the table ``E`` (shape ``(V, d)``); a
    Dense layer turns that vector into ``V`` scores, one per possible
    context word, and a softmax over the whole vocabulary gives the
    probabilities. This is the skip-gram model of Mikolov et al. (2013) with
    a full softmax, affordable here because the vocabulary is small. After
    training, the rows of ``E`` are the word vectors.

    Parameters
    ----------
    vocab_size, dim : int
    seed : int, numpy.random.Generator or None
    dtype : float32 or float64, default numpy.float32

    References
    ----------
    Mikolov, T., Chen, K., Corrado, G. and Dean, J. (2013). Efficient
    estimation of word representations in vector space. arXiv:1301.3781.

    Examples
    --------
    >>> model = SkipGram(10, 4, seed=0)
    >>> model.forward(np.array([3, 3, 7])).shape
    (3, 10)
    """

    def __init__(
        self,
        vocab_size: int,
        dim: int,
        *,
        seed: int | np.random.Generator | None = None,
        dtype: Any = np.float32,
    ) -> None:
        V = check_positive_int(vocab_size, "vocab_size")
        d = check_positive_int(dim, "dim")
        if V < 2:
            raise ValueError(f"vocab_size must be at least 2, got {V}")
        dt = check_float_dtype(dtype, "dtype")
        rng = make_rng(seed, "seed")
        self.embedding = Embedding(V, d, seed=rng, dtype=dt)
        self.dense = Dense(d, V, seed=rng, dtype=dt)
        self.layers = [self.embedding, self.dense]
        self.n_classes = V

    def forward(self, centers: Any) -> np.ndarray:
        """Scores for every possible context word, shape ``(B, V)``."""
        arr = check_ids(centers, self.embedding.input_dim, "centers")
        if arr.ndim != 1:
            raise ValueError(f"centers must be a 1-D array of ids, got shape {arr.shape}")
        return self.dense(self.embedding(arr))

    __call__ = forward

    def backward(self, grad_logits: Any) -> None:
        """Back-propagate into the output layer and the rows of the centre words."""
        self.embedding.backward(self.dense.backward(grad_logits))


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.exp(_log_sigmoid(x))


class SkipGramNS:
    """Skip-gram with negative sampling: word vectors from (centre, context) pairs.

    Each word has two vectors: a row of the word table ``E`` (an
    :class:`~embedlab.embedding.Embedding`, the vectors one keeps; attribute
    ``words``) and a row of the context table ``E_c`` (attribute
    ``contexts``). For an observed pair ``(w, c)`` and ``K`` noise words
    ``n_1 .. n_K`` drawn from the noise distribution ``P_n``, the loss is

    ``-log sigma(E[w] . E_c[c]) - sum_i log sigma(-E[w] . E_c[n_i])``.

    Summed over the corpus, cell ``(w, c)`` enters the positive term with
    weight ``#(w, c)`` and the negative term with weight
    ``K * #(w) * P_n(c)``, so pairs never seen are pushed down too. Levy and
    Goldberg (2014) showed that when every dot product can be chosen freely
    the loss is smallest at ``E[w] . E_c[c] = log(#(w, c) / (K #(w) P_n(c)))``:
    ``PMI(w, c) - log K`` when the noise distribution is the context
    frequency (``noise_power=1``), and PMI with the context distribution
    smoothed by the same power for word2vec's ``3/4`` (Levy, Goldberg and
    Dagan, 2015; :func:`embedlab.cooccurrence.pmi` with ``alpha``). With
    ``dim`` smaller than ``vocab_size`` the model can reach that matrix only
    approximately.

    Parameters
    ----------
    vocab_size, dim : int
        ``V >= 2`` words, vectors of length ``d``.
    negatives : int, default 5
        ``K``, the number of noise words per observed pair (word2vec's
        default).
    noise_power : float, default 0.75
        Noise words are drawn with probability proportional to their
        context count raised to this power, in [0, 1].
    seed : int, numpy.random.Generator or None
        For the initial word table (uniform in ``[-0.5/d, 0.5/d]``, as
        word2vec; the context table starts at zero), the shuffling and the
        noise words.

    Attributes
    ----------
    words, contexts : Embedding
        The tables ``E`` and ``E_c`` (float64).
    noise : numpy.ndarray or None
        The noise distribution, set by :meth:`fit`.

    Examples
    --------
    >>> model = SkipGramNS(4, 2, negatives=2, seed=0)
    >>> losses = model.fit([0, 1, 2, 3], [1, 0, 3, 2], epochs=60, batch_size=4, lr=0.05)
    >>> bool(losses[-1] < losses[0])
    True
    >>> model.scores().shape
    (4, 4)
    """

    def __init__(
        self,
        vocab_size: int,
        dim: int,
        *,
        negatives: int = 5,
        noise_power: float = 0.75,
        seed: int | np.random.Generator | None = None,
    ) -> None:
        V = check_positive_int(vocab_size, "vocab_size")
        if V < 2:
            raise ValueError(f"vocab_size must be at least 2, got {V}")
        d = check_positive_int(dim, "dim")
        self.negatives = check_positive_int(negatives, "negatives")
        self.noise_power = check_real_in_range(noise_power, "noise_power", 0.0, 1.0)
        self._rng = make_rng(seed, "seed")
        start = self._rng.uniform(-0.5 / d, 0.5 / d, size=(V, d))
        self.words = Embedding(V, d, embeddings_initializer=start, dtype=np.float64)
        self.contexts = Embedding(V, d, embeddings_initializer="zeros", dtype=np.float64)
        self.layers = [self.words, self.contexts]
        self.noise: np.ndarray | None = None
        self.vocab_size, self.dim = V, d

    def scores(self) -> np.ndarray:
        """Every dot product ``E[w] . E_c[c]``, shape ``(V, V)``."""
        return self.words.weight @ self.contexts.weight.T

    def _pairs(self, centres: Any, contexts: Any) -> tuple[np.ndarray, np.ndarray]:
        out = []
        for name, ids in (("centres", centres), ("contexts", contexts)):
            arr = np.asarray(ids)
            if arr.ndim != 1 or arr.size == 0:
                raise ValueError(f"{name} must be a non-empty 1-D array of ids, got shape {arr.shape}")
            if arr.dtype.kind not in "iu":
                raise TypeError(f"{name} must be integer ids, got dtype {arr.dtype}")
            if arr.min() < 0 or arr.max() >= self.vocab_size:
                bad = int(arr[(arr < 0) | (arr >= self.vocab_size)][0])
                raise ValueError(
                    f"{name} contains {bad}, outside the valid range 0..{self.vocab_size - 1}"
                )
            out.append(arr.astype(np.intp))
        if out[0].shape != out[1].shape:
            raise ValueError(
                f"centres and contexts must have the same length, got {out[0].size} and {out[1].size}"
            )
        return out[0], out[1]

    def fit(
        self,
        centres: Any,
        contexts: Any,
        *,
        epochs: int,
        batch_size: int = 1024,
        lr: float = 0.02,
        callback: Callable[[int, "SkipGramNS"], None] | None = None,
    ) -> list[float]:
        """Train on (centre, context) pairs with Adam, in shuffled minibatches.

        Each minibatch of ``B`` pairs draws ``B x negatives`` noise words at
        once, looks up ``B`` word vectors and ``B x (1 + negatives)`` context
        vectors, and sends the gradient of the mean loss back into both
        tables.

        Parameters
        ----------
        centres, contexts : 1-D integer arrays of the same length
            The observed pairs, e.g. from
            :func:`embedlab.skipgram.context_pairs`.
        epochs : int
            Passes over the pairs, >= 1.
        batch_size : int, default 1024
        lr : float, default 0.02
            Learning rate of :class:`~embedlab.optim.Adam`.
        callback : callable, optional
            Called as ``callback(epoch, model)`` before training (epoch 0)
            and after every epoch.

        Returns
        -------
        list of float
            Mean loss of each epoch's minibatches (``epochs`` values).
        """
        w_ids, c_ids = self._pairs(centres, contexts)
        epochs = check_positive_int(epochs, "epochs")
        batch_size = check_positive_int(batch_size, "batch_size")
        if callback is not None and not callable(callback):
            raise TypeError(f"callback must be callable, got {callback!r}")
        optimizer = Adam(self.layers, lr=check_positive_float(lr, "lr"))
        weights = np.bincount(c_ids, minlength=self.vocab_size).astype(np.float64) ** self.noise_power
        weights[np.bincount(c_ids, minlength=self.vocab_size) == 0] = 0.0
        self.noise = weights / weights.sum()
        cdf = np.cumsum(self.noise)
        cdf[-1] = 1.0
        K, n = self.negatives, w_ids.size
        if callback is not None:
            callback(0, self)
        losses = []
        for epoch in range(1, epochs + 1):
            order = self._rng.permutation(n)
            total = 0.0
            for start in range(0, n, batch_size):
                idx = order[start:start + batch_size]
                B = idx.size
                noise = np.searchsorted(cdf, self._rng.random((B, K)), side="right")
                targets = np.concatenate([c_ids[idx, None], np.minimum(noise, self.vocab_size - 1)], axis=1)
                w = self.words(w_ids[idx])                           # (B, d)
                c = self.contexts(targets)                           # (B, 1 + K, d)
                s = np.einsum("bd,bjd->bj", w, c)                    # (B, 1 + K)
                sign = np.ones_like(s)
                sign[:, 1:] = -1.0                                   # noise words: sigma(-s)
                total += float(-np.sum(_log_sigmoid(sign * s)))
                g = -sign * _sigmoid(-sign * s) / B                  # d loss / d s
                self.words.backward(np.einsum("bj,bjd->bd", g, c))
                self.contexts.backward(g[:, :, None] * w[:, None, :])
                optimizer.step()
                optimizer.zero_grad()
            losses.append(total / n)
            if callback is not None:
                callback(epoch, self)
        return losses
