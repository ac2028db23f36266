"""Gradient-descent optimisers that update layers in place.

A layer exposes its trainable arrays through ``parameters()``, a list of
``(name, value, grad)`` tuples that refer to the layer's live arrays. An
optimiser reads ``grad`` and writes ``value`` in place, so ``emb.weight`` is
still the same array object after ``step()``.

Which embedding rows move?
--------------------------
The gradient of an embedding table is zero in every row that the batch did
not look up. With plain :class:`SGD` (no momentum) such rows are therefore
left exactly as they are. :class:`Adam` is different: its first-moment
estimate remembers past gradients, so a row looked up once keeps drifting
for many later steps even when its current gradient is zero, whereas a row
that has never been looked up has zero moments and stays put. (PyTorch's
``SparseAdam`` and lazy Adam variants update only the rows of the current
batch, precisely to avoid this.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from ._validation import check_positive_float, check_unit_interval

__all__ = ["SGD", "Adam"]


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

    Without momentum the update is ``w -= lr * g``. With momentum ``m`` a
    velocity is kept per parameter, ``v = m * v + g`` and ``w -= lr * v``
    (PyTorch's formulation).

    Parameters
    ----------
    layers : layer or list of layers
        Objects with ``parameters()`` and ``zero_grad()`` methods.
    lr : float, default 0.1
        Learning rate, > 0.
    momentum : float, default 0.0
        Momentum coefficient in [0, 1).

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
            v = state["velocity"]
            v *= mom
            v += grad
            value -= lr * v

    def __repr__(self) -> str:
        return f"SGD(lr={self.lr}, momentum={self.momentum}, layers={len(self.layers)})"


class Adam(_Optimizer):
    """Adam: per-coordinate step sizes from running moments of the gradient.

    With ``t`` the step count, ``m = b1*m + (1-b1)*g``,
    ``v = b2*v + (1-b2)*g**2``, and
    ``w -= lr * (m / (1-b1**t)) / (sqrt(v / (1-b2**t)) + eps)``.

    Parameters
    ----------
    layers : layer or list of layers
        Objects with ``parameters()`` and ``zero_grad()`` methods.
    lr : float, default 1e-3
        Learning rate, > 0.
    betas : tuple of two floats, default (0.9, 0.999)
        Decay rates of the moment estimates, each in [0, 1).
    eps : float, default 1e-8
        Added to the denominator, > 0.

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
            m, v = state["m"], state["v"]
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
