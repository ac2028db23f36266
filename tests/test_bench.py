"""Tests for embedlab.bench: smoke tests only (no timing assertions)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from embedlab import bench


def test_bench_candidates_agree() -> None:
    rng = np.random.default_rng(0)
    ids = rng.integers(0, 9, size=40)
    grad = rng.integers(-4, 5, size=(40, 3)).astype(np.float32)
    expected = np.zeros((9, 3), dtype=np.float32)
    np.add.at(expected, ids, grad)
    for name, fn in bench.backward_candidates().items():
        np.testing.assert_array_equal(fn(ids, grad, 9), expected, err_msg=name)


def test_bench_table_has_one_row_per_vocabulary_size() -> None:
    rows = bench.run((10, 50), quick=True, batch_shape=(3, 4), dim=2, onehot_limit=400)
    assert [r.vocab_size for r in rows] == [10, 50]
    # 12 ids x 10 rows x 4 bytes = 480 bytes of one-hot (+ product) > 400: skipped
    assert all(r.backward_onehot is None for r in rows)
    assert rows[0].candidates["dense one-hot^T @ grad"] is None
    assert rows[0].forward_ratio > 0
    text = bench.format_table(rows, batch_shape=(3, 4), dim=2)
    data_lines = [line for line in text.splitlines() if re.match(r"\d", line)]
    assert [line.split()[0] for line in data_lines] == ["10", "50"] * 3
    assert "skipped (560 B)" in text
    assert "ids shape (3, 4), d=2" in text


def test_bench_temporary_bytes() -> None:
    assert bench.temporary_bytes("onehot", 32768, 100_000, 128) > 13e9
    assert bench.temporary_bytes("lookup", 10, 5, 4) == 160
    small_table = bench.temporary_bytes("embedding_backward", 100, 10, 4)
    assert small_table > 10 * 4 * 4  # includes a table-sized product
    big_table = bench.temporary_bytes("embedding_backward", 100, 100_000, 64)
    assert big_table < 100_000 * 64 * 4  # no table-sized product
    fewer = bench.temporary_bytes("embedding_backward", 100, 100_000, 64, distinct=10)
    assert big_table - fewer == 90 * (8 + 64 * 4)
    with pytest.raises(ValueError, match="unknown method 'gpu'"):
        bench.temporary_bytes("gpu", 1, 1, 1)


def test_bench_main_prints_the_table(monkeypatch, capsys) -> None:
    small = bench.run
    monkeypatch.setattr(bench, "run", lambda quick, seed: small(
        (10,), quick=quick, seed=seed, batch_shape=(2, 2), dim=2))
    monkeypatch.setattr(bench, "run_sparse", lambda quick, seed: bench.measure_sparse_step(
        500, dim=3, batch_shape=(4,), repeat=1, seed=seed))
    assert bench.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "fwd rel. W[X]" in out and "\n10 " in out
    assert "V=500 rows, d=3" in out and "SparseAdam" in out


def test_sparse_step_keeps_less_and_allocates_less_than_the_dense_step() -> None:
    row = bench.measure_sparse_step(20_000, dim=8, batch_shape=(16, 4), repeat=1)
    assert row.n_ids == 64 and row.distinct <= 64
    table = 20_000 * 8 * 4
    assert row.dense_state == 3 * table  # gradient + two moments
    assert row.sparse_state == 2 * table + row.distinct * (8 * 4 + 8)  # moments + rows and values
    assert row.dense_peak >= table  # at least one table-sized temporary
    assert row.sparse_peak < table / 10
    assert row.dense_time > 0 and row.sparse_time > 0 and row.speedup > 0
    text = bench.format_sparse_table(row)
    assert "V=20,000 rows, d=8" in text and "(640.0 kB)" in text


def test_peak_bytes_sees_numpy_allocations() -> None:
    assert bench.peak_bytes(lambda: np.ones(1_000_000)) >= 8_000_000
    assert bench.peak_bytes(lambda: None) < 10_000


@pytest.mark.parametrize(
    ("kwargs", "exc", "pattern"),
    [
        ({"vocab_size": 0}, ValueError, r"vocab_size must be a positive integer \(>= 1\), got 0"),
        ({"vocab_size": 10, "dim": -1}, ValueError, r"dim must be a positive integer"),
        ({"vocab_size": 10, "repeat": 0}, ValueError, r"repeat must be a positive integer"),
        ({"vocab_size": 10, "batch_shape": [2, 3]}, TypeError, r"batch_shape must be a non-empty tuple"),
        ({"vocab_size": 10, "batch_shape": (2, 0)}, ValueError, r"batch_shape entries must be a positive"),
        ({"vocab_size": 10, "seed": -1}, ValueError, r"seed must be None, a non-negative int"),
    ],
)
def test_measure_sparse_step_validates(kwargs, exc, pattern) -> None:
    with pytest.raises(exc, match=pattern):
        bench.measure_sparse_step(**kwargs)


def test_sparse_helpers_validate() -> None:
    with pytest.raises(TypeError, match="fn must be a function of no arguments, got int"):
        bench.peak_bytes(3)
    with pytest.raises(TypeError, match="row must be a SparseStepRow"):
        bench.format_sparse_table({"dense_time": 1.0})
    with pytest.raises(TypeError, match="quick must be True or False"):
        bench.run_sparse(quick="yes")
