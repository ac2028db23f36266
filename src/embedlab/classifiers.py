"""Two small text classifiers built on an embedding table.

:class:`MeanPoolClassifier` reads ids, looks up their vectors, averages them
over the real tokens and scores the classes with a dense layer.
:class:`LSTMClassifier` replaces the average by an :class:`~embedlab.lstm.LSTM`,
so word order counts. Both follow the layer conventions of :mod:`embedlab`:
``forward`` keeps what ``backward`` needs, gradients accumulate until
``zero_grad``, and ``layers`` lists what an optimiser updates. Train them with
:func:`embedlab.training.fit`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validation import (
    check_float_dtype,
    check_ids,
    check_int_in_range,
    check_positive_int,
    make_rng,
)
from .dense import Dense
from .embedding import Embedding
from .lstm import LSTM
from .pooling import MaskedMeanPool

__all__ = [
    "MeanPoolClassifier",
    "LSTMClassifier",
]


def _check_pad_id(pad_id: Any, vocab_size: int) -> int | None:
    return check_int_in_range(pad_id, "pad_id", 0, vocab_size - 1, f" (vocab_size={vocab_size})", optional=True)


class _Classifier:
    """Shared plumbing of the models below."""

    layers: list[Any]

    def zero_grad(self) -> None:
        """Reset every layer's accumulated gradients."""
        for layer in self.layers:
            layer.zero_grad()

    def parameters(self) -> list[tuple[str, np.ndarray, np.ndarray]]:
        """All trainable ``(name, value, grad)`` triples, names prefixed by layer."""
        out = []
        for layer in self.layers:
            prefix = type(layer).__name__.lower()
            out.extend((f"{prefix}.{name}", v, g) for name, v, g in layer.parameters())
        return out

    def predict(self, X: Any) -> np.ndarray:
        """The class with the highest score for each row of ``X``."""
        return np.argmax(self.forward(X), axis=-1)

    def predict_proba(self, X: Any) -> np.ndarray:
        """Softmax probabilities, shape ``(B, n_classes)``."""
        z = self.forward(X)
        z = z - z.max(axis=-1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=-1, keepdims=True)


def _check_init_args(vocab_size: Any, dim: Any, n_classes: Any) -> tuple[int, int, int]:
    V = check_positive_int(vocab_size, "vocab_size")
    d = check_positive_int(dim, "dim")
    k = check_positive_int(n_classes, "n_classes")
    if k < 2:
        raise ValueError(f"n_classes must be at least 2, got {k}")
    return V, d, k


class MeanPoolClassifier(_Classifier):
    """Embedding -> masked mean over time -> Dense: a bag-of-vectors classifier.

    Parameters
    ----------
    vocab_size, dim : int
        Shape ``(V, d)`` of the embedding table.
    n_classes : int, default 2
        Number of output scores, >= 2.
    pad_id : int or None, default 0
        Id whose positions are left out of the mean (``None``: keep all).
    seed : int, numpy.random.Generator or None
        Randomness for both layers' initial weights.
    embeddings_initializer : str or array, default "uniform"
        Passed to :class:`~embedlab.embedding.Embedding` (``"uniform"``,
        ``"normal"``, ``"zeros"`` or a ``(V, d)`` array).
    dense_initializer : str or array, default "glorot_uniform"
        Passed to :class:`~embedlab.dense.Dense` as ``weight_initializer``.
    bias : bool, default True
        Whether the Dense layer has a bias.
    dtype : float32 or float64, default numpy.float32
    embedding : Embedding, optional
        Use this existing layer (for example one made by
        :func:`~embedlab.vectors.load_into_embedding`) instead of a new one;
        ``vocab_size``, ``dim`` and ``embeddings_initializer`` must then
        agree with it or be left at their defaults.

    Attributes
    ----------
    embedding : Embedding
    pool : MaskedMeanPool
    dense : Dense
    layers : list
        ``[embedding, dense]``, the layers an optimiser updates.

    Examples
    --------
    >>> model = MeanPoolClassifier(6, 3, 2, seed=0)
    >>> model.forward(np.array([[0, 2, 5], [1, 1, 1]])).shape
    (2, 2)
    >>> [name for name, _, _ in model.parameters()]
    ['embedding.weight', 'dense.weight', 'dense.bias']
    """

    def __init__(
        self,
        vocab_size: int | None,
        dim: int | None,
        n_classes: int = 2,
        *,
        pad_id: int | None = 0,
        seed: int | np.random.Generator | None = None,
        embeddings_initializer: str | np.ndarray = "uniform",
        dense_initializer: str | np.ndarray = "glorot_uniform",
        bias: bool = True,
        dtype: Any = np.float32,
        embedding: Embedding | None = None,
    ) -> None:
        rng = make_rng(seed, "seed")
        dt = check_float_dtype(dtype, "dtype")
        if embedding is not None:
            if not isinstance(embedding, Embedding):
                raise TypeError(f"embedding must be an Embedding, got {type(embedding).__name__}")
            for name, value, actual in (("vocab_size", vocab_size, embedding.input_dim),
                                        ("dim", dim, embedding.output_dim)):
                if value is not None and value != actual:
                    raise ValueError(
                        f"{name}={value} disagrees with the given embedding ({name}={actual}); "
                        "pass None or the same value"
                    )
            V, d, k = _check_init_args(embedding.input_dim, embedding.output_dim, n_classes)
            self.embedding = embedding
            dt = embedding.dtype
        else:
            V, d, k = _check_init_args(vocab_size, dim, n_classes)
            self.embedding = Embedding(V, d, embeddings_initializer=embeddings_initializer,
                                       seed=rng, dtype=dt)
        self.pad_id = _check_pad_id(pad_id, V)
        self.pool = MaskedMeanPool()
        self.dense = Dense(d, k, bias=bias, seed=rng, dtype=dt, weight_initializer=dense_initializer)
        self.layers = [self.embedding, self.dense]
        self.n_classes = k

    def mask(self, ids: Any) -> np.ndarray | None:
        """``ids != pad_id`` (True marks a real token), or None without a pad id."""
        arr = np.asarray(ids)
        return None if self.pad_id is None else arr != self.pad_id

    def features(self, ids: Any) -> np.ndarray:
        """The pooled vectors, shape ``(B, d)``: what the Dense layer sees."""
        arr = check_ids(ids, self.embedding.input_dim, "ids", "input_dim")
        if arr.ndim != 2:
            raise ValueError(f"ids must have shape (B, T), got {arr.shape}")
        return self.pool(self.embedding(arr), self.mask(arr))

    def forward(self, ids: Any) -> np.ndarray:
        """Class scores (logits), shape ``(B, n_classes)``."""
        return self.dense(self.features(ids))

    __call__ = forward

    def backward(self, grad_logits: Any) -> None:
        """Send the gradient of the scores back through all three stages."""
        g_pooled = self.dense.backward(grad_logits)
        self.embedding.backward(self.pool.backward(g_pooled))


class LSTMClassifier(_Classifier):
    """Embedding -> LSTM (last state) -> Dense: a classifier that reads word order.

    Parameters
    ----------
    vocab_size, dim : int
        Shape of the embedding table.
    hidden_dim : int
        Size of the LSTM state.
    n_classes : int, default 2
    pad_id : int or None, default 0
        Positions holding this id are skipped by the LSTM.
    seed : int, numpy.random.Generator or None
    dtype : float32 or float64, default numpy.float32

    Examples
    --------
    >>> model = LSTMClassifier(6, 3, 4, seed=0)
    >>> model.forward(np.array([[0, 2, 5], [1, 1, 1]])).shape
    (2, 2)
    >>> [name for name, _, _ in model.parameters()]
    ['embedding.weight', 'lstm.W_x', 'lstm.W_h', 'lstm.b', 'dense.weight', 'dense.bias']
    """

    def __init__(
        self,
        vocab_size: int,
        dim: int,
        hidden_dim: int,
        n_classes: int = 2,
        *,
        pad_id: int | None = 0,
        seed: int | np.random.Generator | None = None,
        dtype: Any = np.float32,
    ) -> None:
        V, d, k = _check_init_args(vocab_size, dim, n_classes)
        h = check_positive_int(hidden_dim, "hidden_dim")
        dt = check_float_dtype(dtype, "dtype")
        rng = make_rng(seed, "seed")
        self.pad_id = _check_pad_id(pad_id, V)
        self.embedding = Embedding(V, d, seed=rng, dtype=dt)
        self.lstm = LSTM(d, h, seed=rng, dtype=dt)
        self.dense = Dense(h, k, seed=rng, dtype=dt)
        self.layers = [self.embedding, self.lstm, self.dense]
        self.n_classes = k

    def forward(self, ids: Any) -> np.ndarray:
        """Class scores, shape ``(B, n_classes)``, from the state after the last real token."""
        arr = check_ids(ids, self.embedding.input_dim, "ids", "input_dim")
        if arr.ndim != 2:
            raise ValueError(f"ids must have shape (B, T), got {arr.shape}")
        mask = None if self.pad_id is None else arr != self.pad_id
        _, last = self.lstm(self.embedding(arr), mask=mask)
        return self.dense(last)

    __call__ = forward

    def backward(self, grad_logits: Any) -> None:
        """Back-propagate through the Dense layer, the LSTM (through time) and the table."""
        g_last = self.dense.backward(grad_logits)
        self.embedding.backward(self.lstm.backward(grad_last=g_last))
