"""GloVe (embedlab.glove): the weighting, the loss, the gradient behind fit, and bad input."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from embedlab.glove import GloVe, glove_weight
from embedlab.training import numerical_gradient


def _counts(V=6, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.poisson(3.0, size=(V, V)).astype(float) * (rng.random((V, V)) < 0.7)
    X = X + X.T
    np.fill_diagonal(X, 0.0)
    return X


def _objective(model, X):
    """Half the sum of weighted squared errors over the nonzero cells, by a plain loop."""
    total = 0.0
    for i, j in zip(*np.nonzero(X)):
        err = model.W[i] @ model.W_tilde[j] + model.b[i] + model.b_tilde[j] - np.log(X[i, j])
        total += 0.5 * min(1.0, (X[i, j] / model.x_max) ** model.alpha) * err**2
    return total


def test_glove_weight_values_and_shape():
    w = glove_weight(np.array([[0.0, 10.0], [100.0, 1e6]]), x_max=100, alpha=0.75)
    assert w.shape == (2, 2)
    assert w[0, 0] == 0.0 and w[1, 0] == 1.0 and w[1, 1] == 1.0
    assert w[0, 1] == pytest.approx(0.1**0.75)
    assert np.all(np.diff(glove_weight(np.arange(0, 200.0), 50, 0.5)) >= 0)  # never decreasing


def test_glove_weight_bad_input():
    with pytest.raises(ValueError, match="counts must be finite and >= 0"):
        glove_weight([1.0, -1.0])
    with pytest.raises(TypeError, match="counts must be numeric"):
        glove_weight(["a"])
    with pytest.raises(ValueError, match="x_max must be a finite number > 0, got 0"):
        glove_weight([1.0], x_max=0)
    with pytest.raises(ValueError, match=r"alpha must be in \(0, 1\], got 1.5"):
        glove_weight([1.0], alpha=1.5)


def test_loss_is_the_mean_weighted_squared_error_over_nonzero_cells():
    X = _counts()
    model = GloVe(6, 3, x_max=4.0, seed=1)
    model.b[:] = np.linspace(-1, 1, 6)
    n_cells = np.count_nonzero(X)
    assert model.loss(X) == pytest.approx(2 * _objective(model, X) / n_cells)
    assert model.loss(sp.csr_matrix(X)) == pytest.approx(model.loss(X))  # sparse input


def test_fit_sends_the_exact_gradient():
    # One block holding every row: the gradients fit leaves behind are those of
    # half the summed weighted squared error at the starting point.
    X = _counts(5, seed=2)
    model = GloVe(5, 3, x_max=3.0, seed=3)
    start = {name: value.copy() for name, value, _ in model.parameters()}
    probe = GloVe(5, 3, x_max=3.0, seed=3)
    first = probe.loss(X)
    history = model.fit(X, epochs=1, rows_per_batch=5, lr=0.01)
    assert history[0] == pytest.approx(first)  # the errors before the step
    for name, value in start.items():
        getattr(probe, name)[...] = value
    for (name, _, grad), (_, value, _) in zip(model.parameters(), probe.parameters()):
        numeric = numerical_gradient(lambda: _objective(probe, X), value)
        assert np.allclose(grad, numeric, atol=1e-6), name


def test_fit_learns_and_is_reproducible():
    X = _counts(8, seed=4)
    a, b, c = (GloVe(8, 4, x_max=5.0, seed=s) for s in (0, 0, 1))
    ha = a.fit(X, epochs=200, lr=0.1, rows_per_batch=3)
    hb = b.fit(sp.coo_matrix(X), epochs=200, lr=0.1, rows_per_batch=3)
    c.fit(X, epochs=200, lr=0.1, rows_per_batch=3)
    assert len(ha) == 200 and ha[-1] < 0.02 * ha[0]
    assert np.array_equal(a.vectors(), b.vectors()) and ha == hb  # same seed, same run
    assert not np.allclose(a.vectors(), c.vectors())
    assert np.array_equal(a.vectors(), a.W + a.W_tilde)
    assert a.loss(X) < 0.02 * GloVe(8, 4, x_max=5.0, seed=0).loss(X)


def test_fit_with_adam_and_a_callback():
    X = _counts(6, seed=5)
    model, seen = GloVe(6, 2, seed=0), []
    history = model.fit(X, epochs=50, lr=0.05, optimizer="adam", callback=lambda e, m: seen.append(e))
    assert seen == list(range(51)) and history[-1] < 0.2 * history[0]


def test_constructor_and_fit_reject_bad_input():
    with pytest.raises(ValueError, match="vocab_size must be at least 2, got 1"):
        GloVe(1, 2)
    with pytest.raises(ValueError, match="dim must be a positive integer"):
        GloVe(3, 0)
    with pytest.raises(ValueError, match=r"alpha must be in \(0, 1\], got 0"):
        GloVe(3, 2, alpha=0)
    with pytest.raises(ValueError, match="x_max must be a finite number > 0"):
        GloVe(3, 2, x_max=-1.0)
    with pytest.raises(ValueError, match="seed must be None, a non-negative int"):
        GloVe(3, 2, seed=-1)
    model = GloVe(3, 2, seed=0)
    X = np.array([[0.0, 2.0, 1.0], [2.0, 0.0, 0.0], [1.0, 0.0, 0.0]])
    with pytest.raises(ValueError, match=r"counts must have shape \(3, 3\) \(vocab_size=3\), got \(2, 2\)"):
        model.fit(X[:2, :2], epochs=1)
    with pytest.raises(ValueError, match="counts must be >= 0, got -2"):
        model.fit(-X, epochs=1)
    with pytest.raises(ValueError, match="counts has no nonzero cell"):
        model.loss(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="values must be finite"):
        model.loss(np.where(X == 2.0, np.nan, X))
    with pytest.raises(ValueError, match="counts must be finite"):
        model.loss(sp.csr_matrix(np.where(X == 2.0, np.inf, X)))
    with pytest.raises(ValueError, match="epochs must be a positive integer"):
        model.fit(X, epochs=0)
    with pytest.raises(ValueError, match="rows_per_batch must be a positive integer"):
        model.fit(X, epochs=1, rows_per_batch=0)
    with pytest.raises(ValueError, match="lr must be a finite number > 0"):
        model.fit(X, epochs=1, lr=0.0)
    with pytest.raises(ValueError, match="optimizer must be one of 'adagrad', 'adam'; got 'sgd'"):
        model.fit(X, epochs=1, optimizer="sgd")
    with pytest.raises(TypeError, match="callback must be callable"):
        model.fit(X, epochs=1, callback=3)
