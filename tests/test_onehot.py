"""Tests for embedlab.onehot and for the shared id validation behind it."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from embedlab import one_hot
from embedlab._validation import (
    check_bool,
    check_choice,
    check_float_array,
    check_float_dtype,
    check_ids,
    check_nonnegative_int,
    check_optional_positive_int,
    check_positive_float,
    check_positive_int,
    check_unit_interval,
    make_rng,
)

shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5)


@st.composite
def ids_and_table(draw, dtype=np.float32):
    num_classes = draw(st.integers(1, 12))
    dim = draw(st.integers(1, 6))
    ids = draw(hnp.arrays(np.int64, draw(shapes), elements=st.integers(0, num_classes - 1)))
    table = draw(hnp.arrays(dtype, (num_classes, dim),
                            elements=st.floats(-1e6, 1e6, width=np.dtype(dtype).itemsize * 8)))
    return ids, table


# ------------------------------------------------------------------ one_hot
def test_basic_one_hot() -> None:
    out = one_hot([0, 2], 3)
    assert out.dtype == np.float32
    assert out.tolist() == [[1, 0, 0], [0, 0, 1]]


def test_scalar_and_higher_rank() -> None:
    assert one_hot(1, 4).shape == (4,)
    assert one_hot(np.int8(3), 4).tolist() == [0, 0, 0, 1]
    assert one_hot(np.zeros((2, 3, 4), dtype=np.int32), 5).shape == (2, 3, 4, 5)
    assert one_hot([], 3).shape == (0, 3)


@pytest.mark.parametrize("dtype", [np.float64, np.int32, np.uint8, bool])
def test_dtypes(dtype: type) -> None:
    out = one_hot([1], 2, dtype=dtype)
    assert out.dtype == np.dtype(dtype)
    assert out.tolist() == [[0, 1]]


@given(ids_and_table(np.float32))
def test_one_hot_times_table_equals_lookup_float32(pair) -> None:
    ids, table = pair
    product = one_hot(ids, table.shape[0], dtype=table.dtype) @ table
    assert product.shape == ids.shape + (table.shape[1],)
    np.testing.assert_array_equal(product, table[ids])


@given(ids_and_table(np.float64))
def test_one_hot_times_table_equals_lookup_float64(pair) -> None:
    ids, table = pair
    np.testing.assert_array_equal(one_hot(ids, table.shape[0], dtype=np.float64) @ table,
                                  table[ids])


@given(hnp.arrays(np.int64, shapes, elements=st.integers(0, 6)))
def test_structure(ids: np.ndarray) -> None:
    out = one_hot(ids, 7)
    assert np.all(out.sum(axis=-1) == 1)
    if ids.size:
        np.testing.assert_array_equal(out.argmax(axis=-1), ids)


@pytest.mark.parametrize(
    ("args", "kwargs", "exc", "pattern"),
    [
        (([0], 0), {}, ValueError, r"num_classes must be a positive integer \(>= 1\), got 0"),
        (([0], True), {}, TypeError, r"num_classes must be a positive integer .* got True"),
        (([0], 2.0), {}, TypeError, r"num_classes must be a positive integer .* got 2.0"),
        (([0.0], 2), {}, TypeError, r"ids must be integers, got dtype float64"),
        (([True], 2), {}, TypeError, r"ids must be integers, got dtype bool"),
        (([0, 2], 2), {}, IndexError, r"ids contains 2 at position \(1,\), outside the valid "
                                      r"range 0\.\.1 \(num_classes|num_ids=2\)"),
        (([-1], 2), {}, IndexError, r"ids contains -1 .* NumPy indexing would silently wrap"),
        (([0], 2), {"dtype": "U3"}, TypeError, r"dtype must be a numeric dtype, got 'U3'"),
        (([0], 2), {"dtype": None}, TypeError, r"dtype must be a numeric dtype, got None"),
        (([0], 2), {"dtype": "bogus"}, TypeError, r"dtype must be a numeric dtype, got 'bogus'"),
    ],
)
def test_one_hot_errors(args: tuple, kwargs: dict, exc: type, pattern: str) -> None:
    with pytest.raises(exc, match=pattern):
        one_hot(*args, **kwargs)


# ---------------------------------------------------------------- check_ids
def test_check_ids_accepts_integer_inputs() -> None:
    assert check_ids(3, 5).shape == ()
    assert check_ids([[1, 2], [3, 4]], 5).shape == (2, 2)
    arr = np.array([1, 2], dtype=np.uint16)
    assert check_ids(arr, 5) is arr  # no copy on the fast path
    assert check_ids([], 5).dtype == np.intp
    assert check_ids(np.zeros((0, 3), dtype=np.int8), 0).shape == (0, 3)


def test_check_ids_reports_first_bad_id_in_c_order() -> None:
    ids = np.array([[0, 1, 2], [7, 1, -4], [9, 9, 9]])
    with pytest.raises(IndexError, match=r"contains 7 at position \(1, 0\), outside the valid "
                                         r"range 0\.\.4 \(num_ids=5\)$"):
        check_ids(ids, 5)
    with pytest.raises(IndexError, match=r"contains -4 at position \(1, 2\).*wrap"):
        check_ids(ids, 8)
    with pytest.raises(IndexError, match=r"x contains 5 at position \(\), outside"):
        check_ids(5, 5, name="x")
    with pytest.raises(IndexError, match=r"contains 300 at position \(0,\).*0\.\.255"):
        check_ids(np.array([300], dtype=np.uint16), 256)
    with pytest.raises(IndexError, match=r"contains 0 at position \(0,\); the table is empty"):
        check_ids([0], 0)


@given(hnp.arrays(np.int64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=4),
                  elements=st.integers(-3, 8)))
def test_check_ids_position_matches_numpy(ids: np.ndarray) -> None:
    bad = (ids < 0) | (ids >= 6)
    if not bad.any():
        assert check_ids(ids, 6) is ids
        return
    pos = tuple(int(i) for i in np.argwhere(bad)[0])
    with pytest.raises(IndexError) as info:
        check_ids(ids, 6)
    assert f"contains {ids[pos]} at position {pos}," in str(info.value)


@pytest.mark.parametrize(
    ("ids", "exc", "pattern"),
    [
        (1.0, TypeError, r"ids must be integers, got dtype float64"),
        (np.array([1.0], dtype=np.float32), TypeError, r"got dtype float32"),
        (np.array([], dtype=np.float32), TypeError, r"got dtype float32"),
        (True, TypeError, r"got dtype bool"),
        (np.array([True]), TypeError, r"got dtype bool"),
        ("3", TypeError, r"got dtype <U1"),
        ([None], TypeError, r"got dtype object"),
        ([1, [2, 3]], ValueError, r"ids must be a rectangular array of integers"),
        ([1 + 2j], TypeError, r"got dtype complex128"),
    ],
)
def test_check_ids_type_errors(ids: object, exc: type, pattern: str) -> None:
    with pytest.raises(exc, match=pattern):
        check_ids(ids, 5)


# ----------------------------------------------------------- small checkers
@pytest.mark.parametrize(
    ("func", "args", "exc", "pattern"),
    [
        (check_positive_int, (0, "n"), ValueError, r"n must be a positive integer \(>= 1\), got 0"),
        (check_positive_int, ("3", "n"), TypeError, r"n must be a positive integer .* got '3'"),
        (check_positive_int, (False, "n"), TypeError, r"got False"),
        (check_nonnegative_int, (-1, "k"), ValueError, r"k must be a non-negative .* got -1"),
        (check_nonnegative_int, (None, "k"), TypeError, r"k must be a non-negative .* got None"),
        (check_optional_positive_int, (-2, "m"), ValueError, r"m must be a positive .* got -2"),
        (check_bool, (0, "flag"), TypeError, r"flag must be True or False, got 0"),
        (check_choice, ("c", "mode", ("a", "b")), ValueError,
         r"mode must be one of 'a', 'b'; got 'c'"),
        (check_choice, ([1], "mode", ("a", None)), ValueError, r"got \[1\]"),
        (check_choice, (True, "act", (None, 1)), ValueError,
         r"act must be one of None, 1; got True"),
        (check_positive_float, (float("nan"), "lr"), ValueError, r"lr must be a finite .* got nan"),
        (check_positive_float, (-1, "lr"), ValueError, r"got -1"),
        (check_positive_float, ("1", "lr"), TypeError, r"lr must be a finite number > 0, got '1'"),
        (check_positive_float, (True, "lr"), TypeError, r"got True"),
        (check_unit_interval, (-0.1, "beta"), ValueError, r"beta must be in \[0, 1\), got -0\.1"),
        (check_unit_interval, (None, "beta"), TypeError, r"beta must be a number in \[0, 1\)"),
        (check_float_dtype, (np.int32,), TypeError, r"dtype must be float32 or float64, got int32"),
        (check_float_dtype, (np.float16,), TypeError, r"got float16"),
        (check_float_dtype, (None,), TypeError, r"got None"),
        (check_float_dtype, ("float33",), TypeError, r"got 'float33'"),
        (check_float_array, ([1, 2], "x"), TypeError, r"x must contain floating-point .* int64"),
        (check_float_array, ([True], "x"), TypeError, r"dtype bool"),
        (make_rng, (-1,), ValueError, r"seed must be None, a non-negative int .* got -1"),
        (make_rng, (1.5,), TypeError, r"got 1\.5"),
        (make_rng, (np.random.RandomState(0),), TypeError, r"got RandomState"),
    ],
)
def test_checker_errors(func, args: tuple, exc: type, pattern: str) -> None:
    with pytest.raises(exc, match=pattern):
        func(*args)


def test_checker_success_values() -> None:
    assert check_positive_int(np.int64(4), "n") == 4
    assert check_nonnegative_int(0, "n") == 0
    assert check_optional_positive_int(None, "n") is None
    assert check_choice(None, "a", (None, "relu")) is None
    assert check_positive_float(np.float32(0.5), "lr") == 0.5
    assert check_unit_interval(0, "m") == 0.0
    assert check_float_dtype("float32") == np.float32
    assert check_bool(np.bool_(True), "b") is True
    gen = np.random.default_rng(0)
    assert make_rng(gen) is gen
    assert isinstance(make_rng(None), np.random.Generator)
    a = make_rng(7).random(3)
    b = make_rng(np.int64(7)).random(3)
    np.testing.assert_array_equal(a, b)
