"""Where a token stands: position vectors added to the looked-up rows.

A Transformer reads ``E[X] + P``: the token vectors of shape ``(B, T, d)``
plus one vector per position ``t = 0 .. T-1``, the same for every sequence of
the batch. Two ways to make ``P``:

:func:`sinusoidal_positions`
    The fixed encoding of Vaswani et al. (2017): sines and cosines of the
    position at geometrically spaced frequencies, for any ``T``.
:class:`PositionalEmbedding`
    A layer that adds ``P[:T]`` to its input: a **learned** table of
    ``max_len`` rows (as in GPT-2), trained like the token table, or the
    **sinusoidal** encoding, which has nothing to train.

Positions are added, not concatenated: both tables have ``d`` columns, so
the next layer's linear maps see one vector per position.

Examples
--------
>>> P = sinusoidal_positions(4, 6)
>>> P.shape, P[0].tolist()          # position 0: sin(0) = 0, cos(0) = 1
((4, 6), [0.0, 1.0, 0.0, 1.0, 0.0, 1.0])
>>> layer = PositionalEmbedding(8, 6, kind="sinusoidal")
>>> Y = np.zeros((2, 4, 6))         # (B, T, d)
>>> np.array_equal(layer(Y)[1], P)  # every sequence gets the same P[:T]
True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validation import (
    check_choice,
    check_float_array,
    check_float_dtype,
    check_positive_float,
    check_positive_int,
    make_rng,
)
from .layer import Layer, Parameter

__all__ = [
    "POSITION_KINDS",
    "sinusoidal_positions",
    "PositionalEmbedding",
]

#: The kinds of position vectors :class:`PositionalEmbedding` adds.
POSITION_KINDS = ("learned", "sinusoidal")


def sinusoidal_positions(length: int, d: int, *, base: float = 10000.0) -> np.ndarray:
    """The sinusoidal position encoding of Vaswani et al. (2017).

    Row ``t`` holds, for ``i = 0 .. d/2 - 1``, ``sin(t / base**(2i/d))`` in
    column ``2i`` and ``cos(t / base**(2i/d))`` in column ``2i + 1``: column
    pairs turn at frequencies from 1 radian per position down to about
    ``1/base``. Every row has length ``sqrt(d/2)``.

    Parameters
    ----------
    length : int
        Number of positions ``T``, >= 1.
    d : int
        Vector length, even and >= 2 (each frequency fills a sine and a
        cosine column).
    base : float, default 10000.0
        The wavelength scale, > 0; 10,000 in the paper.

    Returns
    -------
    numpy.ndarray of float64
        Shape ``(length, d)``.

    Raises
    ------
    ValueError
        If ``length`` or ``d`` is not a positive integer, ``d`` is odd, or
        ``base`` is not positive.

    Examples
    --------
    >>> P = sinusoidal_positions(3, 4)
    >>> np.round(P, 3).tolist()
    [[0.0, 1.0, 0.0, 1.0], [0.841, 0.54, 0.01, 1.0], [0.909, -0.416, 0.02, 1.0]]
    >>> np.allclose(np.linalg.norm(P, axis=1), np.sqrt(2))   # sqrt(d / 2)
    True
    >>> sinusoidal_positions(3, 5)
    Traceback (most recent call last):
    ...
    ValueError: d must be even (a sine and a cosine column per frequency), got 5
    """
    length = check_positive_int(length, "length")
    d = check_positive_int(d, "d")
    if d % 2:
        raise ValueError(f"d must be even (a sine and a cosine column per frequency), got {d}")
    base = check_positive_float(base, "base")
    t = np.arange(length, dtype=np.float64)[:, None]
    freq = base ** (-np.arange(0, d, 2, dtype=np.float64) / d)   # (d/2,)
    out = np.empty((length, d), dtype=np.float64)
    out[:, 0::2] = np.sin(t * freq)
    out[:, 1::2] = np.cos(t * freq)
    return out


class PositionalEmbedding(Layer):
    """Add one vector per position to a batch of token vectors: ``Y + P[:T]``.

    Parameters
    ----------
    max_len : int
        Number of positions the table holds (GPT-2: 1,024), >= 1. A sequence
        longer than this is refused.
    d : int
        Vector length; must equal the token table's ``d``.
    kind : {"learned", "sinusoidal"}, default "learned"
        ``"learned"``: a trainable ``(max_len, d)`` table drawn from
        ``N(0, scale**2)``; ``"sinusoidal"``: :func:`sinusoidal_positions`,
        fixed (no parameters; ``d`` must be even).
    scale : float, default 0.02
        Standard deviation of the learned table's initial values (GPT-2's
        initialisation), > 0.
    seed : int, numpy.random.Generator or None
        Seed of the learned table's initial values.
    dtype : float dtype, default float64

    Attributes
    ----------
    weight : numpy.ndarray
        The ``(max_len, d)`` position table ``P``.
    grad : numpy.ndarray
        Its accumulated gradient (all zeros for ``"sinusoidal"``).

    Raises
    ------
    ValueError
        For a bad size, kind or scale (and an odd ``d`` with
        ``"sinusoidal"``).

    Examples
    --------
    >>> pos = PositionalEmbedding(4, 2, seed=0)
    >>> out = pos(np.zeros((1, 3, 2)))
    >>> np.array_equal(out[0], pos.weight[:3])
    True
    >>> pos(np.zeros((1, 5, 2)))
    Traceback (most recent call last):
    ...
    ValueError: the input has T=5 positions, but the position table holds 4 (positions 0..3); build it with max_len >= 5
    """

    def __init__(self, max_len: int, d: int, *, kind: str = "learned", scale: float = 0.02,
                 seed: Any = None, dtype: Any = np.float64) -> None:
        self.max_len = check_positive_int(max_len, "max_len")
        self.d = check_positive_int(d, "d")
        self.kind = check_choice(kind, "kind", POSITION_KINDS)
        scale = check_positive_float(scale, "scale")
        self._dtype = check_float_dtype(dtype, "dtype")
        if self.kind == "sinusoidal":
            self.weight = sinusoidal_positions(self.max_len, self.d).astype(self._dtype)
        else:
            rng = make_rng(seed, "seed")
            self.weight = rng.normal(scale=scale, size=(self.max_len, self.d)).astype(self._dtype)
        self.grad = np.zeros_like(self.weight)
        self._trainable = self.kind == "learned"
        self._length: int | None = None

    def _all_parameters(self) -> list[Parameter]:
        return [("weight", self.weight, self.grad)] if self.kind == "learned" else []

    def forward(self, Y: Any) -> np.ndarray:
        """Return ``Y + P[:T]`` for token vectors ``Y`` of shape ``(..., T, d)``.

        Raises
        ------
        TypeError
            If ``Y`` is not floating-point.
        ValueError
            If ``Y`` has fewer than 2 axes, its last axis is not ``d``, or
            ``T > max_len``.
        """
        Y = check_float_array(Y, "Y")
        if Y.ndim < 2 or Y.shape[-1] != self.d:
            raise ValueError(
                f"Y must have shape (..., T, d) with d={self.d}, got shape {Y.shape}"
            )
        T = Y.shape[-2]
        if T > self.max_len:
            raise ValueError(
                f"the input has T={T} positions, but the position table holds {self.max_len} "
                f"(positions 0..{self.max_len - 1}); build it with max_len >= {T}"
            )
        self._length = T
        return Y + self.weight[:T]

    __call__ = forward

    def backward(self, grad_out: Any) -> np.ndarray:
        """Accumulate the table's gradient; return the gradient for ``Y``.

        Row ``t`` of a learned table receives ``grad_out[..., t, :]`` summed
        over the batch; since ``Y`` enters the sum unchanged, its gradient is
        ``grad_out`` itself.

        Raises
        ------
        RuntimeError
            If :meth:`forward` has not been called.
        ValueError
            If ``grad_out`` does not have the shape of the last output.
        """
        if self._length is None:
            raise RuntimeError("call forward before backward")
        g = check_float_array(grad_out, "grad_out")
        if g.ndim < 2 or g.shape[-2:] != (self._length, self.d):
            raise ValueError(
                f"grad_out must have shape (..., {self._length}, {self.d}) like the last "
                f"output, got {g.shape}"
            )
        if self._trainable and self.kind == "learned":
            self.grad[:self._length] += g.reshape(-1, self._length, self.d).sum(axis=0)
        return g
