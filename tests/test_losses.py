"""Tests for embedlab.losses: softmax cross-entropy, its gradient and its checks."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab.losses import softmax_cross_entropy
from embedlab.training import numerical_gradient


def test_softmax_cross_entropy_value_and_gradient():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(4, 3))
    y = np.array([0, 2, 1, 2])
    loss, grad = softmax_cross_entropy(z, y)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    assert np.isclose(loss, -np.mean(np.log(p[np.arange(4), y])))
    numeric = numerical_gradient(lambda: softmax_cross_entropy(z, y)[0], z)
    assert np.allclose(grad, numeric, atol=1e-8)
    assert np.allclose(grad.sum(axis=1), 0)


def test_softmax_cross_entropy_is_stable_and_keeps_dtype():
    loss, grad = softmax_cross_entropy(np.array([[1000.0, -1000.0]]), np.array([0]))
    assert loss == 0.0 and np.all(np.isfinite(grad))
    _, g32 = softmax_cross_entropy(np.zeros((2, 2), dtype=np.float32), np.array([0, 1]))
    assert g32.dtype == np.float32


@pytest.mark.parametrize(
    ("logits", "labels", "error", "message"),
    [
        (np.zeros((2, 2), dtype=int), [0, 1], TypeError, "logits must contain floating-point"),
        (np.zeros(3), [0], ValueError, "logits must have shape (B, k)"),
        (np.zeros((2, 1)), [0, 0], ValueError, "k >= 2 classes, got (2, 1)"),
        (np.array([[np.nan, 0.0]]), [0], ValueError, "logits contains NaN"),
        (np.zeros((2, 2)), [0, 2], ValueError, "labels contains 2, outside the valid class ids 0..1"),
        (np.zeros((2, 2)), [0], ValueError, "labels must have shape (2,)"),
        (np.zeros((2, 2)), [0.0, 1.0], TypeError, "labels must be integer class ids"),
    ],
)
def test_softmax_cross_entropy_rejects_bad_input(logits, labels, error, message):
    with pytest.raises(error) as info:
        softmax_cross_entropy(logits, np.asarray(labels))
    assert message in str(info.value)
