"""Tests for embedlab.dense: the Dense layer, its activations and its gradients."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from embedlab import Dense
from embedlab.training import numerical_gradient


def test_dense_forward_shapes_and_layout() -> None:
    layer = Dense(3, 2, seed=0)
    assert layer.weight.shape == (3, 2) and layer.bias.shape == (2,)
    assert not layer.bias.any()
    limit = np.sqrt(6 / 5)
    assert np.abs(layer.weight).max() <= limit
    x = np.arange(24, dtype=np.float32).reshape(2, 4, 3)
    y = layer(x)
    assert y.shape == (2, 4, 2)
    np.testing.assert_allclose(y, x @ layer.weight, rtol=1e-6)
    assert layer(np.ones(3)).shape == (2,)
    assert (layer.in_features, layer.out_features) == (3, 2)


def test_dense_activations() -> None:
    w = np.array([[1.0, -1.0]])
    x = np.array([[2.0], [-3.0]])
    z = x @ w
    results = {
        act: Dense(1, 2, activation=act, weight_initializer=w, dtype=np.float64)(x)
        for act in (None, "linear", "relu", "tanh", "sigmoid")
    }
    np.testing.assert_array_equal(results[None], z)
    np.testing.assert_array_equal(results["linear"], z)
    np.testing.assert_array_equal(results["relu"], np.maximum(z, 0))
    np.testing.assert_allclose(results["tanh"], np.tanh(z))
    np.testing.assert_allclose(results["sigmoid"], 1 / (1 + np.exp(-z)))
    assert Dense(1, 1, activation="linear").activation is None


def test_sigmoid_is_stable_for_large_inputs() -> None:
    layer = Dense(1, 1, activation="sigmoid", weight_initializer=[[1.0]], dtype=np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = layer(np.array([[-1000.0], [0.0], [1000.0]]))
    assert y.ravel().tolist() == [0.0, 0.5, 1.0]


@given(
    st.sampled_from([None, "relu", "tanh", "sigmoid"]),
    st.booleans(),
    hnp.array_shapes(min_dims=1, max_dims=3, max_side=3),
    st.integers(1, 4),
    st.integers(0, 2**32 - 1),
)
def test_dense_finite_differences(activation, bias, batch_shape, out_features, seed) -> None:
    rng = np.random.default_rng(seed)
    in_features = batch_shape[-1]
    layer = Dense(in_features, out_features, bias=bias, activation=activation, seed=rng,
                  dtype=np.float64)
    if bias:
        layer.bias[:] = rng.standard_normal(out_features)
    x = rng.standard_normal(batch_shape)
    r = rng.standard_normal(batch_shape[:-1] + (out_features,))
    z = x @ layer.weight + (layer.bias if bias else 0)
    assume(activation != "relu" or np.min(np.abs(z)) > 1e-4)

    def loss(x_: np.ndarray) -> float:
        return float(np.sum(layer.forward(x_) * r))

    layer(x)
    grad_x = layer.backward(r)
    assert grad_x.shape == x.shape


    tol = {"rtol": 1e-5, "atol": 1e-7}
    np.testing.assert_allclose(grad_x, numerical_gradient(lambda: loss(x), x), **tol)
    np.testing.assert_allclose(layer.grad_weight, numerical_gradient(lambda: loss(x), layer.weight), **tol)
    if bias:
        np.testing.assert_allclose(layer.grad_bias, numerical_gradient(lambda: loss(x), layer.bias), **tol)
    else:
        assert layer.grad_bias is None


def test_dense_accumulates_and_zero_grad() -> None:
    layer = Dense(2, 1, weight_initializer=[[1.0], [1.0]])
    x = np.array([[1.0, 2.0]])
    for _ in range(2):
        layer(x)
        layer.backward(np.ones((1, 1)))
    assert layer.grad_weight.ravel().tolist() == [2.0, 4.0]
    assert layer.grad_bias.tolist() == [2.0]
    layer.zero_grad()
    assert not layer.grad_weight.any() and not layer.grad_bias.any()
    no_bias = Dense(2, 1, bias=False)
    no_bias.zero_grad()
    assert [n for n, _, _ in no_bias.parameters()] == ["weight"]


def test_dense_parameters_and_freezing() -> None:
    layer = Dense(2, 3)
    names = [(n, v is getattr(layer, n), g is getattr(layer, f"grad_{n}"))
             for n, v, g in layer.parameters()]
    assert names == [("weight", True, True), ("bias", True, True)]
    layer.trainable = False
    assert layer.parameters() == []
    layer(np.ones((1, 2)))
    grad_x = layer.backward(np.ones((1, 3)))
    assert grad_x.shape == (1, 2)
    assert not layer.grad_weight.any()
    assert repr(layer) == ("Dense(in_features=2, out_features=3, bias=True, activation=None, "
                           "dtype=float32, trainable=False)")
    with pytest.raises(TypeError, match="trainable must be True or False, got 0"):
        layer.trainable = 0  # type: ignore[assignment]


def test_dense_casts_input_to_its_dtype() -> None:
    layer = Dense(2, 2, dtype=np.float32)
    assert layer(np.ones((1, 2), dtype=np.float64)).dtype == np.float32
    assert layer.backward(np.ones((1, 2))).dtype == np.float32


@pytest.mark.parametrize(
    ("kwargs", "exc", "pattern"),
    [
        ({"in_features": 0}, ValueError, r"in_features must be a positive integer .* got 0"),
        ({"out_features": 1.5}, TypeError, r"out_features must be a positive integer .* got 1.5"),
        ({"activation": "softmax"}, ValueError,
         r"activation must be one of None, 'linear', 'relu', 'tanh', 'sigmoid'; got 'softmax'"),
        ({"activation": True}, ValueError, r"activation must be one of .* got True"),
        ({"bias": 1}, TypeError, r"bias must be True or False, got 1"),
        ({"dtype": "int8"}, TypeError, r"dtype must be float32 or float64, got int8"),
        ({"seed": "x"}, TypeError, r"seed must be None, a non-negative int .* got 'x'"),
        ({"weight_initializer": "he"}, ValueError,
         r"weight_initializer must be one of 'glorot_uniform', 'zeros'; got 'he'"),
        ({"weight_initializer": np.zeros((2, 2))}, ValueError,
         r"weight_initializer has shape \(2, 2\), but the layer needs shape \(3, 2\)"),
        ({"weight_initializer": None}, TypeError,
         r"weight_initializer must be one of .* or an array of shape \(3, 2\), got None"),
        ({"trainable": None}, TypeError, r"trainable must be True or False, got None"),
    ],
)
def test_dense_constructor_errors(kwargs: dict, exc: type, pattern: str) -> None:
    args = {"in_features": 3, "out_features": 2, **kwargs}
    with pytest.raises(exc, match=pattern):
        Dense(args.pop("in_features"), args.pop("out_features"), **args)


def test_dense_forward_and_backward_errors() -> None:
    layer = Dense(3, 2)
    with pytest.raises(RuntimeError, match=r"backward\(\) was called before forward\(\)"):
        layer.backward(np.ones((1, 2)))
    with pytest.raises(ValueError, match=r"x has shape \(4, 5\): its last dimension is 5, but "
                                         r"in_features=3"):
        layer(np.ones((4, 5)))
    with pytest.raises(ValueError, match=r"x has shape \(\): no dimensions, but in_features=3"):
        layer(np.float64(1.0))
    with pytest.raises(TypeError, match=r"x must contain floating-point numbers, got dtype int64"):
        layer(np.array([[1, 2, 3]]))
    with pytest.raises(TypeError, match=r"got dtype bool"):
        layer(np.ones((1, 3), dtype=bool))
    layer(np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"grad_out has shape \(4, 3\), but the last forward\(\) "
                                         r"returned shape \(4, 2\)"):
        layer.backward(np.ones((4, 3)))
    with pytest.raises(TypeError, match=r"grad_out must contain floating-point .* int64"):
        layer.backward(np.ones((4, 2), dtype=np.int64))
