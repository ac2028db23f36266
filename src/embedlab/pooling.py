"""Masked mean pooling: one vector per sequence from the vectors of its tokens.

:class:`MaskedMeanPool` averages ``Y`` of shape ``(B, T, d)`` over the real
(unmasked) positions of each row, so padding does not dilute the mean, and
sends each position an equal share of the gradient in ``backward``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validation import check_float_array

__all__ = [
    "MaskedMeanPool",
]


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
