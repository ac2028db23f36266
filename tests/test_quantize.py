"""embedlab.quantize: row-wise integer codes, their size and their error."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab.quantize import QuantizedTable, quantization_error, quantize_rows


@pytest.mark.parametrize("bits", [2, 4, 8])
def test_error_is_at_most_half_a_step_per_row(rng, bits) -> None:
    E = rng.normal(size=(200, 32)) * rng.uniform(0.01, 10, size=(200, 1))  # rows of unequal size
    q = quantize_rows(E, bits=bits)
    assert q.codes.dtype == np.uint8 and int(q.codes.max()) == 2**bits - 1
    err = np.abs(q.dequantize() - E)
    assert np.all(err <= q.scale[:, None] / 2 * (1 + 1e-5) + 1e-6)
    np.testing.assert_allclose(q.scale, (E.max(1) - E.min(1)) / (2**bits - 1), rtol=1e-6)


def test_row_wise_beats_one_scale_for_the_whole_table(rng) -> None:
    E = rng.normal(size=(100, 16)) * np.geomspace(0.01, 10, 100)[:, None]
    rowwise = quantization_error(E, quantize_rows(E))
    levels = 255
    lo, step = E.min(), (E.max() - E.min()) / levels
    tablewise = np.rint((E - lo) / step) * step + lo
    small = slice(0, 50)  # the small rows suffer most from one shared scale
    assert np.abs(quantize_rows(E).dequantize() - E)[small].mean() < np.abs(tablewise - E)[small].mean() / 10
    assert rowwise["relative"] < 0.01


def test_bytes_and_lookup(rng) -> None:
    E = rng.normal(size=(10, 128)).astype(np.float32)
    q = quantize_rows(E)
    assert q.nbytes == 10 * (128 + 8) and q.shape == (10, 128)
    assert E.nbytes / q.nbytes > 3.7
    np.testing.assert_array_equal(q.lookup([[3, 1]]), q.dequantize()[[[3, 1]]])
    with pytest.raises(IndexError, match=r"ids contains 10 at position \(1,\), outside the valid range 0\.\.9 \(V=10\)"):
        q.lookup([0, 10])


def test_constant_rows_come_back_exactly() -> None:
    E = np.array([[2.5, 2.5, 2.5], [0.0, 1.0, 2.0]])
    q = quantize_rows(E, bits=4)
    assert q.scale[0] == 0 and np.all(q.codes[0] == 0)
    np.testing.assert_array_equal(q.dequantize()[0], E[0])
    assert quantization_error(E, E)["max_abs"] == 0.0
    assert quantization_error(np.zeros((2, 2)), np.ones((2, 2)))["relative"] == 1.0


def test_float16_error_is_relative_while_int8_error_is_absolute(rng) -> None:
    E = rng.normal(size=(50, 32))
    f16 = quantization_error(E, E.astype(np.float16))
    i8 = quantization_error(E, quantize_rows(E))
    assert f16["max_abs"] < i8["max_abs"]  # float16 keeps 11 significant bits, int8 has 8
    assert set(f16) == {"max_abs", "mean_abs", "relative"}


@pytest.mark.parametrize(
    ("table", "bits", "exc", "pattern"),
    [
        (np.zeros(3), 8, ValueError, r"table must be a non-empty 2-D array \(V, d\), got shape \(3,\)"),
        (np.zeros((0, 3)), 8, ValueError, r"table must be a non-empty 2-D array"),
        (np.array([[np.nan, 1.0]]), 8, ValueError, r"table contains nan at position \(0, 0\)"),
        (np.zeros((2, 2)), 1, ValueError, r"bits must be in 2\.\.8 \(codes are stored one per byte\), got 1"),
        (np.zeros((2, 2)), 16, ValueError, r"bits must be in 2\.\.8"),
        (np.zeros((2, 2)), 8.0, TypeError, r"bits must be an integer in 2\.\.8"),
        ([["a"]], 8, TypeError, r"table must be a numeric matrix"),
    ],
)
def test_quantize_errors(table, bits, exc, pattern) -> None:
    with pytest.raises(exc, match=pattern):
        quantize_rows(table, bits=bits)


def test_error_function_validates_shapes() -> None:
    with pytest.raises(ValueError, match=r"approx has shape \(2, 3\), but table has shape \(1, 3\)"):
        quantization_error(np.zeros((1, 3)), np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"approx must be a non-empty 2-D array"):
        quantization_error(np.zeros((1, 3)), np.zeros(3))
    assert isinstance(quantize_rows(np.eye(2)), QuantizedTable)
