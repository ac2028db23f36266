"""embedlab.bag: pooled lookups against the (B, T, d) route, gradients, and errors."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from embedlab.bag import BAG_MODES, EmbeddingBag, embedding_bag
from embedlab.training import numerical_gradient


def _naive(E, ids, offsets, mode, weights=None):
    bounds = list(offsets) + [len(ids)]
    out = []
    for b in range(len(offsets)):
        rows = E[ids[bounds[b]:bounds[b + 1]]]
        if weights is not None:
            rows = rows * np.asarray(weights[bounds[b]:bounds[b + 1]])[:, None]
        if len(rows) == 0:
            out.append(np.zeros(E.shape[1]))
        else:
            out.append({"sum": rows.sum(0), "mean": rows.mean(0), "max": rows.max(0)}[mode])
    return np.array(out)


@pytest.mark.parametrize("mode", BAG_MODES)
def test_bags_with_offsets_match_a_loop_including_empty_bags(rng, mode) -> None:
    E = rng.normal(size=(20, 4))
    ids = rng.integers(0, 20, size=15)
    offsets = [0, 3, 3, 9, 14, 15]  # bags 1 and 5 are empty
    np.testing.assert_allclose(embedding_bag(E, ids, offsets, mode=mode),
                               _naive(E, ids, offsets, mode), atol=1e-12)


@pytest.mark.parametrize("mode", BAG_MODES)
def test_two_dimensional_ids_are_fixed_length_bags(rng, mode) -> None:
    E = rng.normal(size=(10, 3))
    X = rng.integers(0, 10, size=(4, 5))
    expected = {"sum": E[X].sum(1), "mean": E[X].mean(1), "max": E[X].max(1)}[mode]
    np.testing.assert_allclose(embedding_bag(E, X, mode=mode), expected, atol=1e-12)
    flat = embedding_bag(E, X.ravel(), [0, 5, 10, 15, 20], mode=mode, include_last_offset=True)
    np.testing.assert_allclose(flat, expected, atol=1e-12)


def test_per_sample_weights_scale_each_row(rng) -> None:
    E = rng.normal(size=(10, 3))
    ids = np.array([1, 1, 4, 7, 2])
    w = rng.normal(size=5)
    np.testing.assert_allclose(embedding_bag(E, ids, [0, 2], mode="sum", per_sample_weights=w),
                               _naive(E, ids, [0, 2], "sum", w), atol=1e-12)


def test_sum_mode_needs_no_batch_sized_gather(rng) -> None:
    E = rng.normal(size=(1000, 64)).astype(np.float32)
    X = rng.integers(0, 1000, size=(64, 200))
    gathered = X.size * 64 * 4  # bytes of E[X]
    tracemalloc.start()
    embedding_bag(E, X, mode="sum")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < gathered / 4


@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
def test_layer_gradient_matches_finite_differences(rng, mode) -> None:
    ids = np.array([0, 3, 3, 1, 4, 2, 0])
    offsets = np.array([0, 2, 2, 5])
    bag = EmbeddingBag(6, 3, mode=mode, dtype=np.float64, seed=1)
    up = rng.normal(size=(4, 3))

    def loss():
        return float(np.sum(bag(ids, offsets) * up))

    bag(ids, offsets)
    bag.backward(up)
    numeric = numerical_gradient(loss, bag.weight)
    np.testing.assert_allclose(bag.grad, numeric, atol=1e-6)
    assert not bag.grad[5].any()  # row 5 is in no bag


def test_per_sample_weight_gradient(rng) -> None:
    ids, offsets = np.array([1, 2, 2, 0]), np.array([0, 3])
    w = rng.normal(size=4)
    bag = EmbeddingBag(3, 2, mode="sum", dtype=np.float64, seed=0)
    up = rng.normal(size=(2, 2))
    bag(ids, offsets, per_sample_weights=w)
    dw = bag.backward(up)
    numeric = numerical_gradient(lambda: float(np.sum(bag(ids, offsets, w) * up)), w)
    np.testing.assert_allclose(dw, numeric, atol=1e-6)
    assert bag.backward(up).shape == (4,)
    bag(ids, offsets)
    assert bag.backward(up) is None


def test_layer_basics_and_frozen_table() -> None:
    bag = EmbeddingBag(4, 2, mode="sum", seed=0, trainable=False)
    assert bag.mode == "sum" and bag.weight.dtype == np.float32 and bag.parameters() == []
    assert repr(bag) == "EmbeddingBag(input_dim=4, output_dim=2, mode='sum')"
    with pytest.raises(RuntimeError, match="before forward"):
        bag.backward(np.ones((1, 2)))
    bag([[0, 1]])
    bag.backward(np.ones((1, 2)))
    assert not bag.grad.any()
    with pytest.raises(ValueError, match=r"grad_out has shape \(2, 2\), but the last forward\(\) returned shape \(1, 2\)"):
        bag.backward(np.ones((2, 2)))


E3 = np.eye(3)


@pytest.mark.parametrize(
    ("args", "kwargs", "exc", "pattern"),
    [
        (([0, 1], [1]), {}, ValueError, r"offsets\[0\] must be 0 .* got 1"),
        (([0, 1, 2], [0, 2, 1]), {}, ValueError, r"offsets must not decrease, got offsets\[1\]=2 > offsets\[2\]=1"),
        (([0, 1], [0, 3]), {}, ValueError, r"offsets\[1\]=3 is past the end of ids \(len\(ids\)=2\)"),
        (([0, 1], [0, -1]), {}, IndexError, r"offsets contains -1"),
        (([0, 1], [0.0]), {}, TypeError, r"offsets must be integers"),
        (([0, 1], [[0]]), {}, ValueError, r"offsets must be a non-empty 1-D array"),
        (([0, 1], []), {}, ValueError, r"offsets must be a non-empty 1-D array"),
        (([0, 1], None), {}, ValueError, r"offsets is required when ids is 1-D"),
        (([[0, 1]], [0]), {}, ValueError, r"offsets must be None when ids is 2-D"),
        (([0, 3], [0]), {}, IndexError, r"ids contains 3 at position \(1,\), outside the valid range 0\.\.2"),
        (([[[0]]], None), {}, ValueError, r"ids must be 1-D \(with offsets\) or 2-D"),
        (([0, 1], [0]), {"mode": "median"}, ValueError, r"mode must be one of 'sum', 'mean', 'max'"),
        (([0, 1], [0]), {"mode": "mean", "per_sample_weights": [1.0, 1.0]}, ValueError,
         r"per_sample_weights is only allowed with mode='sum' \(as in PyTorch\), got mode='mean'"),
        (([0, 1], [0]), {"mode": "sum", "per_sample_weights": [1.0]}, ValueError,
         r"per_sample_weights must have the shape of ids, \(2,\), got \(1,\)"),
        (([0, 1], [0]), {"mode": "sum", "per_sample_weights": [1, 1]}, TypeError,
         r"per_sample_weights must contain floating-point numbers"),
        (([0, 1], [0, 1]), {"include_last_offset": True}, ValueError,
         r"the last offset must be len\(ids\)=2, got 1"),
        (([0, 1], [0]), {"include_last_offset": 1}, TypeError, r"include_last_offset must be True or False"),
    ],
)
def test_embedding_bag_errors(args, kwargs, exc, pattern) -> None:
    with pytest.raises(exc, match=pattern):
        embedding_bag(E3, *args, **kwargs)


def test_table_and_size_errors() -> None:
    with pytest.raises(ValueError, match=r"table must be a non-empty 2-D array \(V, d\)"):
        embedding_bag(np.zeros(3), [0], [0])
    with pytest.raises(ValueError, match="input_dim must be a positive integer"):
        EmbeddingBag(-2, 3)
    with pytest.raises(ValueError, match="output_dim must be a positive integer"):
        EmbeddingBag(2, 0)
    with pytest.raises(ValueError, match="mode must be one of"):
        EmbeddingBag(2, 2, mode="min")
    np.testing.assert_array_equal(embedding_bag([[1, 2], [3, 4]], [1], [0], mode="sum"), [[3.0, 4.0]])
