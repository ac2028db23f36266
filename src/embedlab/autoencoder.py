"""A linear autoencoder, the network that learns what PCA computes.

:class:`LinearAutoencoder` is two :class:`~embedlab.dense.Dense` layers without
bias or activation, trained by gradient descent on squared reconstruction
error. At its minimum the decoder spans the leading principal subspace of the
data (Baldi and Hornik, 1989), though its columns need not be the principal
axes themselves.

References
----------
Baldi, P. and Hornik, K. (1989). Neural networks and principal component
analysis: learning from examples without local minima. *Neural Networks*
2(1), 53-58.

Examples
--------
>>> rng = np.random.default_rng(0)
>>> X = rng.normal(size=(50, 4)) * [3.0, 2.0, 0.3, 0.1]
>>> X -= X.mean(axis=0)
>>> model = LinearAutoencoder(4, 2, seed=0)
>>> losses = model.fit(X, steps=400, lr=0.05)
>>> from scipy.linalg import subspace_angles
>>> bool(np.degrees(subspace_angles(model.decoder.weight.T, np.eye(4)[:, :2])).max() < 1)
True
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ._validation import (
    check_float_dtype,
    check_matrix,
    check_positive_float,
    check_positive_int,
    make_rng,
)
from .dense import Dense
from .optim import SGD

__all__ = [
    "LinearAutoencoder",
]


class LinearAutoencoder:
    """``m -> m A -> (m A) D``: a bottleneck of ``k`` linear units, no bias.

    The encoder ``A`` (shape ``(n_features, k)``) and the decoder ``D``
    (shape ``(k, n_features)``) are two :class:`~embedlab.dense.Dense`
    layers without bias or activation. :meth:`fit` trains them by full-batch
    gradient descent on the mean squared reconstruction error
    ``||M - M A D||^2 / n`` of a data matrix ``M`` with ``n`` rows. For
    centred data, every minimum of this loss reconstructs through the span
    of the ``k`` leading principal components, and all other critical points
    are saddles (Baldi and Hornik, 1989); but ``A`` and ``D`` are determined
    only up to ``A G`` and ``G^{-1} D`` for any invertible ``k x k`` matrix
    ``G``.

    Parameters
    ----------
    n_features : int
        Width of the data, >= 1.
    k : int
        Number of hidden units, ``1 .. n_features``.
    seed : int, numpy.random.Generator or None
        For the initial weights (Glorot-uniform, as :class:`~embedlab.dense.Dense`).
    dtype : float32 or float64, default float64

    Attributes
    ----------
    encoder, decoder : Dense
        ``encoder.weight`` is ``A``, ``decoder.weight`` is ``D``.
    layers : list
        ``[encoder, decoder]``.

    Examples
    --------
    >>> model = LinearAutoencoder(3, 1, seed=0)
    >>> X = np.array([[1.0, 0.0, 0.0], [-1.0, 0.0, 0.0]])
    >>> _ = model.fit(X, steps=300, lr=0.1)
    >>> bool(model.loss(X) < 1e-6), (model.reconstruct(X).round(3) + 0.0).tolist()
    (True, [[1.0, 0.0, 0.0], [-1.0, 0.0, 0.0]])
    """

    def __init__(
        self,
        n_features: int,
        k: int,
        *,
        seed: int | np.random.Generator | None = None,
        dtype: Any = np.float64,
    ) -> None:
        f = check_positive_int(n_features, "n_features")
        k = check_positive_int(k, "k")
        if k > f:
            raise ValueError(f"k must be in 1..{f} (n_features={f}), got {k}")
        dt = check_float_dtype(dtype, "dtype")
        rng = make_rng(seed, "seed")
        self.encoder = Dense(f, k, bias=False, seed=rng, dtype=dt)
        self.decoder = Dense(k, f, bias=False, seed=rng, dtype=dt)
        self.layers = [self.encoder, self.decoder]
        self.n_features, self.k = f, k

    def encode(self, X: Any) -> np.ndarray:
        """The codes ``X A``, shape ``(n, k)``."""
        return self.encoder(check_matrix(X, "X", axes="(rows, features)", n_columns=self.n_features))

    def reconstruct(self, X: Any) -> np.ndarray:
        """``X A D``, shape ``(n, n_features)``."""
        return self.decoder(self.encode(X))

    def loss(self, X: Any) -> float:
        """Mean over rows of the squared reconstruction error."""
        arr = check_matrix(X, "X", axes="(rows, features)", n_columns=self.n_features)
        return float(np.sum((self.reconstruct(arr) - arr) ** 2) / arr.shape[0])

    def fit(
        self,
        X: Any,
        *,
        steps: int,
        lr: float,
        callback: Callable[[int, "LinearAutoencoder"], None] | None = None,
        every: int = 1,
    ) -> list[float]:
        """Full-batch gradient descent on the squared error.

        Parameters
        ----------
        X : array-like, shape (n, n_features)
            The data; centre it first to compare with PCA.
        steps : int
            Number of gradient steps, >= 1.
        lr : float
            Learning rate of :class:`~embedlab.optim.SGD`, > 0.
        callback : callable, optional
            Called as ``callback(step, model)`` at step 0 and after every
            ``every`` steps (and the last).
        every : int, default 1

        Returns
        -------
        list of float
            The loss before training and after each step (``steps + 1`` values).

        Raises
        ------
        FloatingPointError
            If the loss becomes infinite or NaN (the learning rate is too large).
        """
        arr = check_matrix(X, "X", axes="(rows, features)", n_columns=self.n_features)
        steps = check_positive_int(steps, "steps")
        every = check_positive_int(every, "every")
        if callback is not None and not callable(callback):
            raise TypeError(f"callback must be callable, got {callback!r}")
        optimizer = SGD(self.layers, lr=check_positive_float(lr, "lr"))
        n = arr.shape[0]
        losses = [self.loss(arr)]
        if callback is not None:
            callback(0, self)
        for step in range(1, steps + 1):
            residual = self.reconstruct(arr) - arr
            self.encoder.backward(self.decoder.backward(2.0 * residual / n))
            optimizer.step()
            optimizer.zero_grad()
            losses.append(self.loss(arr))
            if not math.isfinite(losses[-1]):
                raise FloatingPointError(
                    f"the loss diverged at step {step} (lr={lr}); use a smaller learning rate"
                )
            if callback is not None and (step % every == 0 or step == steps):
                callback(step, self)
        return losses
