"""Tests for embedlab.embedding: the Embedding layer, its lookup, its scatter-add gradient
and its converters."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from embedlab import Embedding, one_hot
from embedlab.embedding import _scatter_add_rows

id_shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5)


@st.composite
def lookup_case(draw):
    """(vocab size, dim, ids) with ids of any shape, rank 0 included."""
    vocab = draw(st.integers(1, 60))
    dim = draw(st.integers(1, 5))
    ids = draw(hnp.arrays(np.int64, draw(id_shapes), elements=st.integers(0, vocab - 1)))
    return vocab, dim, ids


def integer_grad(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Integer-valued float64 gradients: sums are exact in any order."""
    return rng.integers(-8, 9, size=shape).astype(np.float64)


# ======================================================================
# Embedding: construction
# ======================================================================
def test_default_uniform_initialiser_is_keras_like() -> None:
    emb = Embedding(1000, 16, seed=0)
    assert emb.weight.shape == (1000, 16) and emb.weight.dtype == np.float32
    assert emb.embeddings is emb.weight
    assert emb.weight.min() >= -0.05 and emb.weight.max() <= 0.05
    assert emb.weight.std() > 0.02  # spread over the interval, not constant
    assert emb.grad.shape == emb.weight.shape and not emb.grad.any()
    assert (emb.input_dim, emb.output_dim, emb.dtype) == (1000, 16, np.float32)


def test_normal_and_zeros_initialisers(float_dtype) -> None:
    normal = Embedding(2000, 8, embeddings_initializer="normal", seed=1, dtype=float_dtype)
    assert normal.weight.dtype == float_dtype
    assert abs(normal.weight.mean()) < 0.05 and 0.95 < normal.weight.std() < 1.05
    zeros = Embedding(3, 2, embeddings_initializer="zeros", dtype=float_dtype)
    assert not zeros.weight.any()


def test_seed_reproducibility_and_generators() -> None:
    a = Embedding(5, 3, seed=7).weight
    b = Embedding(5, 3, seed=7).weight
    c = Embedding(5, 3, seed=8).weight
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    gen = np.random.default_rng(7)
    np.testing.assert_array_equal(Embedding(5, 3, seed=gen).weight, a)
    # float64 tables hold the same draws, before rounding to float32
    np.testing.assert_array_equal(
        Embedding(5, 3, seed=7, dtype=np.float64).weight.astype(np.float32), a)


def test_matrix_initialiser_is_copied() -> None:
    matrix = np.arange(6, dtype=np.float64).reshape(3, 2)
    emb = Embedding(3, 2, embeddings_initializer=matrix, dtype=np.float64)
    np.testing.assert_array_equal(emb.weight, matrix)
    matrix[0, 0] = 99
    assert emb.weight[0, 0] == 0
    listed = Embedding(2, 1, embeddings_initializer=[[1], [2]])
    assert listed.weight.tolist() == [[1.0], [2.0]] and listed.weight.dtype == np.float32


def test_padding_row_starts_at_zero_for_named_initialisers_only() -> None:
    emb = Embedding(4, 3, seed=0, padding_idx=2, embeddings_initializer="normal")
    assert not emb.weight[2].any() and emb.weight[1].any()
    given_matrix = np.ones((4, 3))
    kept = Embedding(4, 3, embeddings_initializer=given_matrix, padding_idx=2)
    assert kept.weight[2].tolist() == [1.0, 1.0, 1.0]


@pytest.mark.parametrize(
    ("kwargs", "exc", "pattern"),
    [
        ({"input_dim": 0}, ValueError, r"input_dim must be a positive integer \(>= 1\), got 0"),
        ({"input_dim": -3}, ValueError, r"input_dim must be .* got -3"),
        ({"input_dim": 2.5}, TypeError, r"input_dim must be .* got 2\.5"),
        ({"input_dim": True}, TypeError, r"input_dim must be .* got True"),
        ({"output_dim": 0}, ValueError, r"output_dim must be a positive integer .* got 0"),
        ({"output_dim": "8"}, TypeError, r"output_dim must be .* got '8'"),
        ({"padding_idx": 5}, ValueError, r"padding_idx must be in 0\.\.4 \(input_dim=5\), got 5"),
        ({"padding_idx": -1}, ValueError, r"padding_idx must be in 0\.\.4 .* got -1"),
        ({"padding_idx": 1.0}, TypeError, re.escape("padding_idx must be None or an integer in 0..4, got 1.0")),
        ({"padding_idx": True}, TypeError, re.escape("padding_idx must be None or an integer in 0..4, got True")),
        ({"embeddings_initializer": "glorot"}, ValueError,
         r"embeddings_initializer must be one of 'uniform', 'normal', 'zeros'; got 'glorot'"),
        ({"embeddings_initializer": np.zeros((4, 3))}, ValueError,
         r"embeddings_initializer has shape \(4, 3\), but the layer needs shape \(5, 3\)"),
        ({"embeddings_initializer": np.zeros(15)}, ValueError, r"has shape \(15,\)"),
        ({"embeddings_initializer": [["a"] * 3] * 5}, TypeError,
         r"embeddings_initializer must be a name or a numeric array, got dtype <U1"),
        ({"embeddings_initializer": np.full((5, 3), np.nan)}, ValueError,
         r"embeddings_initializer contains nan at position \(0, 0\)"),
        ({"embeddings_initializer": 0.5}, TypeError,
         r"embeddings_initializer must be one of .* or an array of shape \(5, 3\), got 0\.5"),
        ({"dtype": np.int32}, TypeError, r"dtype must be float32 or float64, got int32"),
        ({"dtype": np.float16}, TypeError, r"dtype must be float32 or float64, got float16"),
        ({"seed": -1}, ValueError, r"seed must be None, a non-negative int .* got -1"),
        ({"seed": 0.5}, TypeError, r"seed must be .* got 0\.5"),
        ({"mask_zero": 1}, TypeError, r"mask_zero must be True or False, got 1"),
        ({"trainable": "no"}, TypeError, r"trainable must be True or False, got 'no'"),
    ],
)
def test_embedding_constructor_errors(kwargs: dict, exc: type, pattern: str) -> None:
    args = {"input_dim": 5, "output_dim": 3, **kwargs}
    with pytest.raises(exc, match=pattern):
        Embedding(args.pop("input_dim"), args.pop("output_dim"), **args)


def test_attributes_are_read_only_but_trainable_is_settable() -> None:
    emb = Embedding(3, 2)
    with pytest.raises(AttributeError):
        emb.weight = np.zeros((3, 2))  # type: ignore[misc]
    emb.trainable = False
    assert emb.parameters() == []
    with pytest.raises(TypeError, match="trainable must be True or False, got None"):
        emb.trainable = None  # type: ignore[assignment]


def test_repr() -> None:
    assert repr(Embedding(10, 4, padding_idx=0)) == (
        "Embedding(input_dim=10, output_dim=4, dtype=float32, mask_zero=False, "
        "padding_idx=0, trainable=True)")


# ======================================================================
# Embedding: forward and mask
# ======================================================================
@given(lookup_case())
def test_forward_is_a_row_lookup_for_any_rank(case) -> None:
    vocab, dim, ids = case
    emb = Embedding(vocab, dim, seed=0)
    out = emb(ids)
    assert out.shape == ids.shape + (dim,)
    np.testing.assert_array_equal(out, emb.weight[ids])


def test_forward_accepts_lists_ints_and_unsigned() -> None:
    emb = Embedding(4, 2, seed=0)
    np.testing.assert_array_equal(emb(3), emb.weight[3])
    np.testing.assert_array_equal(emb([[1, 2]]), emb.weight[[[1, 2]]])
    np.testing.assert_array_equal(emb(np.array([3], dtype=np.uint8)), emb.weight[[3]])
    assert emb.forward([]).shape == (0, 2)


def test_forward_returns_a_copy() -> None:
    emb = Embedding(4, 2, seed=0)
    out = emb([1])
    out[:] = 123
    assert not (emb.weight == 123).any()


@pytest.mark.parametrize(
    ("ids", "exc", "pattern"),
    [
        ([[0, 1], [2, 4]], IndexError,
         r"ids contains 4 at position \(1, 1\), outside the valid range 0\.\.3 \(input_dim=4\)"),
        ([0, -1], IndexError, r"ids contains -1 at position \(1,\).*NumPy indexing would silently"),
        ([0.0, 1.0], TypeError, r"ids must be integers, got dtype float64"),
        ([True], TypeError, r"ids must be integers, got dtype bool"),
        (["a"], TypeError, r"ids must be integers, got dtype <U1"),
        ([[1], [2, 3]], ValueError, r"ids must be a rectangular array"),
    ],
)
def test_forward_errors(ids: object, exc: type, pattern: str) -> None:
    emb = Embedding(4, 2)
    with pytest.raises(exc, match=pattern):
        emb(ids)
    with pytest.raises(exc, match=pattern):
        emb.compute_mask(ids)


def test_compute_mask() -> None:
    ids = np.array([[0, 2, 1], [3, 0, 0]])
    masked = Embedding(4, 2, mask_zero=True, seed=0)
    np.testing.assert_array_equal(masked.compute_mask(ids), ids != 0)
    assert masked.compute_mask(0).shape == ()
    # the mask does not change the vectors: id 0 is looked up as usual
    np.testing.assert_array_equal(masked(ids)[0, 0], masked.weight[0])
    assert masked.weight[0].any()
    assert Embedding(4, 2).compute_mask(ids) is None


# ======================================================================
# Embedding: backward
# ======================================================================
def test_repeated_ids_sum_their_gradients() -> None:
    emb = Embedding(4, 1, embeddings_initializer="zeros", dtype=np.float64)
    ids = np.array([1, 1, 1, 3])
    emb(ids)
    emb.backward(np.array([[1.0], [2.0], [4.0], [8.0]]))
    assert emb.grad.ravel().tolist() == [0.0, 7.0, 0.0, 8.0]
    # the buffered update a beginner might write keeps only the last value
    buggy = np.zeros((4, 1))
    buggy[ids] += np.array([[1.0], [2.0], [4.0], [8.0]])
    assert buggy.ravel().tolist() == [0.0, 4.0, 0.0, 8.0]


@given(lookup_case(), st.integers(0, 2**32 - 1))
def test_gradient_equals_one_hot_transpose_product(case, seed) -> None:
    vocab, dim, ids = case
    rng = np.random.default_rng(seed)
    grad_out = integer_grad(rng, ids.shape + (dim,))
    emb = Embedding(vocab, dim, seed=0, dtype=np.float64)
    emb(ids)
    assert emb.backward(grad_out) is None
    expected = one_hot(ids, vocab, dtype=np.float64).reshape(-1, vocab).T @ grad_out.reshape(
        -1, dim)
    np.testing.assert_array_equal(emb.grad, expected)


@given(lookup_case(), st.integers(0, 2**32 - 1), st.sampled_from(["sparse", "add_at"]))
def test_scatter_methods_agree(case, seed, method) -> None:
    vocab, dim, ids = case
    rng = np.random.default_rng(seed)
    values = integer_grad(rng, (ids.size, dim))
    rows = ids.reshape(-1).astype(np.intp)
    start = integer_grad(rng, (vocab, dim))
    target = start.copy()
    _scatter_add_rows(target, rows, values, method=method)
    expected = start.copy()
    np.add.at(expected, rows, values)
    np.testing.assert_array_equal(target, expected)


@pytest.mark.parametrize("num_rows", [4, 1000])  # table smaller / much larger than batch
def test_sparse_scatter_on_small_and_large_tables(num_rows: int) -> None:
    rows = np.array([3, 1, 3, 3])
    values = np.array([[1.0], [2.0], [4.0], [8.0]])
    target = np.ones((num_rows, 1))
    _scatter_add_rows(target, rows, values, method="sparse")
    assert target[[0, 1, 2, 3], 0].tolist() == [1.0, 3.0, 1.0, 14.0]
    assert target.sum() == num_rows + 15.0
    _scatter_add_rows(target, rows[:0], values[:0], method="sparse")  # nothing to add
    assert target.sum() == num_rows + 15.0


def test_scatter_add_rows_bad_method() -> None:
    with pytest.raises(ValueError, match="method must be 'auto', 'sparse' or 'add_at', got 'fast'"):
        _scatter_add_rows(np.zeros((2, 2)), np.array([0]), np.ones((1, 2)), method="fast")


def test_backward_accumulates_until_zero_grad(float_dtype) -> None:
    emb = Embedding(5, 2, seed=0, dtype=float_dtype)
    emb([0, 4])
    emb.backward(np.ones((2, 2)))
    emb([4])
    emb.backward(np.ones((1, 2)))
    assert emb.grad.dtype == float_dtype
    assert emb.grad[:, 0].tolist() == [1, 0, 0, 0, 2]
    rows, values = emb.sparse_grad()
    assert rows.tolist() == [0, 4]
    assert values.tolist() == [[1, 1], [2, 2]]
    values[:] = 0  # a copy
    assert emb.grad[4, 0] == 2
    emb.zero_grad()
    assert not emb.grad.any()
    rows, values = emb.sparse_grad()
    assert rows.size == 0 and values.shape == (0, 2)


def test_backward_uses_the_ids_of_the_last_forward_even_if_caller_mutates_them() -> None:
    emb = Embedding(5, 1, embeddings_initializer="zeros")
    ids = np.array([1, 2])
    emb(ids)
    ids[:] = 4
    emb.backward(np.ones((2, 1)))
    assert emb.grad.ravel().tolist() == [0, 1, 1, 0, 0]


@given(lookup_case(), st.integers(0, 2**32 - 1))
def test_padding_row_never_receives_gradient(case, seed) -> None:
    vocab, dim, ids = case
    pad = int(np.random.default_rng(seed).integers(vocab))
    emb = Embedding(vocab, dim, padding_idx=pad, seed=0)
    assert not emb.weight[pad].any()
    emb(ids)
    emb.backward(np.ones(ids.shape + (dim,), dtype=np.float32))
    assert not emb.grad[pad].any()
    rows, _ = emb.sparse_grad()
    assert pad not in rows.tolist()
    assert sorted(set(ids.ravel().tolist()) - {pad}) == rows.tolist()
    # the padding vector is still returned by the lookup
    if ids.size:
        np.testing.assert_array_equal(emb(ids), emb.weight[ids])


def test_frozen_embedding_collects_no_gradient() -> None:
    emb = Embedding(3, 2, trainable=False)
    emb([1])
    emb.backward(np.ones((1, 2)))
    assert not emb.grad.any()
    with pytest.raises(ValueError, match="grad_out has shape"):
        emb.backward(np.ones((2, 2)))


def test_backward_errors() -> None:
    emb = Embedding(4, 3)
    with pytest.raises(RuntimeError, match=r"backward\(\) was called before forward\(\)"):
        emb.backward(np.ones((1, 3)))
    emb(np.zeros((2, 5), dtype=int))
    with pytest.raises(ValueError, match=r"grad_out has shape \(2, 5\), but the last forward\(\) "
                                         r"returned shape \(2, 5, 3\)"):
        emb.backward(np.ones((2, 5)))
    with pytest.raises(ValueError, match=r"grad_out has shape \(5, 2, 3\)"):
        emb.backward(np.ones((5, 2, 3)))
    with pytest.raises(TypeError, match=r"grad_out must contain floating-point numbers, got "
                                        r"dtype int64"):
        emb.backward(np.ones((2, 5, 3), dtype=np.int64))


def test_embedding_finite_differences() -> None:
    rng = np.random.default_rng(3)
    ids = rng.integers(0, 6, size=(3, 4))
    weights_of_loss = rng.standard_normal((3, 4, 2))
    emb = Embedding(6, 2, seed=1, dtype=np.float64)

    def loss() -> float:
        return float(np.sum(emb(ids) * weights_of_loss))

    emb(ids)
    emb.backward(weights_of_loss)
    numeric = np.zeros_like(emb.weight)
    eps = 1e-6
    for idx in np.ndindex(emb.weight.shape):
        old = emb.weight[idx]
        emb.weight[idx] = old + eps
        up = loss()
        emb.weight[idx] = old - eps
        down = loss()
        emb.weight[idx] = old
        numeric[idx] = (up - down) / (2 * eps)
    np.testing.assert_allclose(emb.grad, numeric, rtol=1e-6, atol=1e-8)


def test_parameters_are_the_live_arrays() -> None:
    emb = Embedding(3, 2)
    [(name, value, grad)] = emb.parameters()
    assert name == "weight" and value is emb.weight and grad is emb.grad


# ======================================================================
# Embedding: converters
# ======================================================================
def test_from_pretrained() -> None:
    matrix = np.arange(12, dtype=np.float64).reshape(4, 3)
    emb = Embedding.from_pretrained(matrix)
    assert emb.trainable is False and emb.parameters() == []
    assert emb.dtype == np.float64
    np.testing.assert_array_equal(emb.weight, matrix)
    assert emb.weight is not matrix
    trainable = Embedding.from_pretrained(matrix.astype(np.float32), freeze=False,
                                          padding_idx=1, mask_zero=True)
    assert trainable.trainable and trainable.padding_idx == 1 and trainable.mask_zero
    assert trainable.dtype == np.float32
    assert trainable.weight[1].tolist() == [3.0, 4.0, 5.0]  # kept, not zeroed
    assert Embedding.from_pretrained(np.eye(2, dtype=int)).dtype == np.float32
    assert Embedding.from_pretrained(matrix, dtype=np.float32).dtype == np.float32


@pytest.mark.parametrize(
    ("matrix", "kwargs", "exc", "pattern"),
    [
        (np.zeros(5), {}, ValueError, re.escape(
            "matrix must be a non-empty 2-D array (vocabulary size, dimension), got shape (5,)")),
        (np.zeros((2, 2, 2)), {}, ValueError, re.escape(
            "matrix must be a non-empty 2-D array (vocabulary size, dimension), got shape (2, 2, 2)")),
        (np.zeros((0, 3)), {}, ValueError, re.escape(
            "matrix must be a non-empty 2-D array (vocabulary size, dimension), got shape (0, 3)")),
        ([["a", "b"]], {}, TypeError, re.escape("matrix must be a numeric matrix, got dtype <U1")),
        (np.zeros((3, 2)), {"freeze": "yes"}, TypeError, r"freeze must be True or False"),
        (np.zeros((3, 2)), {"padding_idx": 3}, ValueError, r"padding_idx must be in 0\.\.2"),
        (np.zeros((3, 2)), {"dtype": int}, TypeError, r"dtype must be float32 or float64"),
    ],
)
def test_from_pretrained_errors(matrix, kwargs: dict, exc: type, pattern: str) -> None:
    with pytest.raises(exc, match=pattern):
        Embedding.from_pretrained(matrix, **kwargs)


@given(lookup_case(), st.sampled_from([np.float32, np.float64]))
def test_to_dense_matches_lookup_exactly(case, dtype) -> None:
    vocab, dim, ids = case
    emb = Embedding(vocab, dim, seed=2, embeddings_initializer="normal", dtype=dtype)
    dense = emb.to_dense()
    assert dense.bias is None and dense.activation is None and dense.dtype == dtype
    assert dense.weight is not emb.weight
    np.testing.assert_array_equal(dense(one_hot(ids, vocab)), emb(ids))


def test_to_dense_gradient_matches_embedding_gradient() -> None:
    rng = np.random.default_rng(0)
    ids = rng.integers(0, 7, size=(4, 3))
    grad_out = integer_grad(rng, (4, 3, 2))
    emb = Embedding(7, 2, seed=0, dtype=np.float64)
    dense = emb.to_dense()
    emb(ids)
    emb.backward(grad_out)
    dense(one_hot(ids, 7, dtype=np.float64))
    dense.backward(grad_out)
    np.testing.assert_array_equal(dense.grad_weight, emb.grad)


# ------------------------------------------------------------ max_norm, scale_grad_by_freq
def _big_rows(V: int = 5, d: int = 3) -> np.ndarray:
    return np.arange(1.0, V * d + 1).reshape(V, d)  # every row has norm > 1


def test_max_norm_rescales_only_the_rows_looked_up_in_place() -> None:
    table = _big_rows()
    emb = Embedding(5, 3, embeddings_initializer=table, dtype=np.float64, max_norm=2.0)
    weight = emb.weight
    out = emb([3, 1, 3])
    assert emb.weight is weight  # the same array, changed in place
    norms = np.linalg.norm(emb.weight, axis=1)
    np.testing.assert_allclose(norms[[1, 3]], 2.0, rtol=1e-6)
    np.testing.assert_array_equal(emb.weight[[0, 2, 4]], table[[0, 2, 4]])  # untouched
    np.testing.assert_array_equal(out[0], out[2])  # a repeated id: renormalised once
    np.testing.assert_allclose(out[0], table[3] * 2.0 / (np.linalg.norm(table[3]) + 1e-7))


def test_max_norm_leaves_short_rows_alone_and_uses_norm_type() -> None:
    table = np.array([[0.3, 0.4], [3.0, 4.0]])
    emb = Embedding(2, 2, embeddings_initializer=table, dtype=np.float64, max_norm=1.0)
    emb([0, 1])
    np.testing.assert_array_equal(emb.weight[0], table[0])
    l1 = Embedding(2, 2, embeddings_initializer=table, dtype=np.float64, max_norm=1.0, norm_type=1.0)
    l1([1])
    np.testing.assert_allclose(np.abs(l1.weight[1]).sum(), 1.0, rtol=1e-6)


def test_scale_grad_by_freq_divides_by_the_count_in_the_batch() -> None:
    ids = np.array([[4, 1, 3], [3, 3, 0]])
    g = np.arange(12.0).reshape(2, 3, 2)
    plain = Embedding(5, 2, dtype=np.float64)
    plain(ids)
    plain.backward(g)
    scaled = Embedding(5, 2, dtype=np.float64, scale_grad_by_freq=True)
    scaled(ids)
    scaled.backward(g)
    counts = np.bincount(ids.ravel(), minlength=5)
    expected = plain.grad / np.maximum(counts, 1)[:, None]
    np.testing.assert_allclose(scaled.grad, expected)
    assert scaled.grad[3, 0] != plain.grad[3, 0]  # row 3 was used 3 times


@pytest.mark.parametrize(
    ("kwargs", "exc", "pattern"),
    [
        ({"max_norm": 0.0}, ValueError, r"max_norm must be a finite number > 0, got 0\.0"),
        ({"max_norm": -1}, ValueError, r"max_norm must be a finite number > 0, got -1"),
        ({"max_norm": "1"}, TypeError, r"max_norm must be a finite number > 0"),
        ({"max_norm": 1.0, "norm_type": 0}, ValueError, r"norm_type must be a finite number > 0"),
        ({"scale_grad_by_freq": 1}, TypeError, r"scale_grad_by_freq must be True or False"),
    ],
)
def test_max_norm_and_scale_grad_errors(kwargs: dict, exc: type, pattern: str) -> None:
    with pytest.raises(exc, match=pattern):
        Embedding(3, 2, **kwargs)


def test_max_norm_out_of_range_ids_fail_before_any_row_changes() -> None:
    emb = Embedding(3, 2, embeddings_initializer=_big_rows(3, 2), max_norm=1.0)
    before = emb.weight.copy()
    with pytest.raises(IndexError, match=r"ids contains 3"):
        emb([0, 3])
    np.testing.assert_array_equal(emb.weight, before)
    assert "max_norm=1.0" in repr(emb) and "scale_grad_by_freq" not in repr(emb)
