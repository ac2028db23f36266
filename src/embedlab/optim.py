"""Gradient-descent optimisers that update layers in place.

A layer exposes its trainable arrays through ``parameters()``, a list of
``(name, value, grad)`` tuples that refer to the layer's live arrays. An
optimiser reads ``grad`` and writes ``value`` in place, so ``emb.weight`` is
still the same array object after ``step()``.

Which embedding rows move?
--------------------------
The gradient of an embedding table is zero in every row that the batch did
not look up. What the optimiser does with that zero depends on what it
remembers:

* plain :class:`SGD` applies the current gradient only, so such rows stay
  exactly as they are;
* :class:`RMSprop` without momentum and :class:`Adagrad` remember only the
  size of past gradients, in the denominator; the numerator is the current
  gradient, so a row whose gradient is zero does not move either;
* :class:`SGD` with momentum, :class:`RMSprop` with momentum and
  :class:`Adam` carry the gradient itself forward, so a row looked up once
  keeps drifting for many later steps even when its current gradient is
  zero. A row that has never been looked up has zero memory and stays put.

(PyTorch's ``SparseAdam`` and lazy Adam variants update only the rows of the
current batch, precisely to avoid the drift.)

Notation
--------
The formulas below use the book's letters (see its notation page): a
parameter w, its gradient g, the learning rate η (``lr``); the momentum
coefficient μ (``momentum``) and momentum buffer, or velocity, s; RMSprop's
running average a of squared gradients and its decay rate ρ (``alpha``);
Adam's running averages m of the gradient and a of its square, with decay
rates β1 and β2 (``betas``); ε (``eps``) keeps a division finite. The
Python parameter names stay those of PyTorch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from ._validation import check_positive_float, check_unit_interval

__all__ = ["SGD", "Adam", "RMSprop", "Adagrad"]


class _HasParameters(Protocol):
    def parameters(self) -> list[tuple[str, np.ndarray, np.ndarray]]: ...

    def zero_grad(self) -> None: ...


def _check_layers(layers: Any) -> list[Any]:
    items = list(layers) if isinstance(layers, (list, tuple)) else [layers]
    if not items:
        raise ValueError("layers must contain at least one layer, got an empty list")
    for i, layer in enumerate(items):
        if not (callable(getattr(layer, "parameters", None))
                and callable(getattr(layer, "zero_grad", None))):
            raise TypeError(
                f"layers[{i}] must be a layer with parameters() and zero_grad() "
                f"methods, got {type(layer).__name__}: {layer!r}"
            )
    return items


class _Optimizer:
    """Shared plumbing: hold the layers, iterate over their parameters."""

    def __init__(self, layers: Any, lr: float) -> None:
        self.layers: list[_HasParameters] = _check_layers(layers)
        self.lr = check_positive_float(lr, "lr")
        self._state: dict[tuple[int, str], dict[str, np.ndarray]] = {}

    def _params(self) -> Sequence[tuple[tuple[int, str], np.ndarray, np.ndarray]]:
        # Asked afresh at each step, so freezing a layer later is respected.
        return [
            ((i, name), value, grad)
            for i, layer in enumerate(self.layers)
            for name, value, grad in layer.parameters()
        ]

    def zero_grad(self) -> None:
        """Call ``zero_grad()`` on every layer."""
        for layer in self.layers:
            layer.zero_grad()


class SGD(_Optimizer):
    """Stochastic gradient descent, optionally with momentum.

    Without momentum the update is w ← w − η g. With momentum coefficient μ
    a velocity s is kept per parameter, s ← μ s + g and w ← w − η s
    (PyTorch's formulation).

    Parameters
    ----------
    layers : layer or list of layers
        Objects with ``parameters()`` and ``zero_grad()`` methods.
    lr : float, default 0.1
        Learning rate η, > 0.
    momentum : float, default 0.0
        Momentum coefficient μ, in [0, 1).

    Raises
    ------
    ValueError
        If ``lr`` <= 0, ``momentum`` is outside [0, 1), or ``layers`` is empty.
    TypeError
        If an item of ``layers`` is not a layer.

    Examples
    --------
    Rows that were not looked up have zero gradient, so plain SGD leaves
    them exactly where they were:

    >>> from embedlab.embedding import Embedding
    >>> emb = Embedding(4, 2, seed=0)
    >>> before = emb.weight.copy()
    >>> opt = SGD(emb, lr=0.5)
    >>> _ = emb([1, 1])
    >>> emb.backward(np.ones((2, 2), dtype=np.float32))
    >>> opt.step()
    >>> changed = np.any(emb.weight != before, axis=1)
    >>> changed.tolist()
    [False, True, False, False]
    """

    def __init__(self, layers: Any, lr: float = 0.1, momentum: float = 0.0) -> None:
        super().__init__(layers, lr)
        self.momentum = check_unit_interval(momentum, "momentum")

    def step(self) -> None:
        """Update every parameter in place from its current gradient."""
        lr, mom = self.lr, self.momentum
        for key, value, grad in self._params():
            if mom == 0.0:
                value -= lr * grad
                continue
            state = self._state.get(key)
            if state is None:
                state = self._state[key] = {"velocity": np.zeros_like(value)}
            v = state["velocity"]                 # s in the docstring
            v *= mom
            v += grad
            value -= lr * v

    def __repr__(self) -> str:
        return f"SGD(lr={self.lr}, momentum={self.momentum}, layers={len(self.layers)})"


class Adam(_Optimizer):
    """Adam: per-coordinate step sizes from running moments of the gradient.

    With t the step count, m ← β1 m + (1 − β1) g, a ← β2 a + (1 − β2) g²,
    and w ← w − η (m / (1 − β1^t)) / (√(a / (1 − β2^t)) + ε): both running
    averages are corrected for starting at zero.

    Parameters
    ----------
    layers : layer or list of layers
        Objects with ``parameters()`` and ``zero_grad()`` methods.
    lr : float, default 1e-3
        Learning rate η, > 0.
    betas : tuple of two floats, default (0.9, 0.999)
        Decay rates β1 and β2 of the running averages m and a, each in [0, 1).
    eps : float, default 1e-8
        ε, added to the denominator, > 0.

    Raises
    ------
    ValueError
        If ``lr`` or ``eps`` <= 0, a beta is outside [0, 1), ``betas`` does
        not have two entries, or ``layers`` is empty.
    TypeError
        If an item of ``layers`` is not a layer.

    Examples
    --------
    Row 1 is looked up at the first step only, yet it keeps moving at the
    second step; row 3 is never looked up and never moves:

    >>> from embedlab.embedding import Embedding
    >>> emb = Embedding(4, 2, seed=0)
    >>> opt = Adam(emb, lr=0.01)
    >>> _ = emb([1, 2])
    >>> emb.backward(np.ones((2, 2), dtype=np.float32))
    >>> opt.step(); opt.zero_grad()
    >>> after_step_1 = emb.weight.copy()
    >>> _ = emb([2])
    >>> emb.backward(np.ones((1, 2), dtype=np.float32))
    >>> opt.step()
    >>> np.any(emb.weight != after_step_1, axis=1).tolist()
    [False, True, True, False]
    """

    def __init__(
        self,
        layers: Any,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
    ) -> None:
        super().__init__(layers, lr)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}")
        self.betas = (
            check_unit_interval(betas[0], "betas[0]"),
            check_unit_interval(betas[1], "betas[1]"),
        )
        self.eps = check_positive_float(eps, "eps")
        self.t = 0

    def step(self) -> None:
        """Update every parameter in place (one Adam step)."""
        self.t += 1
        b1, b2 = self.betas
        correction1 = 1.0 - b1**self.t
        correction2 = 1.0 - b2**self.t
        for key, value, grad in self._params():
            state = self._state.get(key)
            if state is None:
                state = self._state[key] = {"m": np.zeros_like(value), "v": np.zeros_like(value)}
            m, v = state["m"], state["v"]         # m and a in the docstring
            m *= b1
            m += (1.0 - b1) * grad
            v *= b2
            v += (1.0 - b2) * grad * grad
            denom = np.sqrt(v / correction2)
            denom += self.eps
            value -= (self.lr / correction1) * m / denom

    def __repr__(self) -> str:
        return (
            f"Adam(lr={self.lr}, betas={self.betas}, eps={self.eps}, "
            f"layers={len(self.layers)})"
        )


class RMSprop(_Optimizer):
    """RMSprop: divide the gradient by a running root mean square of its past values.

    With PyTorch's formulation, per coordinate, a ← ρ a + (1 − ρ) g² (ρ is
    ``alpha``) and, without momentum, w ← w − η g / (√a + ε). With momentum
    coefficient μ a buffer is kept, s ← μ s + g / (√a + ε), and w ← w − η s.

    Without momentum the step is proportional to the *current* gradient, so a
    coordinate whose gradient is zero does not move, however large its
    history. Keras calls ``alpha`` ``rho`` (default 0.9) and puts ``eps``
    inside the square root; both frameworks default to no momentum.

    Parameters
    ----------
    layers : layer or list of layers
        Objects with ``parameters()`` and ``zero_grad()`` methods.
    lr : float, default 0.01
        Learning rate η, > 0.
    alpha : float, default 0.99
        Decay rate ρ of the running average a of squared gradients, in [0, 1).
    eps : float, default 1e-8
        ε, added to the denominator, > 0.
    momentum : float, default 0.0
        Momentum coefficient μ, in [0, 1).

    Raises
    ------
    ValueError
        If ``lr`` or ``eps`` <= 0, ``alpha`` or ``momentum`` is outside
        [0, 1), or ``layers`` is empty.
    TypeError
        If an item of ``layers`` is not a layer.

    Examples
    --------
    Row 1 is looked up at the first step only. Without momentum it does not
    move at the second step; with momentum it does:

    >>> from embedlab.embedding import Embedding
    >>> def moved_at_step_2(momentum):
    ...     emb = Embedding(4, 2, seed=0)
    ...     opt = RMSprop(emb, lr=0.01, momentum=momentum)
    ...     for ids in ([1, 2], [2]):
    ...         before = emb.weight.copy()
    ...         _ = emb(ids)
    ...         emb.backward(np.ones((len(ids), 2), dtype=np.float32))
    ...         opt.step(); opt.zero_grad()
    ...     return np.any(emb.weight != before, axis=1).tolist()
    >>> moved_at_step_2(0.0)
    [False, False, True, False]
    >>> moved_at_step_2(0.9)
    [False, True, True, False]
    """

    def __init__(self, layers: Any, lr: float = 0.01, alpha: float = 0.99,
                 eps: float = 1e-8, momentum: float = 0.0) -> None:
        super().__init__(layers, lr)
        self.alpha = check_unit_interval(alpha, "alpha")
        self.eps = check_positive_float(eps, "eps")
        self.momentum = check_unit_interval(momentum, "momentum")

    def step(self) -> None:
        """Update every parameter in place (one RMSprop step)."""
        alpha, mom = self.alpha, self.momentum
        for key, value, grad in self._params():
            state = self._state.get(key)
            if state is None:
                state = self._state[key] = {"square_avg": np.zeros_like(value)}
                if mom > 0.0:
                    state["buffer"] = np.zeros_like(value)
            a = state["square_avg"]
            a *= alpha
            a += (1.0 - alpha) * grad * grad
            denom = np.sqrt(a)
            denom += self.eps
            if mom > 0.0:
                b = state["buffer"]               # s in the docstring
                b *= mom
                b += grad / denom
                value -= self.lr * b
            else:
                value -= self.lr * grad / denom

    def __repr__(self) -> str:
        return (
            f"RMSprop(lr={self.lr}, alpha={self.alpha}, eps={self.eps}, "
            f"momentum={self.momentum}, layers={len(self.layers)})"
        )


class Adagrad(_Optimizer):
    """Adagrad: divide the gradient by the root of the sum of its past squares.

    Per coordinate, a ← a + g² and w ← w − η g / (√a + ε) (PyTorch's
    formulation, without its learning-rate decay); here a is a running sum,
    not an average. A coordinate
    whose gradient is zero does not move; one that has received large
    gradients takes ever smaller steps.

    Parameters
    ----------
    layers : layer or list of layers
        Objects with ``parameters()`` and ``zero_grad()`` methods.
    lr : float, default 0.01
        Learning rate η, > 0.
    eps : float, default 1e-10
        ε, added to the denominator, > 0.

    Raises
    ------
    ValueError
        If ``lr`` or ``eps`` <= 0, or ``layers`` is empty.
    TypeError
        If an item of ``layers`` is not a layer.

    Examples
    --------
    The same gradient twice: the second step is ``1/sqrt(2)`` of the first.

    >>> from embedlab.dense import Dense
    >>> layer = Dense(1, 1, bias=False, weight_initializer=[[0.0]], dtype=np.float64)
    >>> opt = Adagrad(layer, lr=0.1)
    >>> layer.grad_weight[:] = 3.0
    >>> opt.step(); first = -float(layer.weight[0, 0])
    >>> opt.step(); second = -float(layer.weight[0, 0]) - first
    >>> round(first, 6), round(second / first, 6)
    (0.1, 0.707107)
    """

    def __init__(self, layers: Any, lr: float = 0.01, eps: float = 1e-10) -> None:
        super().__init__(layers, lr)
        self.eps = check_positive_float(eps, "eps")

    def step(self) -> None:
        """Update every parameter in place (one Adagrad step)."""
        for key, value, grad in self._params():
            state = self._state.get(key)
            if state is None:
                state = self._state[key] = {"sum": np.zeros_like(value)}
            a = state["sum"]
            a += grad * grad
            denom = np.sqrt(a)
            denom += self.eps
            value -= self.lr * grad / denom

    def __repr__(self) -> str:
        return f"Adagrad(lr={self.lr}, eps={self.eps}, layers={len(self.layers)})"
