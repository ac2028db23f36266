"""A long short-term memory (LSTM) layer in NumPy, with masking.

An embedding layer turns a batch of ids of shape ``(B, T)`` into vectors of
shape ``(B, T, d)``. A recurrent layer reads those vectors one time step at a
time and keeps a running summary of what it has seen. :class:`LSTM` is the
classic choice (Hochreiter and Schmidhuber, 1997, with the forget gate of
Gers, Schmidhuber and Cummins, 2000).

Inputs are row vectors, as everywhere in :mod:`embedlab`. At step ``t``,
with the input ``x_t`` of shape ``(B, d)`` (for a layer after an embedding,
the vectors ``Y[:, t, :]``) and the previous hidden state ``h`` and cell
state ``c`` of shape ``(B, h)``::

    z   = x_t @ W_x + h @ W_h + b             # (B, 4h): four gate blocks
    i   = sigmoid(z[:, 0h:1h])                # input gate
    f   = sigmoid(z[:, 1h:2h])                # forget gate
    g   = tanh(z[:, 2h:3h])                   # candidate values
    o   = sigmoid(z[:, 3h:4h])                # output gate
    c_t = f * c + i * g
    h_t = o * tanh(c_t)

A boolean mask of shape ``(B, T)`` marks the real tokens. Where the mask is
``False`` (a padding position) the step is skipped: the states are carried
through unchanged, ``h_t = h`` and ``c_t = c``, and no gradient flows into
that position's input or into the weights.

References
----------
Hochreiter, S. and Schmidhuber, J. (1997). Long short-term memory. *Neural
Computation* 9(8), 1735-1780.

Gers, F. A., Schmidhuber, J. and Cummins, F. (2000). Learning to forget:
continual prediction with LSTM. *Neural Computation* 12(10), 2451-2471.

Jozefowicz, R., Zaremba, W. and Sutskever, I. (2015). An empirical
exploration of recurrent network architectures. *ICML*. (Initialising the
forget-gate bias at 1.)
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._numeric import sigmoid as _sigmoid
from ._validation import (
    check_bool,
    check_finite_real,
    check_float_array,
    check_float_dtype,
    check_positive_int,
    make_rng,
)
from .layer import Layer, Parameter

__all__ = [
    "LSTM",
]


def _orthogonal_rows(rng: np.random.Generator, rows: int, cols: int) -> np.ndarray:
    """A ``(rows, cols)`` matrix with orthonormal rows (``rows <= cols``)."""
    a = rng.standard_normal((cols, rows))
    q, r = np.linalg.qr(a)
    q = q * np.sign(np.diag(r))  # make the factorisation unique
    return q.T


class LSTM(Layer):
    """A single-layer LSTM that reads a batch of vector sequences.

    Parameters
    ----------
    input_dim : int
        Length ``d`` of each input vector (the embedding's ``output_dim``).
    hidden_dim : int
        Length ``h`` of the hidden and cell states.
    seed : int, numpy.random.Generator or None
        Source of randomness for the initial weights.
    dtype : float32 or float64, default numpy.float32
        Dtype of the weights, states and gradients. Use float64 for
        finite-difference checks.
    forget_bias : float, default 1.0
        Initial value of the forget gate's bias. A positive value makes the
        cell keep its content at the start of training (Jozefowicz et al.,
        2015); Keras' ``unit_forget_bias=True`` has the same effect.
    trainable : bool, default True
        A frozen layer accumulates no gradient and lists no parameters, but
        :meth:`backward` still returns the gradient for its input.

    Attributes
    ----------
    W_x : numpy.ndarray
        Input weights, shape ``(input_dim, 4 * hidden_dim)``, Glorot-uniform.
        Also available as ``W``, its name in :meth:`~embedlab.layer.Layer.parameters`.
    W_h : numpy.ndarray
        Recurrent weights, shape ``(hidden_dim, 4 * hidden_dim)``, with
        orthonormal rows. Also available as ``U``, its name in
        :meth:`~embedlab.layer.Layer.parameters`.
    b : numpy.ndarray
        Bias, shape ``(4 * hidden_dim,)``: zeros, except ``forget_bias`` in
        the forget-gate block.

    Notes
    -----
    The four gate blocks of ``W_x``, ``W_h`` and ``b`` are stored in the
    order input, forget, candidate, output (``i, f, g, o``).

    At a masked step the output ``outputs[:, t]`` repeats the carried hidden
    state: zeros before the first real token (the initial state), the last
    real state after it. Hence ``outputs[:, -1]`` always equals the returned
    last state.

    Examples
    --------
    >>> lstm = LSTM(4, 3, seed=0)
    >>> x = np.ones((2, 5, 4), dtype=np.float32)
    >>> outputs, last = lstm(x)
    >>> outputs.shape, last.shape
    ((2, 5, 3), (2, 3))
    >>> mask = np.array([[False, False, True, True, True],
    ...                  [True, True, True, True, True]])
    >>> outputs, last = lstm(x, mask=mask)
    >>> bool(np.all(outputs[0, :2] == 0))   # nothing read yet: the initial state
    True
    >>> lstm.backward(np.ones_like(outputs)).shape
    (2, 5, 4)
    >>> [name for name, value, grad in lstm.parameters()]
    ['W_x', 'W_h', 'b']
    """

    def __init__(
        self,
        input_dim: int,
        hidden_dim: int,
        *,
        seed: int | np.random.Generator | None = None,
        dtype: Any = np.float32,
        forget_bias: float = 1.0,
        trainable: bool = True,
    ) -> None:
        self._d = check_positive_int(input_dim, "input_dim")
        self._h = check_positive_int(hidden_dim, "hidden_dim")
        self._dtype = check_float_dtype(dtype, "dtype")
        check_finite_real(forget_bias, "forget_bias")
        self._trainable = check_bool(trainable, "trainable")
        rng = make_rng(seed, "seed")

        d, h = self._d, self._h
        limit = math.sqrt(6.0 / (d + 4 * h))
        self._W = rng.uniform(-limit, limit, size=(d, 4 * h)).astype(self._dtype)
        self._U = np.concatenate(
            [_orthogonal_rows(rng, h, h) for _ in range(4)], axis=1
        ).astype(self._dtype)
        self._b = np.zeros(4 * h, dtype=self._dtype)
        self._b[h:2 * h] = forget_bias
        self._dW = np.zeros_like(self._W)
        self._dU = np.zeros_like(self._U)
        self._db = np.zeros_like(self._b)
        self._cache: dict[str, Any] | None = None

    # ------------------------------------------------------------ properties
    @property
    def W_x(self) -> np.ndarray:  # noqa: N802 - the name used in the equations
        """Input weights, shape ``(input_dim, 4 * hidden_dim)``.

        Examples
        --------
        >>> lstm = LSTM(4, 3, seed=0)
        >>> lstm.W_x.shape
        (4, 12)
        """
        return self._W

    @property
    def W_h(self) -> np.ndarray:  # noqa: N802
        """Recurrent weights, shape ``(hidden_dim, 4 * hidden_dim)``.

        Examples
        --------
        >>> lstm = LSTM(4, 3, seed=0)
        >>> lstm.W_h.shape
        (3, 12)
        """
        return self._U

    @property
    def b(self) -> np.ndarray:
        """Bias, shape ``(4 * hidden_dim,)``."""
        return self._b

    @property
    def input_dim(self) -> int:
        """Length of each input vector."""
        return self._d

    @property
    def hidden_dim(self) -> int:
        """Length of the hidden and cell states."""
        return self._h

    @property
    def dtype(self) -> np.dtype:
        """Floating-point dtype of weights and states."""
        return self._dtype

    # ------------------------------------------------------------- checks
    def _check_inputs(self, x: Any, mask: Any) -> tuple[np.ndarray, np.ndarray | None]:
        arr = check_float_array(x, "x")
        if arr.ndim != 3:
            raise ValueError(
                f"x must have shape (batch, time, {self._d}), got an array of shape {arr.shape}"
            )
        if arr.shape[2] != self._d:
            raise ValueError(
                f"x has vectors of length {arr.shape[2]}, but the layer was built "
                f"with input_dim={self._d}"
            )
        if not np.all(np.isfinite(arr)):
            raise ValueError("x contains NaN or infinite values")
        arr = arr.astype(self._dtype, copy=False)
        if mask is None:
            return arr, None
        m = np.asarray(mask)
        if m.dtype != np.bool_:
            raise TypeError(
                f"mask must be a boolean array (True marks a real token), got dtype {m.dtype}"
            )
        if m.shape != arr.shape[:2]:
            raise ValueError(
                f"mask has shape {m.shape}, but x has (batch, time) = {arr.shape[:2]}"
            )
        return arr, m

    # --------------------------------------------------------------- compute
    def forward(self, x: Any, mask: Any = None) -> tuple[np.ndarray, np.ndarray]:
        """Run the LSTM over every time step of ``x``.

        Parameters
        ----------
        x : numpy.ndarray
            Floating-point array of shape ``(B, T, input_dim)``, e.g. the
            output of an :class:`~embedlab.embedding.Embedding`.
        mask : numpy.ndarray of bool, optional
            Shape ``(B, T)``; ``True`` marks a real token. Masked steps are
            skipped and the states carried through. ``None`` reads every step.

        Returns
        -------
        outputs : numpy.ndarray
            All hidden states, shape ``(B, T, hidden_dim)``.
        last : numpy.ndarray
            The hidden state after the last step, shape ``(B, hidden_dim)``;
            with a mask, the state after the last real token.

        Raises
        ------
        TypeError
            If ``x`` is not floating-point or ``mask`` is not boolean.
        ValueError
            If a shape does not fit, or ``x`` holds NaN or infinity.

        Examples
        --------
        >>> lstm = LSTM(2, 3, seed=1, dtype=np.float64)
        >>> x = np.arange(8.0).reshape(1, 4, 2) / 8
        >>> full, last_full = lstm(x[:, 2:])
        >>> padded, last_padded = lstm(x, mask=np.array([[False, False, True, True]]))
        >>> bool(np.allclose(last_full, last_padded))
        True
        """
        x, mask = self._check_inputs(x, mask)
        B, T, _ = x.shape
        h_dim = self._h
        h = np.zeros((B, h_dim), dtype=self._dtype)
        c = np.zeros((B, h_dim), dtype=self._dtype)
        outputs = np.empty((B, T, h_dim), dtype=self._dtype)
        steps = []
        for t in range(T):
            z = x[:, t] @ self._W + h @ self._U + self._b
            i = _sigmoid(z[:, :h_dim])
            f = _sigmoid(z[:, h_dim:2 * h_dim])
            g = np.tanh(z[:, 2 * h_dim:3 * h_dim])
            o = _sigmoid(z[:, 3 * h_dim:])
            c_new = f * c + i * g
            tanh_c = np.tanh(c_new)
            h_new = o * tanh_c
            steps.append((h, c, i, f, g, o, tanh_c))
            if mask is None:
                h, c = h_new, c_new
            else:
                keep = mask[:, t, None]
                h = np.where(keep, h_new, h)
                c = np.where(keep, c_new, c)
            outputs[:, t] = h
        self._cache = {"x": x, "mask": mask, "steps": steps}
        return outputs, h.copy()

    __call__ = forward

    def backward(self, grad_outputs: Any = None, grad_last: Any = None) -> np.ndarray:
        """Back-propagate through time; accumulate weight gradients.

        Parameters
        ----------
        grad_outputs : numpy.ndarray, optional
            Gradient of the loss with respect to ``outputs``, shape
            ``(B, T, hidden_dim)``.
        grad_last : numpy.ndarray, optional
            Gradient with respect to ``last``, shape ``(B, hidden_dim)``.
            At least one of the two must be given.

        Returns
        -------
        numpy.ndarray
            Gradient with respect to ``x``, shape ``(B, T, input_dim)``; zero
            at masked positions.

        Raises
        ------
        RuntimeError
            If :meth:`forward` has not been called yet.
        TypeError
            If a gradient is not floating-point.
        ValueError
            If both gradients are missing or a shape does not fit.

        Examples
        --------
        >>> lstm = LSTM(3, 2, seed=0)
        >>> outputs, last = lstm(np.ones((1, 4, 3), dtype=np.float32))
        >>> lstm.backward(grad_last=np.ones((1, 2), dtype=np.float32)).shape
        (1, 4, 3)
        >>> lstm.W_x.shape == lstm.parameters()[0][2].shape
        True
        """
        if self._cache is None:
            raise RuntimeError(
                "backward() was called before forward(): there is nothing to "
                "differentiate"
            )
        x = self._cache["x"]
        mask = self._cache["mask"]
        steps = self._cache["steps"]
        B, T, _ = x.shape
        h_dim = self._h
        if grad_outputs is None and grad_last is None:
            raise ValueError("backward() needs grad_outputs, grad_last or both; got neither")
        if grad_outputs is None:
            g_out = np.zeros((B, T, h_dim), dtype=self._dtype)
        else:
            g_out = check_float_array(grad_outputs, "grad_outputs")
            if g_out.shape != (B, T, h_dim):
                raise ValueError(
                    f"grad_outputs has shape {g_out.shape}, but the last forward() "
                    f"returned outputs of shape {(B, T, h_dim)}"
                )
            g_out = g_out.astype(self._dtype, copy=False)
        dh = np.zeros((B, h_dim), dtype=self._dtype)
        if grad_last is not None:
            g_last = check_float_array(grad_last, "grad_last")
            if g_last.shape != (B, h_dim):
                raise ValueError(
                    f"grad_last has shape {g_last.shape}, but the last forward() "
                    f"returned a last state of shape {(B, h_dim)}"
                )
            dh = dh + g_last.astype(self._dtype, copy=False)
        dc = np.zeros((B, h_dim), dtype=self._dtype)
        dx = np.zeros_like(x)
        dW = np.zeros_like(self._W)
        dU = np.zeros_like(self._U)
        db = np.zeros_like(self._b)
        for t in range(T - 1, -1, -1):
            h_prev, c_prev, i, f, g, o, tanh_c = steps[t]
            dh = dh + g_out[:, t]
            if mask is None:
                dh_new, dc_new = dh, dc
                dh_carry = dc_carry = 0.0
            else:
                keep = mask[:, t, None]
                dh_new = np.where(keep, dh, 0)
                dc_new = np.where(keep, dc, 0)
                dh_carry = np.where(keep, 0, dh)
                dc_carry = np.where(keep, 0, dc)
            do = dh_new * tanh_c
            dc_new = dc_new + dh_new * o * (1 - tanh_c * tanh_c)
            di = dc_new * g
            df = dc_new * c_prev
            dg = dc_new * i
            dz = np.concatenate(
                [di * i * (1 - i), df * f * (1 - f), dg * (1 - g * g), do * o * (1 - o)],
                axis=1,
            )
            dW += x[:, t].T @ dz
            dU += h_prev.T @ dz
            db += dz.sum(axis=0)
            dx[:, t] = dz @ self._W.T
            dh = dz @ self._U.T + dh_carry
            dc = dc_new * f + dc_carry
        if self._trainable:
            self._dW += dW
            self._dU += dU
            self._db += db
        return dx

    def _all_parameters(self) -> list[Parameter]:
        """``(name, value, grad)`` of W, U and b.

        Examples
        --------
        >>> lstm = LSTM(2, 3)
        >>> [(name, value.shape) for name, value, grad in lstm.parameters()]
        [('W_x', (2, 12)), ('W_h', (3, 12)), ('b', (12,))]
        >>> LSTM(2, 3, trainable=False).parameters()
        []
        """
        return [("W_x", self._W, self._dW), ("W_h", self._U, self._dU), ("b", self._b, self._db)]

    def __repr__(self) -> str:
        return (
            f"LSTM(input_dim={self._d}, hidden_dim={self._h}, "
            f"dtype={self._dtype.name}, trainable={self._trainable})"
        )
