"""Small models and a training loop for the chapter on training.

Everything here is built from the layers of :mod:`embedlab` and follows
their conventions: ``forward`` keeps what ``backward`` needs, ``backward``
accumulates gradients until ``zero_grad``, and ``layers`` lists the objects
an optimiser from :mod:`embedlab.optim` updates.

Models
    :class:`MeanPoolClassifier` (ids -> embedding -> masked mean over time
    -> dense -> class scores), :class:`LSTMClassifier` (ids -> embedding ->
    LSTM -> dense) and :class:`SkipGram` (a word -> scores for the words
    around it, for general-purpose vectors).
Loss
    :func:`softmax_cross_entropy` returns the mean loss and its gradient.
Training
    :func:`fit` runs seeded minibatch training and returns a :class:`History`;
    :func:`evaluate` measures loss and accuracy; :class:`ProgressLine`
    prints one short line per epoch (the only printing in this module).
Checking
    :func:`numerical_gradient` computes central finite differences.

Examples
--------
>>> from embedlab.optim import Adam
>>> X = np.array([[1, 2], [3, 4]]); y = np.array([0, 1])
>>> model = MeanPoolClassifier(5, 2, 2, seed=0)
>>> history = fit(model, X, y, optimizer=Adam(model.layers, lr=0.1), epochs=20,
...               batch_size=2, seed=0)
>>> history.train_acc[-1], history.train_loss[-1] < history.train_loss[0]
(1.0, True)
"""

from __future__ import annotations

import math
import numbers
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from ._validation import (
    check_float_array,
    check_float_dtype,
    check_ids,
    check_positive_int,
    make_rng,
)
from .layers import Dense, Embedding
from .plots import OKABE_ITO
from .recurrent import LSTM

__all__ = [
    "softmax_cross_entropy",
    "MaskedMeanPool",
    "MeanPoolClassifier",
    "LSTMClassifier",
    "SkipGram",
    "context_pairs",
    "minibatches",
    "History",
    "ProgressLine",
    "evaluate",
    "fit",
    "numerical_gradient",
    "top_tokens",
    "project_2d",
    "GROUP_COLOURS",
    "training_step_figure",
    "scatter_add_figure",
    "scatter_add_frames",
    "moved_rows_figure",
    "plot_history",
    "plot_curves",
    "table_scatter",
    "table_frames",
    "plot_accuracy_bars",
    "table_heatmaps",
    "top_tokens_figure",
    "projection_figure",
]


# --------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------
def _is_int(value: Any) -> bool:
    return isinstance(value, (numbers.Integral, np.integer)) and not isinstance(
        value, (bool, np.bool_)
    )


def _check_labels(labels: Any, n: int, n_classes: int, name: str = "labels") -> np.ndarray:
    arr = np.asarray(labels)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"{name} must be integer class ids, got dtype {arr.dtype}")
    if arr.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},), one class id per row, got {arr.shape}")
    if arr.size and (arr.min() < 0 or arr.max() >= n_classes):
        bad = int(arr[(arr < 0) | (arr >= n_classes)][0])
        raise ValueError(
            f"{name} contains {bad}, outside the valid class ids 0..{n_classes - 1}"
        )
    return arr.astype(np.intp, copy=False)


def _check_pad_id(pad_id: Any, vocab_size: int) -> int | None:
    if pad_id is None:
        return None
    if not _is_int(pad_id):
        raise TypeError(f"pad_id must be None or an int, got {pad_id!r}")
    if not 0 <= pad_id < vocab_size:
        raise ValueError(f"pad_id must be in 0..{vocab_size - 1} (vocab_size={vocab_size}), got {pad_id}")
    return int(pad_id)


# --------------------------------------------------------------------------
# loss
# --------------------------------------------------------------------------
def softmax_cross_entropy(logits: Any, labels: Any) -> tuple[float, np.ndarray]:
    """Mean softmax cross-entropy of a batch, and its gradient.

    For one row with scores ``z`` and true class ``c`` the loss is
    ``-log softmax(z)[c]``. Averaged over the ``B`` rows, its gradient with
    respect to the scores is ``(softmax(z) - onehot(c)) / B``.

    Parameters
    ----------
    logits : numpy.ndarray
        Floating-point scores, shape ``(B, k)`` with ``B >= 1`` and ``k >= 2``.
    labels : numpy.ndarray
        Integer class ids, shape ``(B,)``, each in ``0 .. k-1``.

    Returns
    -------
    loss : float
    grad : numpy.ndarray
        Same shape and dtype as ``logits``.

    Raises
    ------
    TypeError
        If ``logits`` is not floating-point or ``labels`` not integer.
    ValueError
        If a shape is wrong, a label is out of range, or a score is not finite.

    Examples
    --------
    >>> loss, grad = softmax_cross_entropy(np.zeros((1, 2)), np.array([1]))
    >>> round(loss, 4), grad.tolist()    # log 2, and p - y
    (0.6931, [[0.5, -0.5]])
    >>> softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 3]))
    Traceback (most recent call last):
    ...
    ValueError: labels contains 3, outside the valid class ids 0..2
    """
    z = check_float_array(logits, "logits")
    if z.ndim != 2 or z.shape[0] < 1 or z.shape[1] < 2:
        raise ValueError(
            f"logits must have shape (B, k) with B >= 1 rows and k >= 2 classes, got {z.shape}"
        )
    if not np.all(np.isfinite(z)):
        raise ValueError("logits contains NaN or infinite values")
    y = _check_labels(labels, z.shape[0], z.shape[1])
    shifted = z - z.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    log_p = shifted - log_norm
    rows = np.arange(z.shape[0])
    loss = float(-log_p[rows, y].mean())
    grad = np.exp(log_p)
    grad[rows, y] -= 1.0
    grad /= z.shape[0]
    return loss, grad.astype(z.dtype, copy=False)


# --------------------------------------------------------------------------
# layers and models
# --------------------------------------------------------------------------
class MaskedMeanPool:
    """Average vectors over time, counting only the real (unmasked) tokens.

    ``forward(x, mask)`` turns ``x`` of shape ``(B, T, d)`` into ``(B, d)``:
    row ``b`` is the mean of ``x[b, t]`` over the positions with
    ``mask[b, t]`` true. A row with no real token gives zeros. The layer has
    no parameters; ``backward`` spreads the gradient of each mean evenly over
    the positions it averaged.

    Examples
    --------
    >>> pool = MaskedMeanPool()
    >>> x = np.array([[[1.0, 2.0], [3.0, 4.0], [9.0, 9.0]]])
    >>> pool(x, np.array([[True, True, False]])).tolist()
    [[2.0, 3.0]]
    >>> pool.backward(np.array([[1.0, 1.0]])).tolist()
    [[[0.5, 0.5], [0.5, 0.5], [0.0, 0.0]]]
    """

    def __init__(self) -> None:
        self._weights: np.ndarray | None = None

    def forward(self, x: Any, mask: Any = None) -> np.ndarray:
        """Masked mean of ``x`` over axis 1.

        Parameters
        ----------
        x : numpy.ndarray
            Floating-point, shape ``(B, T, d)``.
        mask : numpy.ndarray of bool, optional
            Shape ``(B, T)``; ``None`` averages every position.

        Returns
        -------
        numpy.ndarray, shape ``(B, d)``
        """
        arr = check_float_array(x, "x")
        if arr.ndim != 3:
            raise ValueError(f"x must have shape (B, T, d), got {arr.shape}")
        if mask is None:
            m = np.ones(arr.shape[:2], dtype=bool)
        else:
            m = np.asarray(mask)
            if m.dtype != np.bool_:
                raise TypeError(f"mask must be boolean (True marks a real token), got dtype {m.dtype}")
            if m.shape != arr.shape[:2]:
                raise ValueError(f"mask has shape {m.shape}, but x has (B, T) = {arr.shape[:2]}")
        counts = m.sum(axis=1, keepdims=True)
        weights = (m / np.maximum(counts, 1)).astype(arr.dtype)      # (B, T)
        self._weights = weights
        self._shape = arr.shape
        return np.einsum("bt,btd->bd", weights, arr)

    __call__ = forward

    def backward(self, grad_out: Any) -> np.ndarray:
        """Gradient with respect to ``x``: ``grad_out[b] / count_b`` at each real position."""
        if self._weights is None:
            raise RuntimeError("backward() was called before forward()")
        g = check_float_array(grad_out, "grad_out")
        B, T, d = self._shape
        if g.shape != (B, d):
            raise ValueError(f"grad_out has shape {g.shape}, but the last forward() returned {(B, d)}")
        return self._weights[:, :, None] * g[:, None, :]

    def zero_grad(self) -> None:
        """Nothing to reset: the layer has no parameters."""

    def parameters(self) -> list:
        """An empty list: the layer has no parameters."""
        return []


class _Model(Protocol):
    layers: list[Any]

    def forward(self, X: Any) -> np.ndarray: ...

    def backward(self, grad_logits: np.ndarray) -> None: ...


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
        Passed to :class:`~embedlab.layers.Embedding` (``"uniform"``,
        ``"normal"``, ``"zeros"`` or a ``(V, d)`` array).
    dense_initializer : str or array, default "glorot_uniform"
        Passed to :class:`~embedlab.layers.Dense` as ``weight_initializer``.
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
    ['embedding.weight', 'lstm.W', 'lstm.U', 'lstm.b', 'dense.weight', 'dense.bias']
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


# --------------------------------------------------------------------------
# training
# --------------------------------------------------------------------------
def minibatches(n: int, batch_size: int, rng: np.random.Generator) -> Iterator[np.ndarray]:
    """Shuffle ``range(n)`` with ``rng`` and yield it in slices of ``batch_size``.

    The last batch may be smaller. Every index appears exactly once.

    Examples
    --------
    >>> [b.tolist() for b in minibatches(5, 2, np.random.default_rng(0))]
    [[2, 4], [3, 0], [1]]
    """
    n = check_positive_int(n, "n")
    batch_size = check_positive_int(batch_size, "batch_size")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    order = rng.permutation(n)
    for start in range(0, n, batch_size):
        yield order[start:start + batch_size]


@dataclass
class History:
    """Loss and accuracy after each epoch of :func:`fit` (entry 0: before training).

    Attributes
    ----------
    epochs : list of int
    train_loss, train_acc : list of float
    test_loss, test_acc : list of float
        Empty when no test data was given.
    steps : int
        Number of optimiser steps taken.
    """

    epochs: list[int] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    test_acc: list[float] = field(default_factory=list)
    steps: int = 0

    def last(self) -> str:
        """The latest entry as one short line of text.

        Examples
        --------
        >>> History([0], [0.6931], [0.5], [0.7], [0.45]).last()
        'epoch 0: train loss 0.693, acc 0.500 | test loss 0.700, acc 0.450'
        """
        if not self.epochs:
            return "no epochs yet"
        text = (f"epoch {self.epochs[-1]}: train loss {self.train_loss[-1]:.3f}, "
                f"acc {self.train_acc[-1]:.3f}")
        if self.test_loss:
            text += f" | test loss {self.test_loss[-1]:.3f}, acc {self.test_acc[-1]:.3f}"
        return text


class ProgressLine:
    """A :func:`fit` callback that prints one short line every ``every`` epochs.

    Parameters
    ----------
    every : int, default 1
        Print after epochs ``0, every, 2*every, ...`` and after the last one.
    total : int or None
        Number of epochs, used for the last line and the ``"3/12"`` display.

    Examples
    --------
    >>> show = ProgressLine(total=2)
    >>> show(2, None, History([0, 1, 2], [0.7, 0.5, 0.3], [0.5, 0.8, 0.9]))
    epoch 2/2: train loss 0.300, acc 0.900
    """

    def __init__(self, every: int = 1, total: int | None = None) -> None:
        self.every = check_positive_int(every, "every")
        self.total = None if total is None else check_positive_int(total, "total")

    def __call__(self, epoch: int, model: Any, history: History) -> None:
        if epoch % self.every and epoch != self.total:
            return
        line = history.last()
        if self.total is not None:
            line = line.replace(f"epoch {epoch}:", f"epoch {epoch}/{self.total}:", 1)
        print(line)


def evaluate(model: _Model, X: Any, y: Any, *, batch_size: int = 1024) -> tuple[float, float]:
    """Mean loss and accuracy of ``model`` on ``(X, y)``, without training.

    Examples
    --------
    >>> model = MeanPoolClassifier(4, 2, 2, seed=0, dense_initializer="zeros")
    >>> loss, acc = evaluate(model, np.array([[1, 2], [3, 3]]), np.array([0, 1]))
    >>> round(loss, 4), acc                 # all scores 0: log 2, ties go to class 0
    (0.6931, 0.5)
    """
    X = np.asarray(X)
    n = X.shape[0] if X.ndim else 0
    if n == 0:
        raise ValueError("X must hold at least one example")
    y = np.asarray(y)
    batch_size = check_positive_int(batch_size, "batch_size")
    total_loss, correct = 0.0, 0
    for start in range(0, n, batch_size):
        xb, yb = X[start:start + batch_size], y[start:start + batch_size]
        logits = model.forward(xb)
        loss, _ = softmax_cross_entropy(logits, _check_labels(yb, len(xb), logits.shape[1], "y"))
        total_loss += loss * len(xb)
        correct += int(np.sum(np.argmax(logits, axis=1) == yb))
    return total_loss / n, correct / n


def fit(
    model: _Model,
    X: Any,
    y: Any,
    *,
    optimizer: Any,
    epochs: int,
    batch_size: int = 32,
    seed: int | np.random.Generator | None = None,
    X_test: Any = None,
    y_test: Any = None,
    callback: Callable[[int, Any, History], None] | None = None,
    eval_every: int = 1,
) -> History:
    """Train ``model`` by minibatch gradient descent on softmax cross-entropy.

    Each epoch shuffles the examples with a generator made from ``seed``,
    and for every minibatch runs forward, loss, backward, ``optimizer.step()``
    and ``optimizer.zero_grad()``. Loss and accuracy on the whole training set
    (and on the test set, if given) are recorded before training (epoch 0)
    and after every ``eval_every`` epochs and the last one.

    Parameters
    ----------
    model : object
        With ``forward(X) -> logits`` and ``backward(grad_logits)``.
    X : numpy.ndarray
        Inputs, one example per row (first axis).
    y : numpy.ndarray of int
        Class ids, shape ``(len(X),)``.
    optimizer : SGD or Adam
        Built on ``model.layers``.
    epochs : int
        Number of passes over the data, >= 1.
    batch_size : int, default 32
    seed : int, numpy.random.Generator or None
        Seed of the shuffling.
    X_test, y_test : numpy.ndarray, optional
        Held-out data, evaluated but never trained on. Give both or neither.
    callback : callable, optional
        Called as ``callback(epoch, model, history)`` after each evaluation,
        for example a :class:`ProgressLine` or a function that records the
        table.
    eval_every : int, default 1

    Returns
    -------
    History

    Raises
    ------
    TypeError, ValueError
        For a missing ``step``/``zero_grad`` on the optimiser, mismatched
        lengths, or only one of ``X_test`` and ``y_test``.

    Examples
    --------
    Two sentences, told apart by their words:

    >>> from embedlab.optim import SGD
    >>> X = np.array([[1, 2, 3], [4, 5, 3]]); y = np.array([0, 1])
    >>> model = MeanPoolClassifier(6, 2, 2, seed=0)
    >>> history = fit(model, X, y, optimizer=SGD(model.layers, lr=2.0), epochs=30,
    ...               batch_size=2, seed=0, eval_every=10)
    >>> history.epochs, history.steps, history.train_acc[-1]
    ([0, 10, 20, 30], 30, 1.0)
    """
    X = np.asarray(X)
    if X.ndim == 0 or X.shape[0] == 0:
        raise ValueError("X must hold at least one example")
    n = X.shape[0]
    y = np.asarray(y)
    if y.shape != (n,):
        raise ValueError(f"y must have shape ({n},), one label per row of X, got {y.shape}")
    if y.dtype.kind not in "iu":
        raise TypeError(f"y must be integer class ids, got dtype {y.dtype}")
    if not (callable(getattr(optimizer, "step", None)) and callable(getattr(optimizer, "zero_grad", None))):
        raise TypeError(f"optimizer must have step() and zero_grad() methods, got {optimizer!r}")
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    eval_every = check_positive_int(eval_every, "eval_every")
    if (X_test is None) != (y_test is None):
        raise ValueError("give both X_test and y_test, or neither")
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be callable, got {callback!r}")
    rng = make_rng(seed, "seed")
    history = History()

    def record(epoch: int) -> None:
        loss, acc = evaluate(model, X, y)
        history.epochs.append(epoch)
        history.train_loss.append(loss)
        history.train_acc.append(acc)
        if X_test is not None:
            t_loss, t_acc = evaluate(model, X_test, y_test)
            history.test_loss.append(t_loss)
            history.test_acc.append(t_acc)
        if callback is not None:
            callback(epoch, model, history)

    optimizer.zero_grad()
    record(0)
    for epoch in range(1, epochs + 1):
        for idx in minibatches(n, batch_size, rng):
            logits = model.forward(X[idx])
            _, grad = softmax_cross_entropy(logits, y[idx])
            model.backward(grad)
            optimizer.step()
            optimizer.zero_grad()
            history.steps += 1
        if epoch % eval_every == 0 or epoch == epochs:
            record(epoch)
    return history


# --------------------------------------------------------------------------
# checking gradients
# --------------------------------------------------------------------------
def numerical_gradient(f: Callable[[], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central finite differences of ``f`` with respect to every entry of ``x``.

    Entry ``i`` of the result is ``(f(x + eps e_i) - f(x - eps e_i)) / (2 eps)``.
    ``x`` is changed in place while ``f`` is evaluated and restored exactly
    afterwards, so ``f`` should read ``x`` (for example a layer's live
    weight array). Use float64: in float32 the rounding error of ``f``
    swamps the differences.

    Parameters
    ----------
    f : callable
        Takes no arguments and returns the loss as a number.
    x : numpy.ndarray of float64
        The array to differentiate with respect to.
    eps : float, default 1e-6
        Step size, > 0.

    Returns
    -------
    numpy.ndarray
        Same shape as ``x``.

    Examples
    --------
    >>> x = np.array([1.0, -2.0])
    >>> g = numerical_gradient(lambda: float(np.sum(x ** 3)), x)
    >>> np.allclose(g, 3 * x ** 2), x.tolist()
    (True, [1.0, -2.0])
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {f!r}")
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        got = x.dtype if isinstance(x, np.ndarray) else type(x).__name__
        raise TypeError(f"x must be a float64 numpy array (changed in place), got {got}")
    if isinstance(eps, (bool, np.bool_)) or not isinstance(eps, (numbers.Real, np.floating)):
        raise TypeError(f"eps must be a number > 0, got {eps!r}")
    if not (math.isfinite(eps) and eps > 0):
        raise ValueError(f"eps must be a finite number > 0, got {eps!r}")
    grad = np.zeros(x.shape, dtype=np.float64)
    for index in np.ndindex(x.shape):
        old = x[index]
        x[index] = old + eps
        up = float(f())
        x[index] = old - eps
        down = float(f())
        x[index] = old
        grad[index] = (up - down) / (2 * eps)
    return grad


# --------------------------------------------------------------------------
# reading a trained table
# --------------------------------------------------------------------------
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
    arr = _check_table(table)
    labels = _check_words(words, arr.shape[0])
    V, d = arr.shape
    if not _is_int(column):
        raise TypeError(f"column must be an integer, got {column!r}")
    if not 0 <= column < d:
        raise ValueError(f"column must be in 0..{d - 1} (the table has {d} columns), got {column}")
    if not _is_int(k):
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
    arr = _check_table(table)
    if arr.shape[0] < 2 or arr.shape[1] < 2:
        raise ValueError(f"table must have at least 2 rows and 2 columns, got shape {arr.shape}")
    centred = arr - arr.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    xy = centred @ vt[:2].T
    signs = np.sign(xy[np.argmax(np.abs(xy), axis=0), [0, 1]])
    signs[signs == 0] = 1
    return xy * signs + 0.0   # + 0.0 turns -0.0 into 0.0


# --------------------------------------------------------------------------
# figures
# --------------------------------------------------------------------------
#: Colours of the word groups in the chapter's figures (Okabe-Ito).
GROUP_COLOURS: dict[str, str] = {
    "positive": "#009E73",   # bluish green
    "negative": "#D55E00",   # vermillion
    "negation": "#0072B2",   # blue
    "animal": "#E69F00",     # orange
    "food": "#56B4E9",       # sky blue
    "vehicle": "#CC79A7",    # reddish purple
    "place": "#000000",      # black
    "neutral": "#A0A0A0",    # grey
    "no sentiment": "#A0A0A0",
}


def _check_table(table: Any, name: str = "table") -> np.ndarray:
    arr = np.asarray(table)
    if arr.dtype.kind not in "iuf" or arr.dtype.kind == "b":
        raise TypeError(f"{name} must be a numeric matrix, got dtype {arr.dtype}")
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 2-D array (rows, columns), got shape {arr.shape}")
    arr = arr.astype(np.float64, copy=False)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


def _check_titled_tables(tables: Any) -> dict[str, np.ndarray]:
    """Validate a non-empty dict of title -> table whose tables share their row count."""
    if not isinstance(tables, dict) or not tables:
        raise TypeError("tables must be a non-empty dict mapping a title to a table")
    arrays = {str(t): _check_table(m, f"tables[{t!r}]") for t, m in tables.items()}
    counts = {a.shape[0] for a in arrays.values()}
    if len(counts) != 1:
        raise ValueError(f"every table must have the same number of rows, got {sorted(counts)}")
    return arrays


def _check_words(words: Any, count: int, name: str = "words") -> list[str]:
    if isinstance(words, str) or not hasattr(words, "__len__"):
        raise TypeError(f"{name} must be a list of strings, got {type(words).__name__}")
    labels = [str(w) for w in words]
    if len(labels) != count:
        raise ValueError(f"{name} has {len(labels)} entries, but the table has {count} rows")
    return labels


def _check_groups(groups: Any, count: int) -> list[str]:
    labels = _check_words(groups, count, "groups")
    unknown = sorted(set(labels) - set(GROUP_COLOURS))
    if unknown:
        raise ValueError(
            f"groups contains {unknown[0]!r}; known groups are "
            + ", ".join(repr(g) for g in GROUP_COLOURS)
        )
    return labels


def training_step_figure(B: int, T: int, V: int, d: int, k: int) -> Any:
    """One training step drawn end to end, with the shape of every array.

    The forward pass runs left to right along the top (ids, lookup, mean
    over time, Dense, softmax and loss); the backward pass runs right to left
    along the bottom, ending in the scatter-add into the table and the
    update of the table.

    Parameters
    ----------
    B, T, V, d, k : int
        Batch size, sequence length, vocabulary size, vector length and
        number of classes, each >= 1.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = training_step_figure(2, 5, 7, 2, 2)
    >>> any("(2, 5, 2)" in t.get_text() for t in fig.axes[0].texts)
    True
    >>> plt.close(fig)
    """
    B, T, V, d, k = (check_positive_int(v, n) for v, n in
                     ((B, "B"), (T, "T"), (V, "V"), (d, "d"), (k, "k")))
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8.4, 4.6))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 4.6)
    ax.axis("off")
    xs = [0.75, 2.75, 4.95, 7.0, 9.05]
    fwd = [
        ("ids $X$", f"({B}, {T})"),
        ("lookup\n$Y = E[X]$", f"({B}, {T}, {d})"),
        ("mean over\ntime $h$", f"({B}, {d})"),
        ("Dense\n$z = hU + c$", f"({B}, {k})"),
        ("softmax,\nloss $L$", "a number"),
    ]
    bwd = [
        ("update\n" + r"$E - \eta\,\partial L/\partial E$", f"({V}, {d})"),
        (r"$\partial L/\partial E$" + "\nscatter-add", f"({V}, {d})"),
        (r"$\partial L/\partial Y$", f"({B}, {T}, {d})"),
        (r"$\partial L/\partial h$", f"({B}, {d})"),
        (r"$\partial L/\partial z$", f"({B}, {k})"),
    ]
    box = dict(boxstyle="round,pad=0.35", linewidth=1.2)
    rows = ((fwd, "#E69F00", 3.35, "forward: left to right"),
            (bwd, "#56B4E9", 1.15, "backward: right to left"))
    for items, colour, y, name in rows:
        ax.text(0.05, y + 0.85, name, fontsize=11, fontweight="bold",
                color="#B07800" if colour == "#E69F00" else "#0072B2")
        for i, (x, (label, shape)) in enumerate(zip(xs, items)):
            ax.text(x, y, label, ha="center", va="center", fontsize=11,
                    bbox={**box, "facecolor": colour + "33", "edgecolor": colour})
            ax.text(x, y - 0.68, shape, ha="center", va="center", fontsize=10,
                    family="monospace", color="#333333")
            if i + 1 < len(xs):
                left, right = x + 0.72, xs[i + 1] - 0.72
                start, stop = (left, right) if items is fwd else (right, left)
                ax.annotate("", xy=(stop, y), xytext=(start, y),
                            arrowprops=dict(arrowstyle="-|>", color=colour, lw=1.6))
    ax.annotate("", xy=(xs[-1], 1.62), xytext=(xs[-1], 2.5),
                arrowprops=dict(arrowstyle="-|>", color="#555555", lw=1.4))
    ax.text(5.0, 0.05, "U and c are updated in the same step, from their own gradients",
            ha="center", fontsize=10, color="#555555")
    ax.set_title(f"One training step, with shapes (B={B}, T={T}, V={V}, d={d}, k={k})")
    return fig


def scatter_add_figure(ids: Any, grads: Any, num_rows: int, step: int, *,
                       row_labels: Any = None) -> Any:
    """The gradient of a table built up one looked-up position at a time.

    Left: the gradient rows ``grads[t]`` (one per position of ``ids``), with
    position ``step - 1`` outlined. Right: the table's gradient after adding
    the first ``step`` rows into the rows they were looked up from, with the
    row just updated outlined.

    Parameters
    ----------
    ids : array-like of int, shape (n,)
    grads : array-like, shape (n, d)
    num_rows : int
        Rows of the table (``V``); every id must be below it.
    step : int
        How many positions have been added, 0 .. n.
    row_labels : sequence of str, optional
        One label per table row.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = scatter_add_figure([1, 1], [[1.0], [2.0]], 3, step=2)
    >>> fig.axes[1].get_title()
    'dL/dE after 2 of 2 positions'
    >>> plt.close(fig)
    """
    num_rows = check_positive_int(num_rows, "num_rows")
    arr = check_ids(ids, num_rows, "ids")
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"ids must be a non-empty 1-D array, got shape {arr.shape}")
    g = _check_table(grads, "grads")
    if g.shape[0] != arr.size:
        raise ValueError(f"grads has {g.shape[0]} rows, but ids has {arr.size} positions")
    if not _is_int(step):
        raise TypeError(f"step must be an integer, got {step!r}")
    if not 0 <= step <= arr.size:
        raise ValueError(f"step must be in 0..{arr.size}, got {step}")
    labels = None if row_labels is None else _check_words(row_labels, num_rows, "row_labels")
    from .plots import heatmap
    import matplotlib.pyplot as plt

    acc = np.zeros((num_rows, g.shape[1]))
    np.add.at(acc, arr[:step], g[:step])
    limit = float(max(np.abs(g).max(), np.abs(acc).max(), 1e-12))
    fig, (left, right) = plt.subplots(1, 2, figsize=(6.8, 0.42 * max(arr.size, num_rows) + 2.0),
                                      gridspec_kw={"width_ratios": [1, 1]})
    pos_labels = [f"t={t}: id {i}" for t, i in enumerate(arr.tolist())]
    heatmap(g, ax=left, row_labels=pos_labels, outline_rows=[step - 1] if step else [],
            fmt="{:g}", vmin=-limit, vmax=limit, title="dL/dY, one row per position",
            xlabel="column", ylabel="position")
    heatmap(acc, ax=right, row_labels=labels, outline_rows=[int(arr[step - 1])] if step else [],
            fmt="{:g}", vmin=-limit, vmax=limit,
            title=f"dL/dE after {step} of {arr.size} positions", xlabel="column", ylabel="row of E")
    fig.tight_layout()
    return fig


def scatter_add_frames(ids: Any, grads: Any, num_rows: int, *, row_labels: Any = None,
                       dpi: int = 80) -> list[bytes]:
    """PNG frames of :func:`scatter_add_figure` for steps ``0 .. len(ids)``.

    Examples
    --------
    >>> frames = scatter_add_frames([0, 0], [[1.0], [1.0]], 2, dpi=20)
    >>> len(frames), frames[0][:4]
    (3, b'\\x89PNG')
    """
    from .plots import figure_to_png

    n = np.asarray(ids).size
    return [figure_to_png(scatter_add_figure(ids, grads, num_rows, s, row_labels=row_labels), dpi=dpi)
            for s in range(n + 1)]


def moved_rows_figure(runs: dict[str, Any], *, row_labels: Any = None,
                      looked_up: Any = None) -> Any:
    """Which rows of a table changed at each step, one panel per run.

    Parameters
    ----------
    runs : dict of str to array-like
        For each run (e.g. ``"SGD"``, ``"Adam"``), the table after every step,
        shape ``(steps + 1, V, d)`` with the starting table first.
    row_labels : sequence of str, optional
    looked_up : array-like of bool, optional
        Shape ``(steps, V)``: which rows each step's batch looked up; those
        cells are marked with a dot.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> tables = np.zeros((3, 2, 1)); tables[2, 1] = 1.0
    >>> fig = moved_rows_figure({"SGD": tables})
    >>> fig.axes[0].get_title()
    'SGD: 1 row-steps moved'
    >>> plt.close(fig)
    """
    if not isinstance(runs, dict) or not runs:
        raise TypeError("runs must be a non-empty dict mapping a name to the tables after each step")
    arrays = {}
    for name, tables in runs.items():
        arr = np.asarray(tables, dtype=np.float64)
        if arr.ndim != 3 or arr.shape[0] < 2:
            raise ValueError(
                f"runs[{name!r}] must have shape (steps + 1, V, d) with at least one step, got {arr.shape}"
            )
        arrays[name] = arr
    shapes = {a.shape for a in arrays.values()}
    if len(shapes) != 1:
        raise ValueError(f"every run must have the same shape, got {sorted(shapes)}")
    steps, V = next(iter(shapes))[0] - 1, next(iter(shapes))[1]
    labels = None if row_labels is None else _check_words(row_labels, V, "row_labels")
    marks = None
    if looked_up is not None:
        marks = np.asarray(looked_up)
        if marks.dtype != np.bool_ or marks.shape != (steps, V):
            raise ValueError(f"looked_up must be a boolean array of shape {(steps, V)}, "
                             f"got {marks.dtype} {marks.shape}")
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap

    fig, axes = plt.subplots(1, len(arrays), figsize=(3.3 * len(arrays) + 0.4, 0.4 * V + 2.3),
                             squeeze=False, sharey=True)
    cmap = ListedColormap(["#F2F2F2", "#E69F00"])
    for ax, (name, arr) in zip(axes[0], arrays.items()):
        moved = np.any(arr[1:] != arr[:-1], axis=2).T          # (V, steps)
        ax.imshow(moved, cmap=cmap, vmin=0, vmax=1, aspect="auto", interpolation="nearest")
        if marks is not None:
            rr, ss = np.nonzero(marks.T)
            ax.plot(ss, rr, "o", color="black", markersize=4, label="looked up")
        ax.set_xticks(np.arange(steps))
        ax.set_xticklabels([str(s + 1) for s in range(steps)])
        ax.set_yticks(np.arange(V))
        ax.set_yticklabels(labels if labels is not None else [str(i) for i in range(V)])
        ax.set_xlabel("step")
        ax.set_title(f"{name}: {int(moved.sum())} row-steps moved", fontsize=12)
    axes[0][0].set_ylabel("row of E (orange = changed)")
    if marks is not None:
        handles, names = axes[0][0].get_legend_handles_labels()
        fig.legend(handles, names, loc="lower center", frameon=False)
        fig.tight_layout(rect=(0, 0.07, 1, 1))
    else:
        fig.tight_layout()
    return fig


def plot_history(history: History, *, title: str = "") -> Any:
    """Learning curves: loss (left) and accuracy (right), training and test.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plot_history(History([0, 1], [0.7, 0.4], [0.5, 0.9], [0.7, 0.5], [0.5, 0.8]))
    >>> [ax.get_ylabel() for ax in fig.axes]
    ['cross-entropy loss', 'accuracy']
    >>> plt.close(fig)
    """
    if not isinstance(history, History):
        raise TypeError(f"history must be a History, got {type(history).__name__}")
    if not history.epochs:
        raise ValueError("history is empty: train for at least one epoch first")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(7.0, 3.3))
    for ax, train, test, label in ((ax_loss, history.train_loss, history.test_loss, "cross-entropy loss"),
                                   (ax_acc, history.train_acc, history.test_acc, "accuracy")):
        ax.plot(history.epochs, train, "o-", label="training set", markersize=4)
        if test:
            ax.plot(history.epochs, test, "s--", label="test set", markersize=4)
        ax.set_xlabel("epoch")
        ax.set_ylabel(label)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(frameon=False)
    ax_acc.set_ylim(0, 1.05)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_curves(curves: dict[str, Any], *, x: Any = None, xlabel: str, ylabel: str,
                title: str = "", ax: Any = None, ylim: tuple[float, float] | None = None,
                xscale: str = "linear") -> Any:
    """Several labelled curves on one axes (e.g. test accuracy per initialisation).

    Parameters
    ----------
    curves : dict of str to sequence of float
        One curve per label, all of the same length.
    x : sequence of float, optional
        Shared x values; default ``0, 1, 2, ...``.
    xlabel, ylabel : str
        Axis labels (required: every figure of the book labels its axes).
    title : str, optional
    ax : matplotlib.axes.Axes, optional
    ylim : (float, float), optional
    xscale : {"linear", "log"}, default "linear"

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_curves({"a": [0.5, 0.9], "b": [0.5, 0.6]}, xlabel="epoch", ylabel="accuracy")
    >>> [line.get_label() for line in ax.get_lines()]
    ['a', 'b']
    >>> plt.close(ax.figure)
    """
    if not isinstance(curves, dict) or not curves:
        raise TypeError("curves must be a non-empty dict mapping a label to a sequence of numbers")
    lengths = {len(v) for v in curves.values()}
    if len(lengths) != 1 or 0 in lengths:
        raise ValueError(f"every curve must have the same, non-zero length, got lengths {sorted(lengths)}")
    n = lengths.pop()
    xs = np.arange(n) if x is None else np.asarray(x, dtype=float)
    if xs.shape != (n,):
        raise ValueError(f"x must have {n} values, one per point, got shape {xs.shape}")
    if not isinstance(xlabel, str) or not isinstance(ylabel, str) or not xlabel or not ylabel:
        raise ValueError("xlabel and ylabel must be non-empty strings")
    if xscale not in ("linear", "log"):
        raise ValueError(f"xscale must be 'linear' or 'log', got {xscale!r}")
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.8))
    markers = "os^Dvx*P"
    styles = ["-", "--", "-.", ":"]
    colours = [c for c in OKABE_ITO if c != "#F0E442"]   # yellow is too faint on white
    for i, (label, values) in enumerate(curves.items()):
        ax.plot(xs, np.asarray(values, dtype=float), marker=markers[i % len(markers)],
                linestyle=styles[i % len(styles)], color=colours[i % len(colours)],
                markersize=5, label=str(label))
    ax.set_xscale(xscale)
    if x is None:
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if xscale == "log":
        ax.set_xticks(xs)
        ax.set_xticklabels([f"{v:g}" for v in xs])
        ax.minorticks_off()
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if ylim is not None:
        ax.set_ylim(*ylim)
    if title:
        ax.set_title(title)
    ax.legend(frameon=False)
    return ax


#: Where a word label may go relative to its point, in order of preference:
#: (x offset, y offset) in points, horizontal and vertical alignment.
_LABEL_SPOTS: tuple[tuple[float, float, str, str], ...] = (
    (4, 3, "left", "bottom"), (4, -3, "left", "top"), (-4, 3, "right", "bottom"),
    (-4, -3, "right", "top"), (0, 6, "center", "bottom"), (0, -6, "center", "top"),
    (12, 12, "left", "bottom"), (12, -12, "left", "top"), (-12, 12, "right", "bottom"),
    (-12, -12, "right", "top"), (0, 16, "center", "bottom"), (0, -16, "center", "top"),
)


def _overlap_area(box: Any, boxes: np.ndarray) -> float:
    """Total area that display-space ``box`` shares with the rows ``[x0, y0, x1, y1]`` of ``boxes``."""
    if boxes.size == 0:
        return 0.0
    w = np.minimum(box.x1, boxes[:, 2]) - np.maximum(box.x0, boxes[:, 0])
    h = np.minimum(box.y1, boxes[:, 3]) - np.maximum(box.y0, boxes[:, 1])
    return float(np.sum(np.clip(w, 0, None) * np.clip(h, 0, None)))


def _place_labels(ax: Any, xy: np.ndarray, rows: Any, names: list[str], colours: list[str],
                  *, start: np.ndarray | None = None, fontsize: float = 9) -> None:
    """Write ``names[i]`` next to point ``xy[i]`` for each ``i`` in ``rows``, avoiding overlaps.

    Each label takes the first of :data:`_LABEL_SPOTS` where it covers no
    earlier label, no point, neither zero line, no line from a point to its
    ``start`` and nothing outside the axes; if every spot is taken, the one
    with the least overlap. The figure is drawn once first, so the layout
    (limits, aspect) must be final when this is called.
    """
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    frame_box = np.array([[frame.x0, frame.y0, frame.x1, frame.y1]])
    px = ax.transData.transform(xy)
    r = 3.0 * fig.dpi / 72.0                               # about a marker's radius
    dots = np.column_stack([px - r, px + r])               # (V, 4)
    x0, y0 = ax.transData.transform((0.0, 0.0))            # the two zero lines
    obstacles = [np.array([[frame.x0, y0 - 1, frame.x1, y0 + 1],
                           [x0 - 1, frame.y0, x0 + 1, frame.y1]])]
    if start is not None:                                  # sample each line at 12 points
        ends = ax.transData.transform(start)
        steps = np.linspace(0.0, 1.0, 12)[None, :, None]
        samples = (ends[:, None, :] + steps * (px - ends)[:, None, :]).reshape(-1, 2)
        obstacles.append(np.column_stack([samples - 1.5, samples + 1.5]))
    fixed = np.concatenate(obstacles)
    placed = np.zeros((0, 4))
    for i in rows:
        text = ax.annotate(names[i], (xy[i, 0], xy[i, 1]), xytext=_LABEL_SPOTS[0][:2],
                           textcoords="offset points", fontsize=fontsize, color=colours[i],
                           ha=_LABEL_SPOTS[0][2], va=_LABEL_SPOTS[0][3], zorder=4)
        others = np.concatenate([placed, fixed, np.delete(dots, i, axis=0)])
        best, best_cost = _LABEL_SPOTS[0], np.inf
        for spot in _LABEL_SPOTS:
            text.xyann = spot[:2]
            text.set_ha(spot[2])
            text.set_va(spot[3])
            box = text.get_window_extent(renderer)
            cost = _overlap_area(box, others)
            cost += box.width * box.height - _overlap_area(box, frame_box)
            if cost < best_cost:
                best, best_cost = spot, cost
            if cost == 0:
                break
        text.xyann = best[:2]
        text.set_ha(best[2])
        text.set_va(best[3])
        box = text.get_window_extent(renderer)
        placed = np.vstack([placed, [box.x0, box.y0, box.x1, box.y1]])


def table_scatter(table: Any, words: Any, groups: Any, *, ax: Any = None, start: Any = None,
                  label: Any = None, limits: float | None = None, title: str = "",
                  xlabel: str = "column 0", ylabel: str = "column 1",
                  avoid_overlap: bool = False) -> Any:
    """Draw the rows of a two-column table as points, coloured by group.

    Parameters
    ----------
    table : array-like, shape (V, 2)
    words : sequence of str
        One word per row.
    groups : sequence of str
        One group per row, a key of :data:`GROUP_COLOURS` (e.g.
        ``"positive"``, ``"negative"``, ``"neutral"``, ``"animal"``).
    ax : matplotlib.axes.Axes, optional
    start : array-like, shape (V, 2), optional
        Earlier positions; a faint line joins each row to where it started.
    label : sequence of bool, optional
        Which rows get their word written next to them (default: all).
    limits : float, optional
        Draw the square ``[-limits, limits]`` in both directions (keeps the
        axes fixed across animation frames).
    title, xlabel, ylabel : str
    avoid_overlap : bool, default False
        Move each word label to one of several spots around its point so
        that labels do not cover each other or other points. The figure's
        layout must be final when this function is called (fixed margins,
        no later ``tight_layout``).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = table_scatter([[0.0, 1.0], [1.0, 0.0]], ["good", "bad"], ["positive", "negative"])
    >>> sorted(t.get_text() for t in ax.texts)
    ['bad', 'good']
    >>> plt.close(ax.figure)
    """
    arr = _check_table(table)
    if arr.shape[1] != 2:
        raise ValueError(f"table must have exactly 2 columns to be drawn in the plane, got shape {arr.shape}")
    V = arr.shape[0]
    names = _check_words(words, V)
    kinds = _check_groups(groups, V)
    show = np.ones(V, dtype=bool) if label is None else np.asarray(label, dtype=bool)
    if show.shape != (V,):
        raise ValueError(f"label must have one entry per row ({V}), got shape {show.shape}")
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(5.6, 5.0))
    if start is not None:
        s = _check_table(start, "start")
        if s.shape != arr.shape:
            raise ValueError(f"start has shape {s.shape}, but table has shape {arr.shape}")
        from matplotlib.collections import LineCollection

        segments = np.stack([s, arr], axis=1)                 # (V, 2 ends, 2 coords)
        ax.add_collection(LineCollection(segments, colors=[GROUP_COLOURS[k] for k in kinds],
                                         alpha=0.35, linewidths=1))
    seen = set()
    for group in [g for g in GROUP_COLOURS if g in set(kinds)]:
        rows = [i for i in range(V) if kinds[i] == group]
        ax.scatter(arr[rows, 0], arr[rows, 1], s=28, color=GROUP_COLOURS[group],
                   label=group if group not in seen else None, zorder=3,
                   edgecolor="white", linewidth=0.5)
        seen.add(group)
    if not avoid_overlap:
        for i in np.flatnonzero(show):
            ax.annotate(names[i], (arr[i, 0], arr[i, 1]), xytext=(3, 3), textcoords="offset points",
                        fontsize=9, color=GROUP_COLOURS[kinds[i]])
    ax.axhline(0, color="#CCCCCC", linewidth=0.8, zorder=0)
    ax.axvline(0, color="#CCCCCC", linewidth=0.8, zorder=0)
    if limits is not None:
        ax.set_xlim(-limits, limits)
        ax.set_ylim(-limits, limits)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    if avoid_overlap and show.any():
        _place_labels(ax, arr, np.flatnonzero(show), names,
                      [GROUP_COLOURS[k] for k in kinds],
                      start=None if start is None else _check_table(start, "start"))
    return ax


def table_frames(snapshots: Any, words: Any, groups: Any, *, label: Any = None,
                 titles: Any = None, dpi: int = 80) -> list[bytes]:
    """PNG frames of :func:`table_scatter`, one per snapshot, on fixed axes.

    The first frame has no word labels (all rows usually start crowded
    together near the origin); later frames join each row to its start.

    Parameters
    ----------
    snapshots : array-like, shape (n, V, 2)
        The table at successive moments (e.g. after each epoch).
    words, groups, label :
        As in :func:`table_scatter`.
    titles : sequence of str, optional
        One title per frame; default ``"epoch i"``.
    dpi : int, default 80

    Examples
    --------
    >>> frames = table_frames(np.zeros((2, 1, 2)), ["a"], ["neutral"], dpi=20)
    >>> len(frames)
    2
    """
    from .plots import figure_to_png
    import matplotlib.pyplot as plt

    arr = np.asarray(snapshots, dtype=np.float64)
    if arr.ndim != 3 or arr.shape[2] != 2 or arr.shape[0] == 0:
        raise ValueError(f"snapshots must have shape (n, V, 2) with n >= 1, got {arr.shape}")
    names = [f"epoch {i}" for i in range(arr.shape[0])] if titles is None else list(titles)
    if len(names) != arr.shape[0]:
        raise ValueError(f"titles has {len(names)} entries, but there are {arr.shape[0]} snapshots")
    import matplotlib as mpl

    limits = float(np.abs(arr).max()) * 1.15 or 1.0
    frames = []
    # A fixed layout (no tight bounding box) keeps every frame the same size
    # and saves two layout passes per frame.
    with mpl.rc_context({"savefig.bbox": "standard"}):
        for i in range(arr.shape[0]):
            fig, ax = plt.subplots(figsize=(6.4, 4.6))
            fig.subplots_adjust(left=0.1, right=0.66, bottom=0.12, top=0.92)
            table_scatter(arr[i], words, groups, ax=ax, start=arr[0] if i else None,
                          label=label if i else np.zeros(arr.shape[1], dtype=bool),
                          limits=limits, title=names[i], avoid_overlap=True)
            frames.append(figure_to_png(fig, dpi=dpi))
    return frames


def plot_accuracy_bars(results: dict[str, dict[str, float]], *, title: str = "",
                       ylabel: str = "test accuracy", chance: float | None = None) -> Any:
    """Grouped bars: one group per subset, one bar per model.

    Parameters
    ----------
    results : dict of str to dict of str to float
        ``results[model][subset]`` is an accuracy in [0, 1]; every model has
        the same subsets.
    title, ylabel : str
    chance : float, optional
        Draw a dashed line at this accuracy.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plot_accuracy_bars({"a": {"all": 0.9, "hard": 0.5}, "b": {"all": 1.0, "hard": 1.0}})
    >>> len(fig.axes[0].patches)
    4
    >>> plt.close(fig)
    """
    if not isinstance(results, dict) or not results:
        raise TypeError("results must be a non-empty dict: model -> {subset: accuracy}")
    subsets = None
    for model, accs in results.items():
        if not isinstance(accs, dict) or not accs:
            raise TypeError(f"results[{model!r}] must be a non-empty dict: subset -> accuracy")
        if subsets is None:
            subsets = list(accs)
        elif list(accs) != subsets:
            raise ValueError(f"results[{model!r}] has subsets {list(accs)}, expected {subsets}")
        for subset, value in accs.items():
            if not (isinstance(value, (numbers.Real, np.floating)) and 0.0 <= float(value) <= 1.0):
                raise ValueError(f"results[{model!r}][{subset!r}] must be a number in [0, 1], got {value!r}")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.0, 3.8))
    width = 0.8 / len(results)
    xs = np.arange(len(subsets))
    for i, (model, accs) in enumerate(results.items()):
        values = [float(accs[s]) for s in subsets]
        bars = ax.bar(xs + (i - (len(results) - 1) / 2) * width, values, width * 0.95, label=model)
        for bar, v in zip(bars, values):
            ax.text(bar.get_x() + bar.get_width() / 2, v + 0.01, f"{v:.2f}", ha="center",
                    va="bottom", fontsize=9)
    if chance is not None:
        ax.axhline(chance, color="black", linestyle="--", linewidth=1, label="chance")
    ax.set_xticks(xs)
    ax.set_xticklabels([textwrap.fill(str(s), 10) for s in subsets])
    ax.set_ylim(0, 1.12)
    ax.set_ylabel(ylabel)
    ax.set_xlabel("test sentences")
    if title:
        ax.set_title(title)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    return fig


def table_heatmaps(tables: dict[str, Any], *, row_labels: Any = None, outline_rows: Any = (),
                   col_labels: Any = None) -> Any:
    """Several tables of the same shape side by side, as annotated heat maps.

    Parameters
    ----------
    tables : dict of str to array-like
        Title -> table; all of the same shape ``(V, d)``. One shared,
        symmetric colour scale is used, so equal colours mean equal values.
    row_labels, col_labels : sequence of str, optional
    outline_rows : sequence of int
        Rows to outline in every panel.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = table_heatmaps({"before": np.zeros((3, 2)), "after": np.ones((3, 2))})
    >>> [ax.get_title() for ax in fig.axes]
    ['before', 'after']
    >>> plt.close(fig)
    """
    from .plots import heatmap
    import matplotlib.pyplot as plt

    arrays = _check_titled_tables(tables)
    shapes = {a.shape for a in arrays.values()}
    if len(shapes) != 1:
        raise ValueError(f"every table must have the same shape, got {sorted(shapes)}")
    V, d = shapes.pop()
    limit = max(float(np.abs(a).max()) for a in arrays.values()) or 1.0
    fig, axes = plt.subplots(1, len(arrays), figsize=(1.0 + 0.9 * d * len(arrays) + 1.0 * len(arrays),
                                                      0.42 * V + 1.5), squeeze=False)
    for i, (ax, (title, arr)) in enumerate(zip(axes[0], arrays.items())):
        heatmap(arr, ax=ax, row_labels=row_labels, col_labels=col_labels, outline_rows=outline_rows,
                vmin=-limit, vmax=limit, title=title, xlabel="column",
                ylabel="row of E" if i == 0 else None)
    fig.tight_layout()
    return fig


def top_tokens_figure(table: Any, words: Any, groups: Any, *, k: int = 6) -> Any:
    """For each column (unit), the ``k`` words with the largest and smallest values.

    Bars are coloured by group (see :data:`GROUP_COLOURS`), so one can see at
    a glance whether a unit's strongest words share a category.

    Parameters
    ----------
    table : array-like, shape (V, d)
    words, groups : sequence of str
        One word and one group per row.
    k : int, default 6
        Words from each end, 1 .. V // 2.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = top_tokens_figure([[1.0], [-1.0], [0.0]], ["good", "bad", "the"],
    ...                         ["positive", "negative", "neutral"], k=1)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['good', 'bad']
    >>> plt.close(fig)
    """
    arr = _check_table(table)
    V, d = arr.shape
    names = _check_words(words, V)
    kinds = _check_groups(groups, V)
    if not _is_int(k):
        raise TypeError(f"k must be an integer, got {k!r}")
    if not 1 <= k <= V // 2:
        raise ValueError(f"k must be in 1..{V // 2} (half of the table's {V} rows), got {k}")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    fig, axes = plt.subplots(1, d, figsize=(2.6 * d + 1.6, 0.36 * 2 * k + 1.5), squeeze=False)
    shown: dict[str, None] = {}
    for j, ax in enumerate(axes[0]):
        top, bottom = top_tokens(arr, names, j, k)
        chosen = top + bottom[::-1]
        rows = [names.index(w) for w in chosen]
        shown.update(dict.fromkeys(kinds[r] for r in rows))
        values = arr[rows, j]
        ax.barh(np.arange(len(rows)), values, color=[GROUP_COLOURS[kinds[r]] for r in rows])
        ax.set_yticks(np.arange(len(rows)))
        ax.set_yticklabels(chosen)
        ax.invert_yaxis()
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_xlabel(f"E[i, {j}] = unit {j}'s output")
        ax.set_title(f"unit {j}: top and bottom {k}")
    axes[0][0].set_ylabel("word")
    handles = [Patch(color=GROUP_COLOURS[g], label=g) for g in shown]
    axes[0][-1].legend(handles=handles, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    return fig


def projection_figure(tables: dict[str, Any], words: Any, groups: Any, *,
                      label: Any = None) -> Any:
    """Tables side by side, each projected on its first two principal axes.

    Each panel shows the rows of one table at the coordinates of
    :func:`project_2d`, coloured by group, so that one can see which words
    a table places together. Both coordinates of a panel are divided by the
    same number, its largest absolute coordinate: the panels of tables of
    different sizes become comparable, and within a panel a direction with
    little variance stays small. Word labels are placed so that they do not
    overlap, and the figure is 6.9 inches wide, with one legend below.

    Parameters
    ----------
    tables : dict of str to array-like
        Title -> table; all with the same number of rows (columns may differ).
    words, groups : sequence of str
        One word and one group (a key of :data:`GROUP_COLOURS`) per row.
    label : sequence of bool, optional
        Which rows get their word written (default: none).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> rng = np.random.default_rng(0)
    >>> fig = projection_figure({"a": rng.normal(size=(4, 3)), "b": rng.normal(size=(4, 5))},
    ...                         list("wxyz"), ["animal", "animal", "food", "food"])
    >>> [ax.get_title() for ax in fig.axes]
    ['a', 'b']
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    arrays = _check_titled_tables(tables)
    V = next(iter(arrays.values())).shape[0]
    show = np.zeros(V, dtype=bool) if label is None else np.asarray(label, dtype=bool)
    n = len(arrays)
    fig, axes = plt.subplots(1, n, figsize=(6.9, 3.8), squeeze=False)
    # fixed margins: the labels are placed for this layout, so no tight_layout later
    fig.subplots_adjust(left=0.1, right=0.98, bottom=0.25, top=0.92, wspace=0.3)
    for i, (ax, (title, arr)) in enumerate(zip(axes[0], arrays.items())):
        xy = project_2d(arr)
        scale = float(np.abs(xy).max()) or 1.0
        table_scatter(xy / scale, words, groups, ax=ax, label=show, limits=1.15,
                      title=title, xlabel="principal axis 1",
                      ylabel="principal axis 2" if i == 0 else "", avoid_overlap=True)
        handles, names = ax.get_legend_handles_labels()
        ax.get_legend().remove()
    fig.legend(handles, names, loc="lower center", ncol=min(len(names), 6), frameon=False,
               handletextpad=0.2, columnspacing=1.0)
    return fig
