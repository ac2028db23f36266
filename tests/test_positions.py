"""embedlab.positions: the sinusoidal encoding and the position layer."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab.positions import PositionalEmbedding, sinusoidal_positions
from embedlab.training import numerical_gradient


def test_sinusoid_follows_the_formula():
    P = sinusoidal_positions(50, 8, base=10000.0)
    t, i = 17, 3                                   # column pair 2i, 2i + 1
    angle = t / 10000.0 ** (2 * i / 8)
    assert P[t, 2 * i] == pytest.approx(np.sin(angle)) and P[t, 2 * i + 1] == pytest.approx(np.cos(angle))
    assert np.allclose(np.linalg.norm(P, axis=1), 2.0)   # sqrt(d / 2)
    assert len({tuple(row) for row in np.round(P, 6)}) == 50   # every position differs


def test_sinusoid_shift_is_a_fixed_linear_map():
    # P[t + k] = P[t] @ M_k for one M_k and every t: the reason given by Vaswani et al.
    P = sinusoidal_positions(40, 6)
    k = 5
    M, *_ = np.linalg.lstsq(P[:-k], P[k:], rcond=None)
    assert np.allclose(P[:-k] @ M, P[k:], atol=1e-9)
    assert not np.allclose(P[:-k], P[k:])


@pytest.mark.parametrize("args, kwargs, error, message", [
    ((3, 5), {}, ValueError, "d must be even"),
    ((0, 4), {}, ValueError, "length must be a positive integer"),
    ((3, 4.0), {}, TypeError, "d must be a positive integer"),
    ((3, 4), {"base": 0.0}, ValueError, "base"),
])
def test_sinusoid_refuses_bad_input(args, kwargs, error, message):
    with pytest.raises(error, match=message):
        sinusoidal_positions(*args, **kwargs)


def test_layer_adds_the_same_rows_to_every_sequence():
    pos = PositionalEmbedding(6, 4, seed=0)
    Y = np.random.default_rng(1).normal(size=(3, 5, 4))
    out = pos(Y)
    assert np.allclose(out - Y, pos.weight[:5])           # broadcast over B
    sin = PositionalEmbedding(6, 4, kind="sinusoidal")
    assert np.allclose(sin(Y) - Y, sinusoidal_positions(5, 4))
    assert sin.parameters() == [] and len(pos.parameters()) == 1


def test_learned_table_gradient_matches_finite_differences():
    pos = PositionalEmbedding(6, 3, seed=2)
    Y = np.random.default_rng(3).normal(size=(2, 4, 3))
    target = np.random.default_rng(4).normal(size=(2, 4, 3))

    def loss():
        return float(np.sum(np.sin(pos(Y)) * target))

    pos.zero_grad()
    out = pos(Y)
    dY = pos.backward(np.cos(out) * target)
    assert np.allclose(numerical_gradient(loss, pos.weight), pos.grad, atol=1e-7)
    assert np.all(pos.grad[4:] == 0)                       # rows beyond T get nothing
    assert np.allclose(dY, np.cos(out) * target)           # Y passes straight through


def test_layer_refuses_bad_input():
    pos = PositionalEmbedding(4, 3, seed=0)
    with pytest.raises(ValueError, match=r"T=5 positions, but the position table holds 4 \(positions 0..3\)"):
        pos(np.zeros((1, 5, 3)))
    with pytest.raises(ValueError, match=r"shape \(\.\.\., T, d\) with d=3"):
        pos(np.zeros((1, 2, 4)))
    with pytest.raises(TypeError, match="floating-point"):
        pos(np.zeros((1, 2, 3), dtype=int))
    with pytest.raises(RuntimeError, match="forward before backward"):
        PositionalEmbedding(4, 3).backward(np.zeros((1, 2, 3)))
    pos(np.zeros((1, 2, 3)))
    with pytest.raises(ValueError, match="like the last output"):
        pos.backward(np.zeros((1, 3, 3)))
    with pytest.raises(ValueError, match="kind must be one of"):
        PositionalEmbedding(4, 3, kind="rotary")
    with pytest.raises(ValueError, match="d must be even"):
        PositionalEmbedding(4, 3, kind="sinusoidal")
    with pytest.raises(ValueError, match="max_len must be a positive integer"):
        PositionalEmbedding(0, 3)
