"""The loss of the book's classifiers: softmax cross-entropy and its gradient.

:func:`softmax_cross_entropy` takes class scores (logits) of shape ``(N, k)``
and integer labels, and returns the mean loss with its gradient with respect
to the scores, ``(softmax(z) - onehot(y)) / N``: the signal that
backpropagation carries back to the embedding table.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validation import (
    check_class_ids,
    check_float_array,
)

__all__ = [
    "softmax_cross_entropy",
]


def softmax_cross_entropy(logits: Any, labels: Any) -> tuple[float, np.ndarray]:
    """Mean softmax cross-entropy of a batch, and its gradient.

    For one row with scores ``z`` and true class ``c`` the loss is
    ``-log softmax(z)[c]``. Averaged over the ``B`` rows, its gradient with
    respect to the scores is ``(softmax(z) - onehot(c)) / B``.

    Parameters
    ----------
    logits : numpy.ndarray
        Floating-point scores, shape ``(B, k)`` with ``B >= 1`` and ``k >= 2``.
    labels : numpy.ndarray
        Integer class ids, shape ``(B,)``, each in ``0 .. k-1``.

    Returns
    -------
    loss : float
    grad : numpy.ndarray
        Same shape and dtype as ``logits``.

    Raises
    ------
    TypeError
        If ``logits`` is not floating-point or ``labels`` not integer.
    ValueError
        If a shape is wrong, a label is out of range, or a score is not finite.

    Examples
    --------
    >>> loss, grad = softmax_cross_entropy(np.zeros((1, 2)), np.array([1]))
    >>> round(loss, 4), grad.tolist()    # log 2, and p - y
    (0.6931, [[0.5, -0.5]])
    >>> softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 3]))
    Traceback (most recent call last):
    ...
    ValueError: labels contains 3, outside the valid class ids 0..2
    """
    z = check_float_array(logits, "logits")
    if z.ndim != 2 or z.shape[0] < 1 or z.shape[1] < 2:
        raise ValueError(
            f"logits must have shape (B, k) with B >= 1 rows and k >= 2 classes, got {z.shape}"
        )
    if not np.all(np.isfinite(z)):
        raise ValueError("logits contains NaN or infinite values")
    y = check_class_ids(labels, z.shape[0], z.shape[1])
    shifted = z - z.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    log_p = shifted - log_norm
    rows = np.arange(z.shape[0])
    loss = float(-log_p[rows, y].mean())
    grad = np.exp(log_p)
    grad[rows, y] -= 1.0
    grad /= z.shape[0]
    return loss, grad.astype(z.dtype, copy=False)
