"""embedlab.attention: scaled dot-product attention and one self-attention layer."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab.attention import SelfAttention, causal_mask, scaled_dot_product_attention
from embedlab.training import numerical_gradient


def _loop_attention(Q, K, V, causal=False):
    """The definition, one query at a time."""
    out = np.zeros((Q.shape[0], V.shape[1]))
    for t in range(Q.shape[0]):
        keep = np.arange(K.shape[0]) <= t if causal else np.ones(K.shape[0], bool)
        s = K[keep] @ Q[t] / np.sqrt(Q.shape[1])
        w = np.exp(s - s.max())
        out[t] = (w / w.sum()) @ V[keep]
    return out


@pytest.mark.parametrize("causal", [False, True])
def test_matches_the_definition(rng, causal):
    Q, K, V = rng.normal(size=(5, 3)), rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    out, w = scaled_dot_product_attention(Q, K, V, causal=causal)
    assert np.allclose(out, _loop_attention(Q, K, V, causal))
    assert np.allclose(w.sum(axis=-1), 1.0)
    if causal:
        assert np.all(w[~causal_mask(5)] == 0)


def test_batched_and_explicit_mask(rng):
    Q, K, V = rng.normal(size=(2, 4, 3)), rng.normal(size=(2, 6, 3)), rng.normal(size=(2, 6, 5))
    out, w = scaled_dot_product_attention(Q, K, V)
    assert out.shape == (2, 4, 5) and w.shape == (2, 4, 6)
    mask = np.ones((4, 6), bool)
    mask[:, 3:] = False                                  # keys 3..5 are padding
    out_m, w_m = scaled_dot_product_attention(Q, K, V, mask=mask)
    short, _ = scaled_dot_product_attention(Q, K[:, :3], V[:, :3])
    assert np.allclose(out_m, short) and np.all(w_m[..., 3:] == 0)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"K": np.ones((3, 4))}, ValueError, "same d_k"),
    ({"V": np.ones((2, 2))}, ValueError, "same number of positions S"),
    ({"Q": np.ones((3, 2), int)}, TypeError, "floating-point"),
    ({"Q": np.ones(2)}, ValueError, r"shape \(\.\.\., positions, features\)"),
    ({"mask": np.ones((3, 3))}, TypeError, "mask must be boolean"),
    ({"mask": np.ones((2, 2), bool)}, ValueError, "does not broadcast"),
    ({"mask": np.eye(3, dtype=bool)[[0, 1, 1]] & np.array([1, 0, 0], bool)}, ValueError,
     "no position to attend to"),
    ({"K": np.ones((4, 2)), "V": np.ones((4, 2)), "causal": True}, ValueError, "causal=True needs"),
    ({"causal": 1}, TypeError, "causal must be True or False"),
])
def test_refuses_bad_input(kwargs, error, message):
    args = {"Q": np.ones((3, 2)), "K": np.ones((3, 2)), "V": np.ones((3, 2))}
    args.update(kwargs)
    mask, causal = args.pop("mask", None), args.pop("causal", False)
    with pytest.raises(error, match=message):
        scaled_dot_product_attention(**args, mask=mask, causal=causal)


def test_causal_mask():
    assert causal_mask(3).tolist() == [[True, False, False], [True, True, False], [True, True, True]]
    with pytest.raises(TypeError, match="length must be a positive integer"):
        causal_mask(2.0)


def test_layer_is_permutation_equivariant_without_mask_and_not_with_it(rng):
    H = rng.normal(size=(2, 5, 4))
    order = [3, 0, 4, 1, 2]
    plain = SelfAttention(4, 3, seed=0)
    assert np.allclose(plain(H[:, order]), plain(H)[:, order])
    causal = SelfAttention(4, 3, causal=True, seed=0)
    assert not np.allclose(causal(H[:, order]), causal(H)[:, order])
    # with a causal mask, the last position reads the same set of vectors whatever the
    # order of the others, so its output stays when the last vector stays
    keep_last = [3, 0, 2, 1, 4]
    assert np.allclose(causal(H[:, keep_last])[:, -1], causal(H)[:, -1])
    assert not np.allclose(causal(H[:, keep_last])[:, 1:-1], causal(H)[:, 1:-1])


@pytest.mark.parametrize("causal", [False, True])
def test_layer_gradients_match_finite_differences(rng, causal):
    layer = SelfAttention(4, 3, causal=causal, seed=1)
    H = rng.normal(size=(2, 5, 4))
    target = rng.normal(size=(2, 5, 4))

    def loss():
        return float(np.sum(np.tanh(layer(H)) * target))

    layer.zero_grad()
    out = layer(H)
    dH = layer.backward((1 - np.tanh(out) ** 2) * target)
    for name, value, grad in layer.parameters():
        assert np.allclose(numerical_gradient(loss, value), grad, atol=1e-7), name
    assert np.allclose(numerical_gradient(loss, H), dH, atol=1e-7)


def test_layer_refuses_bad_input():
    layer = SelfAttention(4, 2, seed=0)
    with pytest.raises(RuntimeError, match="forward before backward"):
        layer.backward(np.zeros((1, 3, 4)))
    with pytest.raises(ValueError, match=r"shape \(\.\.\., T, d\) with d=4"):
        layer(np.zeros((1, 3, 5)))
    layer(np.zeros((1, 3, 4)))
    with pytest.raises(ValueError, match="like the last output"):
        layer.backward(np.zeros((1, 2, 4)))
    with pytest.raises(ValueError, match="d_k must be a positive integer"):
        SelfAttention(4, 0)
    with pytest.raises(TypeError, match="causal must be True or False"):
        SelfAttention(4, 2, causal="yes")


def test_frozen_layer_collects_nothing(rng):
    layer = SelfAttention(3, 2, seed=0)
    layer.trainable = False
    layer(rng.normal(size=(1, 4, 3)))
    layer.backward(np.ones((1, 4, 3)))
    assert layer.parameters() == [] and all(not g.any() for g in layer.grads.values())
