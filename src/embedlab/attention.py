"""One self-attention layer in NumPy: the first reader of ``E[X] + P`` in a Transformer.

For vectors ``H`` of shape ``(B, T, d)`` (token plus position vectors), one
attention head computes queries ``Q = H W_q``, keys ``K = H W_k`` and values
``V = H W_v`` (each ``(B, T, d_k)``), the scores ``S = Q K^T / sqrt(d_k)``
of shape ``(B, T, T)``, the weights ``A = softmax(S)`` along the last axis
(row ``t`` says how much position ``t`` reads from each position), and the
output ``A V W_o`` of shape ``(B, T, d)`` (Vaswani et al., 2017). A
**causal mask** lets position ``t`` read positions ``0 .. t`` only.

:func:`causal_mask` and :func:`scaled_dot_product_attention` compute the
parts; :class:`SelfAttention` is the layer, with its backward pass.

Examples
--------
>>> rng = np.random.default_rng(0)
>>> layer = SelfAttention(4, 2, seed=0)
>>> H = rng.normal(size=(1, 3, 4))          # (B, T, d)
>>> layer(H).shape, layer.weights.shape     # output and attention weights
((1, 3, 4), (1, 3, 3))
>>> np.allclose(layer.weights.sum(axis=-1), 1.0)   # each row is a distribution
True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validation import (
    check_bool,
    check_float_array,
    check_float_dtype,
    check_positive_int,
    make_rng,
)
from .layer import Layer, Parameter

__all__ = [
    "causal_mask",
    "scaled_dot_product_attention",
    "SelfAttention",
]


def causal_mask(length: int) -> np.ndarray:
    """Which positions each position may read: ``mask[t, s]`` is True when ``s <= t``.

    Parameters
    ----------
    length : int
        Sequence length ``T``, >= 1.

    Returns
    -------
    numpy.ndarray of bool
        Shape ``(T, T)``, lower triangular.

    Examples
    --------
    >>> causal_mask(3).astype(int).tolist()
    [[1, 0, 0], [1, 1, 0], [1, 1, 1]]
    >>> causal_mask(0)
    Traceback (most recent call last):
    ...
    ValueError: length must be a positive integer (>= 1), got 0
    """
    length = check_positive_int(length, "length")
    return np.tril(np.ones((length, length), dtype=bool))


def _check_mask(mask: Any, T: int, S: int) -> np.ndarray:
    m = np.asarray(mask)
    if m.dtype != bool:
        raise TypeError(f"mask must be boolean (True = may attend), got dtype {m.dtype}")
    try:
        full = np.broadcast_to(m, np.broadcast_shapes(m.shape, (T, S)))
    except ValueError:
        raise ValueError(
            f"mask of shape {m.shape} does not broadcast to the scores' last two axes (T, S) = "
            f"({T}, {S})"
        ) from None
    if full.shape[-2:] != (T, S):
        raise ValueError(f"mask of shape {m.shape} does not broadcast to (T, S) = ({T}, {S})")
    if not np.all(full.any(axis=-1)):
        raise ValueError("mask leaves a query with no position to attend to (a row of all False)")
    return m


def scaled_dot_product_attention(Q: Any, K: Any, V: Any, *, mask: Any = None,
                                 causal: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """``softmax(Q K^T / sqrt(d_k)) V``, and the attention weights.

    Parameters
    ----------
    Q : array of float, shape ``(..., T, d_k)``
        Queries, one per position that reads.
    K : array of float, shape ``(..., S, d_k)``
        Keys, one per position that is read.
    V : array of float, shape ``(..., S, d_v)``
        Values, one per position that is read.
    mask : array of bool, optional
        Broadcasts to ``(..., T, S)``; True where a query may attend to a
        key. Masked scores become ``-inf`` before the softmax, so they get
        weight exactly 0.
    causal : bool, default False
        Also apply :func:`causal_mask` (needs ``T == S``).

    Returns
    -------
    out : numpy.ndarray
        Shape ``(..., T, d_v)``.
    weights : numpy.ndarray
        Shape ``(..., T, S)``; each row sums to 1.

    Raises
    ------
    TypeError
        If an input is not floating-point or ``mask`` not boolean.
    ValueError
        If the shapes do not match (``d_k`` of ``Q`` and ``K``, ``S`` of
        ``K`` and ``V``, ``T == S`` for ``causal``), or a query may attend to
        nothing.

    Examples
    --------
    Two keys; the query points along the first, so it reads mostly its value:

    >>> Q = np.array([[4.0, 0.0]]); K = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> V = np.array([[10.0], [20.0]])
    >>> out, w = scaled_dot_product_attention(Q, K, V)
    >>> np.round(w, 3).tolist(), np.round(out, 2).tolist()
    ([[0.944, 0.056]], [[10.56]])
    >>> scaled_dot_product_attention(Q, K, V[:1])
    Traceback (most recent call last):
    ...
    ValueError: K and V must have the same number of positions S (axis -2), got 2 and 1
    """
    Q, K, V = (check_float_array(a, n) for a, n in ((Q, "Q"), (K, "K"), (V, "V")))
    for a, n in ((Q, "Q"), (K, "K"), (V, "V")):
        if a.ndim < 2 or 0 in a.shape:
            raise ValueError(f"{n} must be a non-empty array of shape (..., positions, features), "
                             f"got {a.shape}")
    if Q.shape[-1] != K.shape[-1]:
        raise ValueError(f"Q and K must have the same d_k (last axis), got {Q.shape[-1]} and "
                         f"{K.shape[-1]}")
    if K.shape[-2] != V.shape[-2]:
        raise ValueError(f"K and V must have the same number of positions S (axis -2), got "
                         f"{K.shape[-2]} and {V.shape[-2]}")
    T, S = Q.shape[-2], K.shape[-2]
    allowed = None if mask is None else _check_mask(mask, T, S)
    if check_bool(causal, "causal"):
        if T != S:
            raise ValueError(f"causal=True needs as many queries as keys, got T={T} and S={S}")
        allowed = causal_mask(T) if allowed is None else allowed & causal_mask(T)
        _check_mask(allowed, T, S)
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    if allowed is not None:
        scores = np.where(allowed, scores, -np.inf)
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights /= weights.sum(axis=-1, keepdims=True)
    return weights @ V, weights


class SelfAttention(Layer):
    """One self-attention head with an output map: ``H -> softmax(QK^T/sqrt(d_k)) V W_o``.

    Parameters
    ----------
    d : int
        Length of the input (and output) vectors, >= 1.
    d_k : int
        Length of queries, keys and values, >= 1.
    causal : bool, default False
        Let position ``t`` read positions ``0 .. t`` only.
    seed : int, numpy.random.Generator or None
        Seed of the initial weights, drawn from ``N(0, 1/d)`` (``N(0, 1/d_k)``
        for ``W_o``).
    dtype : float dtype, default float64

    Attributes
    ----------
    W_q, W_k, W_v : numpy.ndarray
        Shape ``(d, d_k)`` each.
    W_o : numpy.ndarray
        Shape ``(d_k, d)``.
    weights : numpy.ndarray or None
        The attention weights of the last forward pass, ``(..., T, T)``.

    Examples
    --------
    Without a mask, permuting the positions permutes the outputs:

    >>> layer = SelfAttention(3, 2, seed=1)
    >>> H = np.random.default_rng(2).normal(size=(1, 4, 3))
    >>> order = [2, 0, 3, 1]
    >>> np.allclose(layer(H[:, order]), layer(H)[:, order])
    True
    >>> layer(np.ones((1, 4, 5)))
    Traceback (most recent call last):
    ...
    ValueError: H must have shape (..., T, d) with d=3, got shape (1, 4, 5)
    """

    def __init__(self, d: int, d_k: int, *, causal: bool = False, seed: Any = None,
                 dtype: Any = np.float64) -> None:
        self.d = check_positive_int(d, "d")
        self.d_k = check_positive_int(d_k, "d_k")
        self.causal = check_bool(causal, "causal")
        dtype = check_float_dtype(dtype, "dtype")
        rng = make_rng(seed, "seed")
        for name in ("W_q", "W_k", "W_v"):
            setattr(self, name, (rng.normal(size=(d, d_k)) / np.sqrt(d)).astype(dtype))
        self.W_o = (rng.normal(size=(d_k, d)) / np.sqrt(d_k)).astype(dtype)
        self.grads = {name: np.zeros_like(getattr(self, name)) for name in ("W_q", "W_k", "W_v", "W_o")}
        self.weights: np.ndarray | None = None
        self._cache: tuple[np.ndarray, ...] | None = None
        self._trainable = True

    def _all_parameters(self) -> list[Parameter]:
        return [(name, getattr(self, name), grad) for name, grad in self.grads.items()]

    def forward(self, H: Any) -> np.ndarray:
        """Attend over the positions of ``H`` (shape ``(..., T, d)``); return ``(..., T, d)``."""
        H = check_float_array(H, "H")
        if H.ndim < 2 or H.shape[-1] != self.d or H.shape[-2] == 0:
            raise ValueError(f"H must have shape (..., T, d) with d={self.d}, got shape {H.shape}")
        Q, K, V = H @ self.W_q, H @ self.W_k, H @ self.W_v
        mixed, weights = scaled_dot_product_attention(Q, K, V, causal=self.causal)
        self.weights = weights
        self._cache = (H, Q, K, V, mixed)
        return mixed @ self.W_o

    __call__ = forward

    def backward(self, grad_out: Any) -> np.ndarray:
        """Accumulate the weights' gradients; return the gradient for ``H``.

        With ``Z = A V`` (``A`` the attention weights) and ``S`` the scaled
        scores: ``dZ = dOut W_o^T``, ``dA = dZ V^T``, ``dV = A^T dZ``, the
        softmax's ``dS = A * (dA - sum(dA * A, last axis))``, then
        ``dQ = dS K / sqrt(d_k)`` and ``dK = dS^T Q / sqrt(d_k)``.

        Raises
        ------
        RuntimeError
            If :meth:`forward` has not been called.
        ValueError
            If ``grad_out`` does not have the shape of the last output.
        """
        if self._cache is None:
            raise RuntimeError("call forward before backward")
        H, Q, K, V, mixed = self._cache
        A = self.weights
        g = check_float_array(grad_out, "grad_out")
        if g.shape != H.shape:
            raise ValueError(f"grad_out must have shape {H.shape} like the last output, got {g.shape}")
        t = lambda x: np.swapaxes(x, -1, -2)  # noqa: E731 - transpose the last two axes
        flat = lambda x: x.reshape(-1, x.shape[-1])  # noqa: E731 - merge batch axes
        dZ = g @ self.W_o.T
        dA = dZ @ t(V)
        dV = t(A) @ dZ
        dS = A * (dA - np.sum(dA * A, axis=-1, keepdims=True))
        dQ = dS @ K / np.sqrt(self.d_k)
        dK = t(dS) @ Q / np.sqrt(self.d_k)
        if self._trainable:
            self.grads["W_o"] += flat(mixed).T @ flat(g)
            self.grads["W_q"] += flat(H).T @ flat(dQ)
            self.grads["W_k"] += flat(H).T @ flat(dK)
            self.grads["W_v"] += flat(H).T @ flat(dV)
        return dQ @ self.W_q.T + dK @ self.W_k.T + dV @ self.W_v.T
