"""The training loop: minibatches, :func:`fit`, :func:`evaluate`, and a gradient check.

Models
    Any object with ``forward``, ``backward``, ``zero_grad`` and ``layers``,
    such as :class:`~embedlab.classifiers.MeanPoolClassifier`,
    :class:`~embedlab.classifiers.LSTMClassifier` or
    :class:`~embedlab.skipgram.SkipGram`.
Training
    :func:`fit` runs seeded minibatch training and returns a :class:`History`;
    :func:`evaluate` measures loss and accuracy; :class:`ProgressLine`
    prints one short line per epoch (the only printing in :mod:`embedlab`).
Checking
    :func:`numerical_gradient` computes central finite differences.

Examples
--------
>>> from embedlab.classifiers import MeanPoolClassifier
>>> from embedlab.optim import Adam
>>> X = np.array([[1, 2], [3, 4]]); y = np.array([0, 1])
>>> model = MeanPoolClassifier(5, 2, 2, seed=0)
>>> history = fit(model, X, y, optimizer=Adam(model.layers, lr=0.1), epochs=20,
...               batch_size=2, seed=0)
>>> history.train_acc[-1], history.train_loss[-1] < history.train_loss[0]
(1.0, True)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from ._validation import (
    check_class_ids,
    check_positive_float,
    check_positive_int,
    make_rng,
)
from .losses import softmax_cross_entropy

__all__ = [
    "minibatches",
    "History",
    "ProgressLine",
    "evaluate",
    "fit",
    "numerical_gradient",
]


class _Model(Protocol):
    layers: list[Any]

    def forward(self, X: Any) -> np.ndarray: ...

    def backward(self, grad_logits: np.ndarray) -> None: ...


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
    >>> from embedlab.classifiers import MeanPoolClassifier
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
        loss, _ = softmax_cross_entropy(logits, check_class_ids(yb, len(xb), logits.shape[1], "y"))
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

    >>> from embedlab.classifiers import MeanPoolClassifier
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
    eps = check_positive_float(eps, "eps")
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
