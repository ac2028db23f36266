"""embedlab.sparse: row gradients without a dense table, and lazy Adam."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab import Adam, Embedding
from embedlab.sparse import SparseAdam, SparseGrad, sparse_grad


def test_sparse_grad_equals_the_dense_gradient_of_embedding(rng) -> None:
    ids = rng.integers(0, 50, size=(6, 7))
    g = rng.normal(size=(6, 7, 3))
    emb = Embedding(50, 3, dtype=np.float64)
    emb(ids)
    emb.backward(g)
    sg = sparse_grad(ids, g, 50)
    np.testing.assert_array_equal(sg.rows, np.unique(ids))
    np.testing.assert_allclose(sg.to_dense(), emb.grad, atol=1e-12)
    rows, values = emb.sparse_grad()
    np.testing.assert_array_equal(sg.rows, rows)
    np.testing.assert_allclose(sg.values, values, atol=1e-12)
    assert sg.nbytes < emb.grad.nbytes


def test_sparse_grad_options_match_embedding(rng) -> None:
    ids = rng.integers(0, 6, size=20)
    g = rng.normal(size=(20, 2))
    emb = Embedding(6, 2, dtype=np.float64, scale_grad_by_freq=True, padding_idx=2)
    emb(ids)
    emb.backward(g)
    sg = sparse_grad(ids, g, 6, scale_grad_by_freq=True, padding_idx=2)
    assert 2 not in sg.rows.tolist()
    np.testing.assert_allclose(sg.to_dense(), emb.grad, atol=1e-12)


def test_sparse_grad_of_no_ids_is_empty() -> None:
    sg = sparse_grad(np.zeros(0, dtype=int), np.zeros((0, 4)), 10)
    assert sg.rows.size == 0 and sg.values.shape == (0, 4)
    assert not sg.to_dense().any()


@pytest.mark.parametrize(
    ("args", "kwargs", "exc", "pattern"),
    [
        (([0, 5], np.ones((2, 2)), 5), {}, IndexError, r"ids contains 5 at position \(1,\)"),
        (([0, -1], np.ones((2, 2)), 5), {}, IndexError, r"ids contains -1"),
        (([0, 1], np.ones((3, 2)), 5), {}, ValueError, r"grad_out must have shape \(2, 'd'\)"),
        (([0, 1], np.ones((2, 2), dtype=int), 5), {}, TypeError, r"grad_out must contain floating"),
        (([0], np.ones((1, 2)), 0), {}, ValueError, r"num_rows must be a positive integer"),
        (([0], np.ones((1, 2)), 3), {"padding_idx": 3}, ValueError, r"padding_idx must be in 0\.\.2"),
        (([0], np.ones((1, 2)), 3), {"scale_grad_by_freq": "no"}, TypeError, r"scale_grad_by_freq"),
    ],
)
def test_sparse_grad_errors(args, kwargs, exc, pattern) -> None:
    with pytest.raises(exc, match=pattern):
        sparse_grad(*args, **kwargs)


@pytest.mark.parametrize(
    ("rows", "values", "num_rows", "exc", "pattern"),
    [
        ([2, 1], np.ones((2, 2)), 4, ValueError, "sorted and distinct"),
        ([1, 1], np.ones((2, 2)), 4, ValueError, "sorted and distinct"),
        ([1, 4], np.ones((2, 2)), 4, IndexError, r"rows contains 4"),
        ([1, 2], np.ones((3, 2)), 4, ValueError, r"values must have shape \(2, d\)"),
        ([[1]], np.ones((1, 2)), 4, ValueError, "rows must be 1-D"),
        ([1], np.ones((1, 2)), -3, ValueError, "num_rows must be a positive integer"),
    ],
)
def test_sparse_grad_class_validates(rows, values, num_rows, exc, pattern) -> None:
    with pytest.raises(exc, match=pattern):
        SparseGrad(np.asarray(rows), values, num_rows)


def _run(schedule, table, make_opt, dense: bool):
    rng = np.random.default_rng(0)
    emb = Embedding(table.shape[0], table.shape[1], embeddings_initializer=table, dtype=np.float64)
    opt = make_opt(emb)
    for ids in schedule:
        g = rng.normal(size=(len(ids), table.shape[1]))
        if dense:
            emb.zero_grad()
            emb(np.array(ids))
            emb.backward(g)
            opt.step()
        else:
            opt.step(sparse_grad(ids, g, table.shape[0]))
    return emb.weight


def test_lazy_adam_equals_dense_adam_while_every_row_is_in_every_batch(rng) -> None:
    table = rng.normal(size=(3, 2))
    schedule = [[0, 1, 2], [2, 1, 0, 0], [1, 2, 0]]
    dense = _run(schedule, table.copy(), lambda e: Adam(e, lr=0.1, eps=1e-12), dense=True)
    lazy = _run(schedule, table.copy(), lambda e: SparseAdam(e.weight, lr=0.1, eps=1e-12), dense=False)
    np.testing.assert_allclose(lazy, dense, rtol=1e-9)


def test_lazy_adam_differs_once_a_row_skips_a_batch(rng) -> None:
    table = rng.normal(size=(4, 2))
    schedule = [[0, 1], [1], [1, 2]]
    dense = _run(schedule, table.copy(), lambda e: Adam(e, lr=0.1), dense=True)
    lazy = _run(schedule, table.copy(), lambda e: SparseAdam(e.weight, lr=0.1), dense=False)
    assert not np.allclose(dense[0], lazy[0])  # row 0: dense Adam kept moving it
    np.testing.assert_array_equal(dense[3], table[3])  # never looked up: no move either way
    np.testing.assert_array_equal(lazy[3], table[3])


def test_sparse_adam_keeps_moments_of_absent_rows() -> None:
    table = np.zeros((3, 2))
    opt = SparseAdam(table, lr=0.1)
    opt.step(sparse_grad([0], np.ones((1, 2)), 3))
    m0 = opt.m.copy()
    moved = table.copy()
    opt.step(sparse_grad([1], np.ones((1, 2)), 3))
    np.testing.assert_array_equal(opt.m[0], m0[0])  # not decayed
    np.testing.assert_array_equal(table[0], moved[0])
    assert opt.t == 2 and opt.state_nbytes == 2 * table.nbytes
    opt.step(sparse_grad(np.zeros(0, dtype=int), np.zeros((0, 2)), 3))  # empty: counts a step
    assert opt.t == 3
    assert "SparseAdam(lr=0.1" in repr(opt)


@pytest.mark.parametrize(
    ("table", "kwargs", "exc", "pattern"),
    [
        ([[0.0, 1.0]], {}, TypeError, "table must be the NumPy array to update in place"),
        (np.zeros((2, 2), dtype=int), {}, TypeError, "table must be a floating-point matrix"),
        (np.zeros(3), {}, ValueError, r"table must be a non-empty 2-D array \(V, d\)"),
        (np.zeros((2, 2)), {"lr": 0}, ValueError, "lr must be a finite number > 0"),
        (np.zeros((2, 2)), {"betas": (0.9,)}, ValueError, "betas must be a pair"),
        (np.zeros((2, 2)), {"betas": (1.0, 0.9)}, ValueError, r"betas\[0\] must be in \[0, 1\)"),
        (np.zeros((2, 2)), {"eps": -1.0}, ValueError, "eps must be a finite number > 0"),
    ],
)
def test_sparse_adam_validates(table, kwargs, exc, pattern) -> None:
    with pytest.raises(exc, match=pattern):
        SparseAdam(table, **kwargs)


def test_sparse_adam_refuses_dense_and_mismatched_gradients() -> None:
    opt = SparseAdam(np.zeros((3, 2)))
    with pytest.raises(TypeError, match="needs a SparseGrad.*use embedlab.optim.Adam"):
        opt.step(np.zeros((3, 2)))
    with pytest.raises(ValueError, match=r"grad is for a \(4, 2\) table, but the table has shape \(3, 2\)"):
        opt.step(sparse_grad([0], np.ones((1, 2)), 4))
    assert opt.t == 0
