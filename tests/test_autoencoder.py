"""Tests for embedlab.autoencoder: the linear autoencoder learns the PCA subspace."""

from __future__ import annotations

import re

import numpy as np
import pytest
from scipy.linalg import subspace_angles

from embedlab.autoencoder import LinearAutoencoder


def _data(seed=0, n=60, scales=(3.0, 2.0, 1.0, 0.2, 0.1)):
    rng = np.random.default_rng(seed)
    Q = np.linalg.qr(rng.normal(size=(len(scales), len(scales))))[0]
    X = rng.normal(size=(n, len(scales))) * scales @ Q.T
    return X - X.mean(axis=0)


def _pca_basis(X, k):
    return np.linalg.svd(X, full_matrices=False)[2][:k].T


def test_autoencoder_learns_the_pca_subspace_and_error():
    X = _data()
    model = LinearAutoencoder(5, 2, seed=0)
    losses = model.fit(X, steps=3000, lr=0.03)
    assert len(losses) == 3001 and losses[-1] < losses[0]
    angles = np.degrees(subspace_angles(model.decoder.weight.T, _pca_basis(X, 2)))
    assert angles.max() < 0.5
    s = np.linalg.svd(X, compute_uv=False)
    assert model.loss(X) == pytest.approx(np.sum(s[2:] ** 2) / len(X), rel=1e-3)


def test_autoencoder_is_invariant_under_invertible_mixing():
    X = _data(1)
    model = LinearAutoencoder(5, 2, seed=1)
    model.fit(X, steps=50, lr=0.02)
    G = np.array([[2.0, 1.0], [0.5, 3.0]])
    other = LinearAutoencoder(5, 2, seed=2)
    other.encoder.weight[...] = model.encoder.weight @ G
    other.decoder.weight[...] = np.linalg.inv(G) @ model.decoder.weight
    assert other.loss(X) == pytest.approx(model.loss(X), rel=1e-10)
    assert model.encode(X).shape == (60, 2) and model.reconstruct(X).shape == (60, 5)


def test_autoencoder_callback_and_seed():
    X = _data(2)
    seen = []
    a = LinearAutoencoder(5, 3, seed=4)
    a.fit(X, steps=10, lr=0.01, callback=lambda step, m: seen.append(step), every=4)
    assert seen == [0, 4, 8, 10]
    b = LinearAutoencoder(5, 3, seed=4)
    b.fit(X, steps=10, lr=0.01)
    assert np.array_equal(a.decoder.weight, b.decoder.weight)


@pytest.mark.parametrize(
    "args, kwargs, error, message",
    [
        ((3, 4), {}, ValueError, r"k must be in 1..3 \(n_features=3\)"),
        ((0, 1), {}, ValueError, "n_features must be a positive integer"),
        ((3, 0), {}, ValueError, "k must be a positive integer"),
        ((3, 1), {"dtype": np.int32}, TypeError, "dtype must be float32 or float64"),
        ((3, 1), {"seed": -1}, ValueError, "seed must be None, a non-negative int"),
    ],
)
def test_autoencoder_rejects_bad_construction(args, kwargs, error, message):
    with pytest.raises(error, match=message):
        LinearAutoencoder(*args, **kwargs)


@pytest.mark.parametrize(
    "X, kwargs, error, message",
    [
        (np.ones((4, 2)), {}, ValueError, re.escape("X must have 3 columns, got shape (4, 2)")),
        (np.array([[1.0, np.nan, 0.0]]), {}, ValueError,
         re.escape("X contains nan at position (0, 1); values must be finite")),
        (np.array([["a", "b", "c"]]), {}, TypeError, "X must be a numeric matrix"),
        (np.ones(3), {}, ValueError, "X must be a non-empty 2-D array"),
        (np.ones((4, 3)), {"steps": 0}, ValueError, "steps must be a positive integer"),
        (np.ones((4, 3)), {"lr": 0.0}, ValueError, "lr must be a finite number > 0"),
        (np.ones((4, 3)), {"every": 0}, ValueError, "every must be a positive integer"),
        (np.ones((4, 3)), {"callback": 3}, TypeError, "callback must be callable"),
    ],
)
def test_autoencoder_fit_rejects_bad_input(X, kwargs, error, message):
    model = LinearAutoencoder(3, 1, seed=0)
    args = {"steps": 5, "lr": 0.1, **kwargs}
    with pytest.raises(error, match=message):
        model.fit(X, **args)


def test_autoencoder_reports_divergence():
    model = LinearAutoencoder(5, 2, seed=0)
    with pytest.raises(FloatingPointError, match="the loss diverged at step"):
        with np.errstate(over="ignore", invalid="ignore"):
            model.fit(_data() * 100, steps=200, lr=10.0)
