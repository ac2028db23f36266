"""Tests for embedlab.optim: SGD, Adam, RMSprop and Adagrad updating layers in place."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from embedlab import SGD, Adam, Dense, Embedding
from embedlab.optim import Adagrad, RMSprop


def lookup_and_backprop(emb: Embedding, ids, value: float = 1.0) -> None:
    ids = np.asarray(ids)
    emb(ids)
    emb.backward(np.full(ids.shape + (emb.output_dim,), value, dtype=emb.dtype))


# ---------------------------------------------------------------------- SGD
def test_sgd_step_is_in_place_and_exact() -> None:
    emb = Embedding(4, 2, seed=0, dtype=np.float64)
    weight = emb.weight
    before = weight.copy()
    lookup_and_backprop(emb, [2, 2, 0])
    expected = before - 0.5 * emb.grad
    SGD(emb, lr=0.5).step()
    assert emb.weight is weight
    np.testing.assert_array_equal(emb.weight, expected)


@given(hnp.arrays(np.int64, hnp.array_shapes(max_dims=2, max_side=4),
                  elements=st.integers(0, 9)))
def test_sgd_never_moves_rows_that_were_not_looked_up(ids: np.ndarray) -> None:
    emb = Embedding(10, 3, seed=1)
    before = emb.weight.copy()
    opt = SGD(emb, lr=0.1)
    for _ in range(3):
        lookup_and_backprop(emb, ids)
        opt.step()
        opt.zero_grad()
    untouched = np.setdiff1d(np.arange(10), ids)
    np.testing.assert_array_equal(emb.weight[untouched], before[untouched])
    touched = np.unique(ids)
    assert np.all(np.any(emb.weight[touched] != before[touched], axis=1))


def test_sgd_momentum_matches_hand_computation() -> None:
    layer = Dense(1, 1, bias=False, weight_initializer=[[0.0]], dtype=np.float64)
    opt = SGD(layer, lr=0.1, momentum=0.5)
    layer.grad_weight[:] = 1.0
    opt.step()  # v = 1,    w = -0.1
    opt.step()  # v = 1.5,  w = -0.25
    layer.grad_weight[:] = 0.0
    opt.step()  # v = 0.75, w = -0.325: momentum keeps moving without gradient
    assert layer.weight[0, 0] == pytest.approx(-0.325)


# --------------------------------------------------------------------- Adam
def reference_adam(w, grads, lr, b1, b2, eps):
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t, g in enumerate(grads, start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        m_hat = m / (1 - b1**t)
        v_hat = v / (1 - b2**t)
        w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w


def test_adam_matches_reference() -> None:
    rng = np.random.default_rng(0)
    layer = Dense(3, 2, seed=0, dtype=np.float64)
    start = layer.weight.copy()
    opt = Adam(layer, lr=0.01, betas=(0.8, 0.99), eps=1e-6)
    grads = [rng.standard_normal((3, 2)) for _ in range(4)]
    for g in grads:
        opt.zero_grad()
        layer.grad_weight[:] = g
        opt.step()
    np.testing.assert_allclose(layer.weight, reference_adam(start, grads, 0.01, 0.8, 0.99, 1e-6),
                               rtol=1e-12)
    assert opt.t == 4


def test_adam_keeps_moving_a_row_seen_once_and_leaves_unseen_rows_alone() -> None:
    emb = Embedding(5, 2, seed=0)
    weight = emb.weight
    initial = weight.copy()
    opt = Adam(emb, lr=0.01)
    lookup_and_backprop(emb, [1, 2])  # step 1: rows 1 and 2
    opt.step()
    opt.zero_grad()
    for _ in range(3):  # later steps: row 2 only
        previous = emb.weight.copy()
        lookup_and_backprop(emb, [2])
        opt.step()
        opt.zero_grad()
        moved = np.any(emb.weight != previous, axis=1)
        assert moved.tolist() == [False, True, True, False, False]
    assert emb.weight is weight
    np.testing.assert_array_equal(emb.weight[[0, 3, 4]], initial[[0, 3, 4]])


def test_adam_lowers_the_loss_of_a_small_regression() -> None:
    rng = np.random.default_rng(0)
    ids = rng.integers(0, 6, size=(8, 3))
    target = rng.standard_normal((8, 3, 4))
    emb = Embedding(6, 4, seed=0, dtype=np.float64)
    opt = Adam(emb, lr=0.05)
    losses = []
    for _ in range(100):
        out = emb(ids)
        losses.append(float(np.mean((out - target) ** 2)))
        opt.zero_grad()
        emb.backward(2 * (out - target) / out.size)
        opt.step()
    # best possible table: each row is the mean target of the positions using it
    flat_ids, flat_target = ids.ravel(), target.reshape(-1, 4)
    best = np.zeros((6, 4))
    for k in np.unique(flat_ids):
        best[k] = flat_target[flat_ids == k].mean(axis=0)
    best_loss = float(np.mean((best[ids] - target) ** 2))
    assert losses[-1] - best_loss < 0.1 * (losses[0] - best_loss)


# ------------------------------------------------------------------ RMSprop
def _scalar_steps(opt_factory, grads):
    """Run one-weight steps with the given gradients; return the weight after each."""
    layer = Dense(1, 1, bias=False, weight_initializer=[[0.0]], dtype=np.float64)
    opt = opt_factory(layer)
    out = []
    for g in grads:
        layer.grad_weight[:] = g
        opt.step()
        out.append(float(layer.weight[0, 0]))
    return out


def test_rmsprop_matches_hand_computation_and_ignores_history_when_g_is_zero() -> None:
    w = _scalar_steps(lambda ls: RMSprop(ls, lr=0.1, alpha=0.5, eps=1e-12), [2.0, 0.0, 1.0])
    # step 1: a = 0.5 * 4 = 2, w = -0.1 * 2 / sqrt(2)
    assert w[0] == pytest.approx(-0.1 * np.sqrt(2), rel=1e-10)
    # step 2: g = 0, so no move at all, whatever a remembers
    assert w[1] == w[0]
    # step 3: a = 0.5 * 1 + 0.5 * 1 = 1, w -= 0.1 * 1 / 1
    assert w[2] == pytest.approx(-0.1 * np.sqrt(2) - 0.1, rel=1e-10)


def test_rmsprop_with_momentum_matches_hand_computation() -> None:
    w = _scalar_steps(lambda ls: RMSprop(ls, lr=0.1, alpha=0.5, eps=1e-12, momentum=0.5),
                      [2.0, 0.0, 1.0])
    b1 = np.sqrt(2)             # 2 / sqrt(2)
    b2 = 0.5 * b1               # g = 0: the buffer decays but still moves w
    b3 = 0.5 * b2 + 1.0         # a = 1
    np.testing.assert_allclose(w, np.cumsum([-0.1 * b1, -0.1 * b2, -0.1 * b3]), rtol=1e-10)


def reference_rmsprop(w, grads, lr, alpha, eps, momentum):
    a = np.zeros_like(w)
    b = np.zeros_like(w)
    for g in grads:
        a = alpha * a + (1 - alpha) * g * g
        step = g / (np.sqrt(a) + eps)
        b = momentum * b + step
        w = w - lr * (b if momentum else step)
    return w


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_rmsprop_matches_reference_on_a_matrix(momentum: float) -> None:
    rng = np.random.default_rng(1)
    layer = Dense(3, 2, seed=0, dtype=np.float64, bias=False)
    start = layer.weight.copy()
    opt = RMSprop(layer, lr=0.01, alpha=0.9, eps=1e-6, momentum=momentum)
    grads = [rng.standard_normal((3, 2)) for _ in range(5)]
    for g in grads:
        layer.grad_weight[:] = g
        opt.step()
    np.testing.assert_allclose(layer.weight, reference_rmsprop(start, grads, 0.01, 0.9, 1e-6, momentum),
                               rtol=1e-12)


def test_rmsprop_without_momentum_moves_only_the_rows_of_the_batch() -> None:
    emb = Embedding(5, 2, seed=0)
    opt = RMSprop(emb, lr=0.01)
    lookup_and_backprop(emb, [1, 2])  # step 1: rows 1 and 2
    opt.step()
    opt.zero_grad()
    for _ in range(3):  # later steps: row 2 only; row 1 has history but g = 0
        previous = emb.weight.copy()
        lookup_and_backprop(emb, [2])
        opt.step()
        opt.zero_grad()
        assert np.any(emb.weight != previous, axis=1).tolist() == [False, False, True, False, False]


# ------------------------------------------------------------------ Adagrad
def test_adagrad_matches_hand_computation() -> None:
    w = _scalar_steps(lambda ls: Adagrad(ls, lr=0.1, eps=1e-12), [3.0, 0.0, 4.0])
    assert w[0] == pytest.approx(-0.1)           # a = 9: 0.1 * 3 / 3
    assert w[1] == w[0]                          # g = 0: no move
    assert w[2] == pytest.approx(-0.1 - 0.08)    # a = 25: 0.1 * 4 / 5


# ----------------------------------------------------------- both / plumbing
@pytest.mark.parametrize("make", [lambda ls: SGD(ls, lr=0.1, momentum=0.9),
                                  lambda ls: Adam(ls, lr=0.1),
                                  lambda ls: RMSprop(ls, lr=0.1),
                                  lambda ls: RMSprop(ls, lr=0.1, momentum=0.5),
                                  lambda ls: Adagrad(ls, lr=0.1)])
def test_several_layers_frozen_layers_and_zero_grad(make) -> None:
    emb = Embedding(4, 2, seed=0)
    frozen = Embedding(4, 2, seed=1, trainable=False)
    dense = Dense(2, 1, seed=0)
    opt = make([emb, frozen, dense])
    frozen_before = frozen.weight.copy()
    emb_before, dense_before = emb.weight.copy(), dense.weight.copy()
    for layer in (emb, frozen):
        lookup_and_backprop(layer, [1])
    dense(np.ones((1, 2), dtype=np.float32))
    dense.backward(np.ones((1, 1), dtype=np.float32))
    opt.step()
    np.testing.assert_array_equal(frozen.weight, frozen_before)
    assert np.any(emb.weight != emb_before) and np.any(dense.weight != dense_before)
    assert dense.bias.any()
    opt.zero_grad()
    assert not emb.grad.any() and not dense.grad_weight.any() and not dense.grad_bias.any()
    # freezing after the optimiser was made is respected
    emb.trainable = False
    frozen_now = emb.weight.copy()
    emb.grad[:] = 1.0
    opt.step()
    np.testing.assert_array_equal(emb.weight, frozen_now)


def test_reprs() -> None:
    emb = Embedding(2, 2)
    assert repr(SGD(emb)) == "SGD(lr=0.1, momentum=0.0, layers=1)"
    assert repr(Adam([emb, emb])) == "Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08, layers=2)"
    assert repr(RMSprop(emb)) == "RMSprop(lr=0.01, alpha=0.99, eps=1e-08, momentum=0.0, layers=1)"
    assert repr(Adagrad(emb)) == "Adagrad(lr=0.01, eps=1e-10, layers=1)"


@pytest.mark.parametrize(
    ("make", "exc", "pattern"),
    [
        (lambda e: SGD(e, lr=0), ValueError, r"lr must be a finite number > 0, got 0"),
        (lambda e: SGD(e, lr=-0.1), ValueError, r"lr must be .* got -0\.1"),
        (lambda e: SGD(e, lr=float("inf")), ValueError, r"lr must be .* got inf"),
        (lambda e: SGD(e, lr="0.1"), TypeError, r"lr must be a finite number > 0, got '0\.1'"),
        (lambda e: SGD(e, momentum=1.0), ValueError, r"momentum must be in \[0, 1\), got 1\.0"),
        (lambda e: SGD(e, momentum=-0.5), ValueError, r"momentum must be in \[0, 1\), got -0\.5"),
        (lambda e: Adam(e, lr=0.0), ValueError, r"lr must be a finite number > 0, got 0\.0"),
        (lambda e: Adam(e, betas=(1.0, 0.999)), ValueError,
         r"betas\[0\] must be in \[0, 1\), got 1\.0"),
        (lambda e: Adam(e, betas=(0.9, -0.1)), ValueError,
         r"betas\[1\] must be in \[0, 1\), got -0\.1"),
        (lambda e: Adam(e, betas=(0.9,)), ValueError,
         r"betas must be a pair \(beta1, beta2\), got \(0\.9,\)"),
        (lambda e: Adam(e, betas=0.9), ValueError, r"betas must be a pair .* got 0\.9"),
        (lambda e: Adam(e, eps=0), ValueError, r"eps must be a finite number > 0, got 0"),
        (lambda e: Adam([], lr=0.1), ValueError, r"layers must contain at least one layer"),
        (lambda e: RMSprop(e, lr=-1), ValueError, r"lr must be a finite number > 0, got -1"),
        (lambda e: RMSprop(e, alpha=1.0), ValueError, r"alpha must be in \[0, 1\), got 1\.0"),
        (lambda e: RMSprop(e, alpha="0.9"), TypeError, r"alpha must be a number in \[0, 1\), got '0\.9'"),
        (lambda e: RMSprop(e, momentum=1.5), ValueError, r"momentum must be in \[0, 1\), got 1\.5"),
        (lambda e: RMSprop(e, eps=0.0), ValueError, r"eps must be a finite number > 0, got 0\.0"),
        (lambda e: RMSprop([]), ValueError, r"layers must contain at least one layer"),
        (lambda e: Adagrad(e, lr=0), ValueError, r"lr must be a finite number > 0, got 0"),
        (lambda e: Adagrad(e, eps=-1e-10), ValueError, r"eps must be a finite number > 0, got -1e-10"),
        (lambda e: Adagrad("layer"), TypeError, r"layers\[0\] must be a layer .* got str"),
        (lambda e: SGD([e, "layer"]), TypeError,
         r"layers\[1\] must be a layer with parameters\(\) and zero_grad\(\) methods, got str"),
        (lambda e: SGD(None), TypeError, r"layers\[0\] must be a layer .* got NoneType: None"),
        (lambda e: SGD(e.weight), TypeError, r"layers\[0\] must be a layer .* got ndarray"),
    ],
)
def test_optimizer_errors(make, exc: type, pattern: str) -> None:
    with pytest.raises(exc, match=pattern):
        make(Embedding(2, 2))
