"""A dense (fully connected) layer: ``x @ W + b`` and an optional activation.

Inputs are row vectors, as everywhere in :mod:`embedlab`, so ``W`` has shape
``(in_features, out_features)``: Keras's layout. (PyTorch's ``nn.Linear``
stores the transpose, ``(out_features, in_features)``, and computes
``x @ W.T``.)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._numeric import sigmoid as _sigmoid
from ._validation import (
    check_bool,
    check_choice,
    check_float_array,
    check_float_dtype,
    check_positive_int,
    make_rng,
)
from .layer import Layer, Parameter, _matrix_initializer

__all__ = [
    "Dense",
    "DENSE_INITIALIZERS",
    "ACTIVATIONS",
]


#: Names accepted by ``Dense(weight_initializer=...)``.
DENSE_INITIALIZERS = ("glorot_uniform", "zeros")


#: Names accepted by ``Dense(activation=...)``.
ACTIVATIONS = (None, "linear", "relu", "tanh", "sigmoid")


class Dense(Layer):
    """A fully connected layer ``y = activation(x @ W + b)``.

    Inputs are row vectors: ``x`` has shape ``(..., in_features)`` and
    ``W`` has shape ``(in_features, out_features)``, the Keras layout.

    Parameters
    ----------
    in_features, out_features : int
        Input and output widths.
    bias : bool, default True
        Whether to add a bias vector (initialised at zero).
    activation : {None, "linear", "relu", "tanh", "sigmoid"}
        ``None`` and ``"linear"`` both mean no activation.
    seed : int, numpy.random.Generator or None
        Source of randomness for the weight initialiser.
    dtype : float32 or float64, default numpy.float32
        Dtype of the parameters and outputs. Inputs are converted to it.
    weight_initializer : {"glorot_uniform", "zeros"} or array
        ``"glorot_uniform"`` draws from U(-a, a) with
        ``a = sqrt(6 / (in_features + out_features))``. An array of shape
        ``(in_features, out_features)`` is copied in.
    trainable : bool, default True
        A frozen layer accumulates no gradient and has no parameters, but
        :meth:`backward` still returns the gradient for its input.

    Attributes
    ----------
    weight : numpy.ndarray
        Shape ``(in_features, out_features)``.
    bias : numpy.ndarray or None
        Shape ``(out_features,)``.
    grad_weight, grad_bias : numpy.ndarray or None
        Accumulated gradients.

    Examples
    --------
    >>> layer = Dense(3, 2, activation="relu", seed=0)
    >>> y = layer(np.ones((4, 3)))
    >>> y.shape, y.dtype
    ((4, 2), dtype('float32'))
    >>> layer.backward(np.ones((4, 2))).shape
    (4, 3)
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        *,
        bias: bool = True,
        activation: str | None = None,
        seed: int | np.random.Generator | None = None,
        dtype: Any = np.float32,
        weight_initializer: str | np.ndarray = "glorot_uniform",
        trainable: bool = True,
    ) -> None:
        self._in = check_positive_int(in_features, "in_features")
        self._out = check_positive_int(out_features, "out_features")
        check_bool(bias, "bias")
        self._activation = check_choice(activation, "activation", ACTIVATIONS)
        if self._activation == "linear":
            self._activation = None
        self._dtype = check_float_dtype(dtype, "dtype")
        self._trainable = check_bool(trainable, "trainable")
        rng = make_rng(seed, "seed")
        shape = (self._in, self._out)
        init = weight_initializer
        if isinstance(init, str):
            check_choice(init, "weight_initializer", DENSE_INITIALIZERS)
            if init == "glorot_uniform":
                limit = np.sqrt(6.0 / (self._in + self._out))
                weight = rng.uniform(-limit, limit, size=shape)
            else:
                weight = np.zeros(shape)
            weight = weight.astype(self._dtype)
        elif isinstance(init, (np.ndarray, list, tuple)):
            weight = _matrix_initializer(init, shape, self._dtype, "weight_initializer")
        else:
            raise TypeError(
                "weight_initializer must be one of "
                + ", ".join(repr(n) for n in DENSE_INITIALIZERS)
                + f" or an array of shape {shape}, got {init!r}"
            )
        self._weight = weight
        self._grad_weight = np.zeros_like(weight)
        self._bias = np.zeros(self._out, dtype=self._dtype) if bias else None
        self._grad_bias = np.zeros(self._out, dtype=self._dtype) if bias else None
        self._x: np.ndarray | None = None
        self._y: np.ndarray | None = None

    # ------------------------------------------------------------ properties
    @property
    def weight(self) -> np.ndarray:
        """Weight matrix, shape ``(in_features, out_features)``."""
        return self._weight

    @property
    def bias(self) -> np.ndarray | None:
        """Bias vector, shape ``(out_features,)``, or ``None``."""
        return self._bias

    @property
    def grad_weight(self) -> np.ndarray:
        """Accumulated gradient of :attr:`weight`."""
        return self._grad_weight

    @property
    def grad_bias(self) -> np.ndarray | None:
        """Accumulated gradient of :attr:`bias`, or ``None``."""
        return self._grad_bias

    @property
    def in_features(self) -> int:
        """Width of the inputs."""
        return self._in

    @property
    def out_features(self) -> int:
        """Width of the outputs."""
        return self._out

    @property
    def activation(self) -> str | None:
        """Activation name, or ``None`` for the identity."""
        return self._activation

    @property
    def dtype(self) -> np.dtype:
        """Floating-point dtype of the parameters."""
        return self._dtype

    # --------------------------------------------------------------- compute
    def forward(self, x: Any) -> np.ndarray:
        """Compute ``activation(x @ weight + bias)``.

        Parameters
        ----------
        x : numpy.ndarray
            Floating-point array of shape ``(..., in_features)``.

        Returns
        -------
        numpy.ndarray
            Shape ``(..., out_features)``, dtype :attr:`dtype`.

        Raises
        ------
        TypeError
            If ``x`` is not floating-point (for example integer ids: use an
            :class:`~embedlab.embedding.Embedding` or :func:`~embedlab.onehot.one_hot` first).
        ValueError
            If ``x`` is 0-d or its last dimension is not ``in_features``.

        Examples
        --------
        >>> layer = Dense(2, 1, weight_initializer=np.array([[2.0], [3.0]]))
        >>> layer(np.array([1.0, 1.0])).tolist()
        [5.0]
        >>> layer(np.ones((4, 3)))
        Traceback (most recent call last):
        ...
        ValueError: x has shape (4, 3): its last dimension is 3, but in_features=2
        """
        arr = check_float_array(x, "x")
        if arr.ndim == 0 or arr.shape[-1] != self._in:
            last = "no dimensions" if arr.ndim == 0 else f"its last dimension is {arr.shape[-1]}"
            raise ValueError(f"x has shape {arr.shape}: {last}, but in_features={self._in}")
        arr = arr.astype(self._dtype, copy=False)
        z = arr @ self._weight
        if self._bias is not None:
            z += self._bias
        if self._activation == "relu":
            y = np.maximum(z, 0)
        elif self._activation == "tanh":
            y = np.tanh(z)
        elif self._activation == "sigmoid":
            y = _sigmoid(z)
        else:
            y = z
        self._x = arr
        self._y = y
        return y

    __call__ = forward

    def backward(self, grad_out: Any) -> np.ndarray:
        """Accumulate parameter gradients and return the gradient for ``x``.

        Parameters
        ----------
        grad_out : numpy.ndarray
            Gradient of the loss with respect to the last output; same shape
            as that output.

        Returns
        -------
        numpy.ndarray
            Gradient with respect to the last input, same shape as it.

        Raises
        ------
        RuntimeError
            If :meth:`forward` has not been called yet.
        TypeError
            If ``grad_out`` is not floating-point.
        ValueError
            If ``grad_out`` has the wrong shape.

        Examples
        --------
        >>> layer = Dense(2, 1, bias=True, weight_initializer=np.array([[2.0], [3.0]]))
        >>> _ = layer(np.array([[1.0, 10.0]]))
        >>> layer.backward(np.array([[1.0]])).tolist()
        [[2.0, 3.0]]
        >>> layer.grad_weight.tolist(), layer.grad_bias.tolist()
        ([[1.0], [10.0]], [1.0])
        """
        if self._x is None or self._y is None:
            raise RuntimeError(
                "backward() was called before forward(): there is no input to "
                "differentiate with respect to"
            )
        g = check_float_array(grad_out, "grad_out")
        if g.shape != self._y.shape:
            raise ValueError(
                f"grad_out has shape {g.shape}, but the last forward() returned "
                f"shape {self._y.shape}"
            )
        g = g.astype(self._dtype, copy=False)
        y = self._y
        if self._activation == "relu":
            g = g * (y > 0)
        elif self._activation == "tanh":
            g = g * (1 - y * y)
        elif self._activation == "sigmoid":
            g = g * (y * (1 - y))
        if self._trainable:
            g2 = g.reshape(-1, self._out)
            self._grad_weight += self._x.reshape(-1, self._in).T @ g2
            if self._grad_bias is not None:
                self._grad_bias += g2.sum(axis=0)
        return g @ self._weight.T

    def _all_parameters(self) -> list[Parameter]:
        params: list[Parameter] = [("weight", self._weight, self._grad_weight)]
        if self._bias is not None and self._grad_bias is not None:
            params.append(("bias", self._bias, self._grad_bias))
        return params

    def __repr__(self) -> str:
        return (
            f"Dense(in_features={self._in}, out_features={self._out}, "
            f"bias={self._bias is not None}, activation={self._activation!r}, "
            f"dtype={self._dtype.name}, trainable={self._trainable})"
        )
