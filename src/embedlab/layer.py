"""The base class of every trainable layer in :mod:`embedlab`.

A layer keeps what ``forward`` computed that ``backward`` needs, adds its
gradients into ``grad`` arrays until :meth:`Layer.zero_grad` is called, and
lists its trainable arrays through :meth:`Layer.parameters` for the
optimisers in :mod:`embedlab.optim`. :class:`~embedlab.embedding.Embedding`,
:class:`~embedlab.dense.Dense` and :class:`~embedlab.lstm.LSTM` share it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validation import check_bool

__all__ = [
    "Layer",
    "Parameter",
]


Parameter = tuple[str, np.ndarray, np.ndarray]


class Layer:
    """The part every embedlab layer shares: the ``trainable`` switch, the
    list of parameters the optimisers see, and resetting the gradients.

    A subclass stores ``self._trainable`` and implements
    ``_all_parameters()``, listing ``(name, value, grad)`` for every live
    array it trains.

    Examples
    --------
    >>> from embedlab import Dense, Embedding
    >>> emb = Embedding(3, 2)
    >>> [(name, w is emb.weight) for name, w, g in emb.parameters()]
    [('weight', True)]
    >>> emb.trainable = False
    >>> emb.parameters()
    []
    >>> [name for name, _, _ in Dense(2, 3, bias=False).parameters()]
    ['weight']
    """

    _trainable: bool

    @property
    def trainable(self) -> bool:
        """Whether the layer collects gradients and is seen by optimisers."""
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        self._trainable = check_bool(value, "trainable")

    def _all_parameters(self) -> list[Parameter]:
        raise NotImplementedError

    def parameters(self) -> list[Parameter]:
        """List ``(name, value, grad)`` for the optimisers.

        The arrays are the live ones, so an optimiser updates the layer in
        place. A frozen layer (``trainable=False``) returns an empty list.
        """
        return self._all_parameters() if self._trainable else []

    def zero_grad(self) -> None:
        """Reset the accumulated gradients to zero, in place."""
        for _, _, grad in self._all_parameters():
            grad.fill(0)


def _matrix_initializer(
    init: Any, shape: tuple[int, int], dtype: np.dtype, name: str
) -> np.ndarray:
    """Validate an explicit initial matrix and return a private copy."""
    arr = np.asarray(init)
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be a name or a numeric array, got dtype {arr.dtype}")
    if arr.shape != shape:
        raise ValueError(
            f"{name} has shape {arr.shape}, but the layer needs shape {shape}"
        )
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
        raise ValueError(f"{name} contains {arr[bad]} at position {bad}; values must be finite")
    return np.array(arr, dtype=dtype, copy=True, order="C")
