"""Tests for embedlab.pooling: the masked mean over time."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab.pooling import MaskedMeanPool
from embedlab.training import numerical_gradient


def test_masked_mean_pool_forward_and_backward():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(3, 4, 2))
    mask = np.array([[True, True, True, True], [False, False, True, True], [False] * 4])
    pool = MaskedMeanPool()
    out = pool(x, mask)
    assert np.allclose(out[0], x[0].mean(axis=0))
    assert np.allclose(out[1], x[1, 2:].mean(axis=0))
    assert np.array_equal(out[2], np.zeros(2))
    g = rng.normal(size=(3, 2))
    numeric = numerical_gradient(lambda: float(np.sum(pool.forward(x, mask) * g)), x)
    assert np.allclose(pool.backward(g), numeric, atol=1e-8)
    assert np.allclose(pool(x), x.mean(axis=1))
    assert pool.parameters() == [] and pool.zero_grad() is None


def test_masked_mean_pool_rejects_bad_input():
    pool = MaskedMeanPool()
    with pytest.raises(RuntimeError, match="backward\\(\\) was called before forward"):
        pool.backward(np.zeros((1, 2)))
    with pytest.raises(ValueError, match="x must have shape \\(B, T, d\\), got \\(2, 3\\)"):
        pool(np.zeros((2, 3)))
    with pytest.raises(TypeError, match="mask must be boolean"):
        pool(np.zeros((1, 2, 3)), np.ones((1, 2)))
    with pytest.raises(ValueError, match="mask has shape \\(2, 2\\), but x has \\(B, T\\) = \\(1, 2\\)"):
        pool(np.zeros((1, 2, 3)), np.ones((2, 2), dtype=bool))
    pool(np.zeros((1, 2, 3)))
    with pytest.raises(ValueError, match="grad_out has shape \\(1, 2\\)"):
        pool.backward(np.zeros((1, 2)))
