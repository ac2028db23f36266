"""Tests for embedlab.lstm.LSTM: shapes, masking, gradients, errors."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab import SGD, Embedding
from embedlab.lstm import LSTM
from embedlab.training import numerical_gradient


def _data(rng: np.random.Generator, B: int = 3, T: int = 5, d: int = 4) -> np.ndarray:
    return rng.normal(size=(B, T, d))


# ----------------------------------------------------------------- forward
def test_shapes_and_dtype(float_dtype, rng):
    lstm = LSTM(4, 6, seed=0, dtype=float_dtype)
    outputs, last = lstm(_data(rng).astype(float_dtype))
    assert outputs.shape == (3, 5, 6) and last.shape == (3, 6)
    assert outputs.dtype == float_dtype and last.dtype == float_dtype
    assert lstm.W_x.shape == (4, 24) and lstm.W_h.shape == (6, 24) and lstm.b.shape == (24,)


def test_equation_names_are_the_parameter_arrays():
    """W_x and W_h (the chapter's symbols) are the arrays listed as W and U."""
    lstm = LSTM(4, 3, seed=0)
    params = {name: value for name, value, _ in lstm.parameters()}
    assert lstm.W_x is params["W_x"] and lstm.W_x.shape == (4, 12)
    assert lstm.W_h is params["W_h"] and lstm.W_h.shape == (3, 12)


def test_float64_input_is_cast_to_the_layer_dtype(rng):
    outputs, _ = LSTM(4, 2, seed=0)(_data(rng))
    assert outputs.dtype == np.float32


def test_same_seed_same_weights_and_outputs(rng):
    x = _data(rng)
    a, b = LSTM(4, 3, seed=7, dtype=np.float64), LSTM(4, 3, seed=7, dtype=np.float64)
    assert np.array_equal(a.W_x, b.W_x) and np.array_equal(a.W_h, b.W_h)
    assert np.array_equal(a(x)[0], b(x)[0])
    assert not np.array_equal(a.W_x, LSTM(4, 3, seed=8, dtype=np.float64).W_x)


def test_initialisation():
    lstm = LSTM(5, 4, seed=0, dtype=np.float64, forget_bias=1.0)
    h = 4
    assert np.array_equal(lstm.b[h:2 * h], np.ones(h))
    assert np.all(lstm.b[:h] == 0) and np.all(lstm.b[2 * h:] == 0)
    limit = np.sqrt(6 / (5 + 16))
    assert np.abs(lstm.W_x).max() <= limit
    for k in range(4):  # each gate's recurrent block is orthogonal
        block = lstm.W_h[:, k * h:(k + 1) * h]
        assert np.allclose(block @ block.T, np.eye(h), atol=1e-12)
    assert np.all(LSTM(2, 3, forget_bias=0.0).b == 0)


def test_outputs_match_a_direct_implementation_of_the_equations(rng):
    lstm = LSTM(3, 2, seed=3, dtype=np.float64)
    x = _data(rng, B=2, T=4, d=3)
    outputs, last = lstm(x)
    h = np.zeros((2, 2))
    c = np.zeros((2, 2))
    sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    for t in range(4):
        z = x[:, t] @ lstm.W_x + h @ lstm.W_h + lstm.b   # the chapter's names
        i, f, g, o = sig(z[:, 0:2]), sig(z[:, 2:4]), np.tanh(z[:, 4:6]), sig(z[:, 6:8])
        c = f * c + i * g
        h = o * np.tanh(c)
        assert np.allclose(outputs[:, t], h, rtol=1e-12, atol=1e-14)
    assert np.allclose(last, h, rtol=1e-12, atol=1e-14)


def test_last_state_is_the_last_output(rng):
    lstm = LSTM(4, 3, seed=0, dtype=np.float64)
    mask = np.array([[True] * 5, [True, True, False, False, False], [False, False, True, True, True]])
    outputs, last = lstm(_data(rng), mask=mask)
    assert np.array_equal(outputs[:, -1], last)


def test_all_true_mask_equals_no_mask(rng):
    lstm = LSTM(4, 3, seed=0, dtype=np.float64)
    x = _data(rng)
    assert np.array_equal(lstm(x)[0], lstm(x, mask=np.ones((3, 5), dtype=bool))[0])


@pytest.mark.parametrize("padding", ["pre", "post"])
def test_masked_padding_gives_the_unpadded_last_state(padding, rng):
    lstm = LSTM(4, 3, seed=0, dtype=np.float64)
    real = rng.normal(size=(1, 3, 4))
    pad = rng.normal(size=(1, 2, 4))  # padding vectors are not zero
    x = np.concatenate([pad, real] if padding == "pre" else [real, pad], axis=1)
    mask = np.array([[False, False, True, True, True]] if padding == "pre"
                    else [[True, True, True, False, False]])
    _, last_padded = lstm(x, mask=mask)
    _, last_real = lstm(real)
    assert np.allclose(last_padded, last_real, rtol=1e-12, atol=1e-14)
    _, last_unmasked = lstm(x)
    assert not np.allclose(last_unmasked, last_real)


def test_masked_outputs_carry_the_state(rng):
    lstm = LSTM(4, 3, seed=0, dtype=np.float64)
    mask = np.array([[False, True, True, False, False]])
    outputs, _ = lstm(_data(rng, B=1), mask=mask)
    assert np.all(outputs[0, 0] == 0)  # before the first real token: initial state
    assert np.array_equal(outputs[0, 3], outputs[0, 2])
    assert np.array_equal(outputs[0, 4], outputs[0, 2])


def test_fully_masked_row_stays_at_zero(rng):
    lstm = LSTM(4, 3, seed=0, dtype=np.float64)
    mask = np.array([[False] * 5, [True] * 5, [True] * 5])
    outputs, last = lstm(_data(rng), mask=mask)
    assert np.all(outputs[0] == 0) and np.all(last[0] == 0)


def test_rows_of_a_batch_are_independent(rng):
    lstm = LSTM(4, 3, seed=0, dtype=np.float64)
    x = _data(rng)
    outputs, _ = lstm(x)
    alone, _ = lstm(x[1:2])
    assert np.allclose(outputs[1], alone[0], rtol=1e-12, atol=1e-14)


def test_empty_time_axis():
    outputs, last = LSTM(2, 3)(np.zeros((2, 0, 2), dtype=np.float32))
    assert outputs.shape == (2, 0, 3) and np.all(last == 0)


def test_embedding_then_lstm_pipeline():
    emb = Embedding(6, 4, seed=0, mask_zero=True)
    ids = np.array([[0, 0, 3, 5], [1, 2, 3, 4]])
    outputs, last = LSTM(4, 2, seed=0)(emb(ids), mask=emb.compute_mask(ids))
    assert outputs.shape == (2, 4, 2) and last.shape == (2, 2)


# ---------------------------------------------------------------- backward
def _loss_and_grads(lstm, x, mask, r_out, r_last):
    outputs, last = lstm(x, mask=mask)
    return float(np.sum(outputs * r_out) + np.sum(last * r_last))


@pytest.mark.parametrize("masked", [False, True], ids=["no-mask", "mask"])
def test_gradients_match_finite_differences(masked, rng):
    B, T, d, h = 3, 5, 3, 4
    lstm = LSTM(d, h, seed=1, dtype=np.float64)
    lstm.b[:] = rng.normal(scale=0.5, size=lstm.b.shape)
    x = rng.normal(size=(B, T, d))
    mask = None
    if masked:
        mask = np.array([[False, False, True, True, True],
                         [True, True, True, False, False],
                         [True, False, True, True, False]])
    r_out = rng.normal(size=(B, T, h))
    r_last = rng.normal(size=(B, h))

    def f():
        return _loss_and_grads(lstm, x, mask, r_out, r_last)

    f()
    lstm.zero_grad()
    dx = lstm.backward(r_out, r_last)
    grads = {name: g.copy() for name, _, g in lstm.parameters()}
    for name, value, _ in lstm.parameters():
        assert np.allclose(grads[name], numerical_gradient(f, value), rtol=1e-5, atol=1e-8), name
    assert np.allclose(dx, numerical_gradient(f, x), rtol=1e-5, atol=1e-8)
    if masked:
        assert np.all(dx[~mask] == 0)


def test_backward_with_only_one_kind_of_gradient(rng):
    lstm = LSTM(3, 2, seed=0, dtype=np.float64)
    x = rng.normal(size=(2, 4, 3))
    outputs, last = lstm(x)
    g = rng.normal(size=(2, 2))
    lstm.zero_grad()
    dx_a = lstm.backward(grad_last=g)
    dW_a = lstm.parameters()[0][2].copy()
    lstm.zero_grad()
    full = np.zeros_like(outputs)
    full[:, -1] = g  # last == outputs[:, -1]
    dx_b = lstm.backward(full)
    assert np.allclose(dx_a, dx_b) and np.allclose(dW_a, lstm.parameters()[0][2])


def test_gradients_accumulate_until_zero_grad(rng):
    lstm = LSTM(3, 2, seed=0, dtype=np.float64)
    x = rng.normal(size=(2, 4, 3))
    outputs, _ = lstm(x)
    lstm.backward(np.ones_like(outputs))
    once = lstm.parameters()[0][2].copy()
    lstm.backward(np.ones_like(outputs))
    assert np.allclose(lstm.parameters()[0][2], 2 * once)
    lstm.zero_grad()
    assert all(np.all(g == 0) for _, _, g in lstm.parameters())


def test_frozen_layer_returns_input_gradient_only(rng):
    lstm = LSTM(3, 2, seed=0, trainable=False)
    outputs, _ = lstm(rng.normal(size=(1, 3, 3)).astype(np.float32))
    dx = lstm.backward(np.ones_like(outputs))
    assert dx.shape == (1, 3, 3) and np.any(dx != 0)
    assert lstm.parameters() == []
    lstm.trainable = True
    assert [n for n, _, _ in lstm.parameters()] == ["W_x", "W_h", "b"]
    assert np.all(lstm.parameters()[0][2] == 0)


def test_sgd_step_lowers_a_simple_loss(rng):
    lstm = LSTM(3, 2, seed=0, dtype=np.float64)
    x = rng.normal(size=(4, 6, 3))
    target = np.full((4, 2), 0.5)
    opt = SGD([lstm], lr=0.5)
    losses = []
    for _ in range(20):
        _, last = lstm(x)
        losses.append(float(np.mean((last - target) ** 2)))
        lstm.zero_grad()
        lstm.backward(grad_last=2 * (last - target) / last.size)
        opt.step()
    assert losses[-1] < 0.5 * losses[0]


def test_repr():
    assert repr(LSTM(2, 3)) == "LSTM(input_dim=2, hidden_dim=3, dtype=float32, trainable=True)"


# ------------------------------------------------------------------ errors
@pytest.mark.parametrize(
    "kwargs, exc, message",
    [
        ({"input_dim": 0, "hidden_dim": 3}, ValueError, "input_dim must be a positive integer"),
        ({"input_dim": 2.0, "hidden_dim": 3}, TypeError, "input_dim must be a positive integer"),
        ({"input_dim": 2, "hidden_dim": -1}, ValueError, "hidden_dim must be a positive integer"),
        ({"input_dim": 2, "hidden_dim": 3, "dtype": np.int32}, TypeError, "dtype must be float32 or float64"),
        ({"input_dim": 2, "hidden_dim": 3, "forget_bias": "1"}, TypeError, "forget_bias must be a finite number"),
        ({"input_dim": 2, "hidden_dim": 3, "forget_bias": True}, TypeError, "forget_bias must be a finite number"),
        ({"input_dim": 2, "hidden_dim": 3, "forget_bias": float("inf")}, ValueError, "forget_bias must be a finite number"),
        ({"input_dim": 2, "hidden_dim": 3, "trainable": 1}, TypeError, "trainable must be True or False"),
        ({"input_dim": 2, "hidden_dim": 3, "seed": -1}, ValueError, "seed must be None"),
    ],
)
def test_constructor_errors(kwargs, exc, message):
    with pytest.raises(exc, match=message):
        LSTM(**kwargs)


def test_forward_errors():
    lstm = LSTM(2, 3)
    with pytest.raises(TypeError, match="x must contain floating-point numbers, got dtype int64"):
        lstm(np.zeros((1, 2, 2), dtype=np.int64))
    with pytest.raises(ValueError, match=r"x must have shape \(batch, time, 2\), got an array of shape \(2, 2\)"):
        lstm(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="x has vectors of length 3, but the layer was built with input_dim=2"):
        lstm(np.zeros((1, 2, 3)))
    with pytest.raises(ValueError, match="x contains NaN or infinite values"):
        lstm(np.full((1, 2, 2), np.nan))
    with pytest.raises(TypeError, match="mask must be a boolean array"):
        lstm(np.zeros((1, 2, 2)), mask=np.array([[1, 0]]))
    with pytest.raises(ValueError, match=r"mask has shape \(1, 3\), but x has \(batch, time\) = \(1, 2\)"):
        lstm(np.zeros((1, 2, 2)), mask=np.ones((1, 3), dtype=bool))


def test_backward_errors():
    lstm = LSTM(2, 3)
    with pytest.raises(RuntimeError, match="backward\\(\\) was called before forward\\(\\)"):
        lstm.backward(np.zeros((1, 2, 3), dtype=np.float32))
    lstm(np.zeros((1, 2, 2), dtype=np.float32))
    with pytest.raises(ValueError, match="needs grad_outputs, grad_last or both"):
        lstm.backward()
    with pytest.raises(ValueError, match=r"grad_outputs has shape \(1, 3, 3\)"):
        lstm.backward(np.zeros((1, 3, 3), dtype=np.float32))
    with pytest.raises(ValueError, match=r"grad_last has shape \(2, 3\)"):
        lstm.backward(grad_last=np.zeros((2, 3), dtype=np.float32))
    with pytest.raises(TypeError, match="grad_outputs must contain floating-point numbers"):
        lstm.backward(np.zeros((1, 2, 3), dtype=np.int64))
    with pytest.raises(TypeError, match="grad_last must contain floating-point numbers"):
        lstm.backward(grad_last=np.zeros((1, 3), dtype=np.int64))


def test_post_padding_without_mask_matches_up_to_the_last_real_step(rng):
    """The claims of the chapter's exercise on post-padding without a mask."""
    lstm = LSTM(4, 3, seed=0, dtype=np.float64)
    real = rng.normal(size=(1, 3, 4))
    pad = np.tile(rng.normal(size=(1, 1, 4)), (1, 2, 1))  # the same padding row twice
    _, last_real = lstm(real)
    outputs_post, last_post = lstm(np.concatenate([real, pad], axis=1))
    assert np.allclose(outputs_post[:, 2], last_real, rtol=1e-12, atol=1e-14)  # (b)
    assert not np.allclose(last_post, last_real)                               # (a)
    outputs_pre, last_pre = lstm(np.concatenate([pad, real], axis=1))
    assert not np.allclose(last_pre, last_real)                                # (c)
