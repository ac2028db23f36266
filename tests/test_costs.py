"""embedlab.costs: exact memory formulas, the cost model, and the structure of a measurement."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from embedlab import one_hot
from embedlab.costs import (
    METHODS,
    CostRow,
    MemoryRow,
    csr_nbytes,
    ids_nbytes,
    lookup_three_ways,
    measure_costs,
    memory_table,
    multiply_adds,
    onehot_csr,
    onehot_nbytes,
    update_entries,
    vectors_nbytes,
    wasted_fraction,
)


# --------------------------------------------------------------------------- memory formulas
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(("n", "V"), [(0, 1), (1, 1), (7, 3), (64, 1000)])
def test_onehot_nbytes_is_the_size_of_the_real_matrix(n, V, dtype, rng):
    ids = rng.integers(0, V, size=n)
    real = one_hot(ids, V, dtype=dtype)
    assert onehot_nbytes(n, V, dtype) == real.nbytes == n * V * np.dtype(dtype).itemsize


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(("n", "V"), [(0, 1), (1, 5), (9, 4), (300, 50_000)])
def test_csr_nbytes_is_the_size_of_the_three_csr_arrays(n, V, dtype, rng):
    S = onehot_csr(rng.integers(0, V, size=n), V, dtype=dtype)
    real = S.data.nbytes + S.indices.nbytes + S.indptr.nbytes
    itemsize = np.dtype(dtype).itemsize
    assert csr_nbytes(n, dtype) == real == n * itemsize + n * 4 + (n + 1) * 4
    assert S.indices.dtype == np.int32 and S.indptr.dtype == np.int32
    assert S.nnz == n


def test_csr_nbytes_does_not_depend_on_the_vocabulary(rng):
    sizes = {csr_nbytes(50)}
    for V in (10, 1000, 100_000):
        S = onehot_csr(rng.integers(0, V, size=50), V)
        sizes.add(S.data.nbytes + S.indices.nbytes + S.indptr.nbytes)
    assert sizes == {50 * 4 + 50 * 4 + 51 * 4}


def test_csr_nbytes_with_64_bit_indices():
    assert csr_nbytes(10, np.float32, np.int64) == 10 * 4 + 10 * 8 + 11 * 8


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.uint16])
def test_ids_nbytes_is_the_size_of_the_ids(dtype):
    ids = np.zeros((4, 7), dtype=dtype)
    assert ids_nbytes(ids.size, dtype) == ids.nbytes


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_vectors_nbytes_is_the_size_of_the_lookup(dtype, rng):
    W = rng.standard_normal((11, 6)).astype(dtype)
    ids = rng.integers(0, 11, size=(3, 5))
    assert vectors_nbytes(ids.size, 6, dtype) == W[ids].nbytes


def test_realistic_batch_numbers():
    n = 32 * 512
    assert onehot_nbytes(n, 250_000) == 16_384_000_000
    assert ids_nbytes(n) == 131_072
    assert vectors_nbytes(n, 768) == 50_331_648
    assert onehot_nbytes(n, 50_257) // vectors_nbytes(n, 768) == 50_257 // 768


# --------------------------------------------------------------------------- cost model
def test_multiply_adds_of_each_method():
    assert multiply_adds(2, 3, 5, "dense") == 30
    assert multiply_adds(2, 3, 5, "sparse") == 10
    assert multiply_adds(2, 3, 5, "lookup") == 0
    assert multiply_adds(0, 3, 5, "dense") == 0


def test_backward_multiply_adds_of_each_method():
    assert multiply_adds(2, 3, 5, "dense", step="backward") == 30     # O.T @ dY
    assert multiply_adds(2, 3, 5, "sparse", step="backward") == 10
    assert multiply_adds(2, 3, 5, "lookup", step="backward") == 10    # scatter-add
    assert multiply_adds(0, 3, 5, "lookup", step="backward") == 0
    for m in METHODS:   # the default step is the forward pass
        assert multiply_adds(4, 7, 2, m) == multiply_adds(4, 7, 2, m, step="forward")


@pytest.mark.parametrize(("n", "V", "d"), [(1, 1, 1), (6, 4, 3), (30, 50, 5)])
def test_backward_ways_compute_the_same_gradient(n, V, d, rng):
    ids = rng.integers(0, V, size=n)
    dY = rng.standard_normal((n, d))
    O = one_hot(ids, V, dtype=np.float64)
    dense = O.T @ dY                                  # (V, n) @ (n, d)
    scattered = np.zeros((V, d))
    np.add.at(scattered, ids, dY)                     # the lookup's backward
    sparse = np.asarray(onehot_csr(ids, V, dtype=np.float64).T @ dY)
    assert dense.shape == (V, d)                      # a full table of gradients ...
    assert np.allclose(dense, scattered, rtol=0, atol=1e-12)
    assert np.allclose(sparse, scattered, rtol=0, atol=1e-12)
    nonzero_rows = np.flatnonzero(np.any(scattered != 0, axis=1))
    assert set(nonzero_rows) <= set(ids)              # ... zero outside the looked-up rows
    # the scatter-add adds each of the n * d numbers of dY once
    assert multiply_adds(n, V, d, "lookup", step="backward") == dY.size


def test_update_entries_dense_and_lazy():
    assert update_entries(50_000, 64, 200) == 50_000 * 64
    assert update_entries(50_000, 64, 200, "lazy") == 200 * 64
    assert update_entries(5, 2, 0, "lazy") == 0
    assert update_entries(5, 2, 5, "lazy") == update_entries(5, 2, 5, "dense")


@given(st.integers(1, 500), st.integers(1, 64), st.data())
def test_lazy_update_never_exceeds_dense(V, d, data):
    rows = data.draw(st.integers(0, V))
    lazy, dense = update_entries(V, d, rows, "lazy"), update_entries(V, d, rows, "dense")
    assert lazy <= dense and Fraction(lazy, dense) == Fraction(rows, V)


@given(st.integers(1, 10**6))
def test_wasted_fraction_is_one_minus_one_over_v(V):
    frac = wasted_fraction(V)
    assert frac == 1 - Fraction(1, V)
    assert isinstance(frac, Fraction)


@pytest.mark.parametrize(("n", "V", "d"), [(3, 4, 3), (5, 1, 2), (8, 17, 4)])
def test_wasted_fraction_counts_the_zero_terms_of_a_real_product(n, V, d, rng):
    X = one_hot(rng.integers(0, V, size=n), V, dtype=np.float64)
    terms = multiply_adds(n, V, d, "dense")
    zero_terms = int((X == 0).sum()) * d  # each zero meets one weight per output column
    assert Fraction(zero_terms, terms) == wasted_fraction(V)
    assert terms - zero_terms == multiply_adds(n, V, d, "sparse")


def test_memory_table_structure_and_linearity():
    rows = memory_table([1000, 2000, 4000], num_tokens=10, dim=8)
    assert [type(r) for r in rows] == [MemoryRow] * 3
    assert [r.vocab_size for r in rows] == [1000, 2000, 4000]
    assert [r.onehot for r in rows] == [10 * V * 4 for V in (1000, 2000, 4000)]
    assert {r.csr for r in rows} == {csr_nbytes(10)}
    assert {r.ids for r in rows} == {80}
    assert {r.vectors for r in rows} == {10 * 8 * 4}
    assert {(r.num_tokens, r.dim) for r in rows} == {(10, 8)}


def test_memory_table_dtypes():
    (row,) = memory_table([5], 3, 2, dtype=np.float64, ids_dtype=np.int32)
    assert (row.onehot, row.csr, row.ids, row.vectors) == (120, 3 * 8 + 3 * 4 + 4 * 4, 12, 48)


# --------------------------------------------------------------------------- three ways
@given(st.integers(1, 40), st.integers(1, 6), st.integers(0, 30), st.integers(0, 2**16))
def test_three_ways_agree_exactly(V, d, n, seed):
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((V, d)).astype(np.float32)
    ids = rng.integers(0, V, size=n)
    out = lookup_three_ways(W, ids)
    assert list(out) == list(METHODS)
    for method in METHODS:
        assert out[method].shape == (n, d)
        assert out[method].dtype == W.dtype
        assert np.array_equal(out[method], W[ids])


def test_measure_costs_structure():
    rows = measure_costs([10, 40], num_tokens=6, dim=3, repeat=2, seed=1)
    assert [type(r) for r in rows] == [CostRow, CostRow]
    for row, V in zip(rows, (10, 40)):
        assert (row.vocab_size, row.num_tokens, row.dim) == (V, 6, 3)
        assert list(row.seconds) == list(METHODS)
        assert all(isinstance(t, float) and t > 0 for t in row.seconds.values())
        assert row.input_nbytes == {
            "dense": onehot_nbytes(6, V),
            "sparse": csr_nbytes(6),
            "lookup": ids_nbytes(6),
        }
        assert row.output_nbytes == vectors_nbytes(6, 3)
        assert row.multiply_adds == {m: multiply_adds(6, V, 3, m) for m in METHODS}
        assert row.identical is True
        assert row.repeat == 2                    # each time is the best of 2


def test_measure_costs_dense_memory_grows_linearly_with_v():
    rows = measure_costs([100, 200, 800], num_tokens=5, dim=2, repeat=1)
    per_row = {r.input_nbytes["dense"] // r.vocab_size for r in rows}
    assert per_row == {5 * 4}
    assert all(r.input_nbytes["dense"] % r.vocab_size == 0 for r in rows)


def test_measure_costs_float64_and_default_threads():
    (row,) = measure_costs([20], num_tokens=4, dim=2, repeat=1, dtype=np.float64, blas_threads=None)
    assert row.input_nbytes["dense"] == 4 * 20 * 8
    assert row.identical


# --------------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: onehot_nbytes(-1, 3), ValueError, "num_tokens must be a non-negative integer (>= 0), got -1"),
        (lambda: onehot_nbytes(2.5, 3), TypeError, "num_tokens must be a non-negative integer (>= 0), got 2.5"),
        (lambda: onehot_nbytes(2, 0), ValueError, "vocab_size must be a positive integer (>= 1), got 0"),
        (lambda: onehot_nbytes(2, True), TypeError, "vocab_size must be a positive integer (>= 1), got True"),
        (lambda: onehot_nbytes(2, 3, np.int32), TypeError, "dtype must be a floating-point dtype"),
        (lambda: onehot_nbytes(2, 3, "nonsense"), TypeError, "dtype must be a floating-point dtype"),
        (lambda: onehot_nbytes(2, 3, None), TypeError, "dtype must be a floating-point dtype"),
        (lambda: csr_nbytes(2, np.float32, np.float32), TypeError, "index_dtype must be an integer dtype"),
        (lambda: ids_nbytes(2, np.float64), TypeError, "dtype must be an integer dtype"),
        (lambda: vectors_nbytes(2, 0), ValueError, "dim must be a positive integer (>= 1), got 0"),
        (lambda: multiply_adds(2, 3, 5, "fast"), ValueError, "method must be one of 'dense', 'sparse', 'lookup'; got 'fast'"),
        (lambda: multiply_adds(2, 3, 5, "dense", step="sideways"), ValueError,
         "step must be one of 'forward', 'backward'; got 'sideways'"),
        (lambda: update_entries(10, 2, 11), ValueError, "rows must be in 0..10 (vocab_size=10), got 11"),
        (lambda: update_entries(10, 2, -1), ValueError, "rows must be in 0..10 (vocab_size=10), got -1"),
        (lambda: update_entries(10, 2, 2.0), TypeError, "rows must be an integer in 0..10, got 2.0"),
        (lambda: update_entries(0, 2, 0), ValueError, "vocab_size must be a positive integer (>= 1), got 0"),
        (lambda: update_entries(10, 2, 3, "sparse"), ValueError,
         "update must be one of 'dense', 'lazy'; got 'sparse'"),
        (lambda: wasted_fraction(0), ValueError, "vocab_size must be a positive integer (>= 1), got 0"),
        (lambda: memory_table([], 3, 2), ValueError, "vocab_sizes must contain at least one vocabulary size"),
        (lambda: memory_table("100", 3, 2), TypeError, "vocab_sizes must be a sequence of positive integers, got str"),
        (lambda: memory_table([10, -4], 3, 2), ValueError, "vocab_sizes entry must be a positive integer (>= 1), got -4"),
        (lambda: onehot_csr(np.array([0, 3]), 3), IndexError, "ids contains 3, outside the valid range 0..2"),
        (lambda: onehot_csr(np.array([-1]), 3), IndexError, "ids contains -1, outside the valid range 0..2"),
        (lambda: onehot_csr(np.array([[0]]), 3), ValueError, "ids must be 1-D (one id per token), got shape (1, 1)"),
        (lambda: onehot_csr(np.array([0.0]), 3), TypeError, "ids must be integers, got dtype float64"),
        (lambda: onehot_csr(np.array([0]), 2**31), ValueError, "vocab_size must be below 2**31"),
        (lambda: lookup_three_ways(np.ones((3, 2), dtype=int), np.array([0])), TypeError,
         "W must be a floating-point matrix, got dtype int64"),
        (lambda: lookup_three_ways(np.ones(3), np.array([0])), ValueError,
         "W must be a non-empty 2-D array of shape (V, d), got shape (3,)"),
        (lambda: lookup_three_ways(np.ones((3, 2)), np.array([5])), IndexError,
         "ids contains 5, outside the valid range 0..2"),
        (lambda: measure_costs([10], num_tokens=0), ValueError, "num_tokens must be a positive integer (>= 1), got 0"),
        (lambda: measure_costs([10], repeat=0), ValueError, "repeat must be a positive integer (>= 1), got 0"),
        (lambda: measure_costs([10], seed=-1), ValueError, "seed must be a non-negative integer (>= 0), got -1"),
        (lambda: measure_costs([10], blas_threads=0), ValueError, "blas_threads must be a positive integer (>= 1), got 0"),
        (lambda: measure_costs([10], dtype=np.int8), TypeError, "dtype must be a floating-point dtype"),
        (lambda: measure_costs([10**6], num_tokens=1000, max_onehot_bytes=10**6), ValueError,
         "vocab_sizes entry 1000000 with num_tokens=1000 needs a 4,000,000,000-byte one-hot matrix, "
         "more than max_onehot_bytes=1,000,000"),
        (lambda: measure_costs(10), TypeError, "vocab_sizes must be a sequence of positive integers, got int"),
    ],
)
def test_errors_name_the_parameter_and_the_bad_value(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert message in str(info.value)
