"""Checks for the exercises of chapter 7, part 2 (tables at recommender scale).

:func:`check_lazy_rows` (which rows move under dense and lazy Adam),
:func:`check_bag_sum` (pooled sums of bags given by offsets, empty bags
included) and :func:`check_quantize` (row-wise quantisation with any number
of bits). Each compares the reader's answer with what :mod:`embedlab`
computes and reports through :class:`embedlab.checks.Check`.

Examples
--------
>>> check_lazy_rows({"adam": {0, 1, 2}, "sparse_adam": {2}})
Correct! (ex07-lazy-rows) Dense Adam keeps moving rows on their momentum; lazy Adam only moves the batch's rows.
True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..bag import embedding_bag
from ..embedding import Embedding
from ..optim import Adam
from ..sparse import SparseAdam, sparse_grad
from . import Check, NotDone, call_answer, is_stub, require_function

__all__ = ["LAZY_ROWS_TASK", "check_lazy_rows", "check_bag_sum", "check_quantize"]

#: The lazy-rows exercise: a table of ``V`` rows, the ids of each step's
#: batch, and the step whose moved rows are to be predicted (1-based).
LAZY_ROWS_TASK: dict[str, Any] = {"V": 4, "schedule": [[0, 1], [1, 2], [2]], "step": 3}

_LAZY = Check(
    "ex07-lazy-rows",
    hint="a row moves when its update is non-zero; dense Adam updates every row with its running "
    "average m, which stays non-zero once the row has had a gradient; SparseAdam updates only the "
    "rows present in this step's gradient; a row never looked up has m = 0 under both",
)
_BAG = Check(
    "ex07-bag-sum",
    hint="bag b holds ids[offsets[b]:offsets[b + 1]] (the last bag runs to len(ids)); an empty bag "
    "gives a zero vector; multiply each row by its weight before summing when weights are given; "
    "np.add.reduceat returns the element at the start for an empty segment, not zero",
)
_QUANT = Check(
    "ex07-quantize-bits",
    hint="per row: low = min, scale = (max - min) / (2**bits - 1), codes = round((x - low) / scale) "
    "as integers in 0..2**bits - 1; a constant row has max = min, so use any scale there (codes 0) "
    "and read it back as codes * scale + low",
)


def _moved_rows() -> dict[str, set[int]]:
    """The rows that change at the task's step, under embedlab's Adam and SparseAdam."""
    V, schedule, step = LAZY_ROWS_TASK["V"], LAZY_ROWS_TASK["schedule"], LAZY_ROWS_TASK["step"]
    out = {}
    for name in ("adam", "sparse_adam"):
        emb = Embedding(V, 2, seed=0, dtype=np.float64)
        opt = Adam(emb, lr=0.1) if name == "adam" else SparseAdam(emb.weight, lr=0.1)
        for t, ids in enumerate(schedule, start=1):
            before = emb.weight.copy()
            g = np.ones((len(ids), 2))
            if name == "adam":
                emb.zero_grad()
                emb(np.array(ids))
                emb.backward(g)
                opt.step()
            else:
                opt.step(sparse_grad(ids, g, V))
            if t == step:
                out[name] = {int(r) for r in np.flatnonzero(np.any(emb.weight != before, axis=1))}
    return out


def check_lazy_rows(prediction: Any) -> bool:
    """Check ``{"adam": rows, "sparse_adam": rows}``: the rows that move at the task's step.

    Examples
    --------
    >>> check_lazy_rows(...)
    Not done yet (ex07-lazy-rows): fill in the cell above, then run this one again.
    False
    """

    def test() -> bool:
        if is_stub(prediction) or (isinstance(prediction, dict)
                                    and any(is_stub(v) for v in prediction.values())):
            raise NotDone
        assert isinstance(prediction, dict) and set(prediction) == {"adam", "sparse_adam"}, (
            "give a dict with the keys 'adam' and 'sparse_adam'")
        truth = _moved_rows()
        for name, rows in prediction.items():
            got = {int(r) for r in rows}
            assert got == truth[name], f"under {name} you said rows {sorted(got)} move"
        return True

    return _LAZY.run(test, success="Dense Adam keeps moving rows on their momentum; "
                     "lazy Adam only moves the batch's rows.")


def _bag_cases() -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None, str]]:
    rng = np.random.default_rng(7)
    E = rng.normal(size=(9, 3))
    return [
        (E, np.array([0, 2, 2, 5, 1]), np.array([0, 4]), None, "two bags"),
        (E, np.array([3, 4, 8]), np.array([0, 0, 2, 2]), None, "empty bags in the middle"),
        (E, np.array([1, 7]), np.array([0, 2]), None, "an empty last bag"),
        (E, np.array([6, 6, 0]), np.array([0, 1]), np.array([0.5, -2.0, 3.0]), "weights"),
        (E, np.array([], dtype=int), np.array([0, 0]), None, "no ids at all"),
    ]


def check_bag_sum(bag_sum: Any) -> bool:
    """Check ``bag_sum(table, ids, offsets, weights=None)`` against :func:`~embedlab.bag.embedding_bag`.

    Examples
    --------
    >>> def bag_sum(table, ids, offsets, weights=None):
    ...     return embedding_bag(table, ids, offsets, mode="sum", per_sample_weights=weights)
    >>> check_bag_sum(bag_sum)
    Correct! (ex07-bag-sum) Empty bags and weights handled.
    True
    """

    def test() -> bool:
        fn = require_function(bag_sum, "bag_sum")
        for E, ids, offsets, w, what in _bag_cases():
            got = call_answer(fn, f"bag_sum on {what}", E, ids, offsets, w)
            got = np.asarray(got, dtype=float)
            expected = embedding_bag(E, ids, offsets, mode="sum", per_sample_weights=w)
            assert got.shape == expected.shape, (
                f"{what}: expected shape {expected.shape} (one row per bag), got {got.shape}")
            assert np.allclose(got, expected, atol=1e-9), f"{what}: wrong sums"
        return True

    return _BAG.run(test, success="Empty bags and weights handled.")


def _quant_cases() -> list[tuple[np.ndarray, int, str]]:
    rng = np.random.default_rng(8)
    E = rng.normal(size=(20, 6)) * rng.uniform(0.01, 5, size=(20, 1))
    constant = E.copy()
    constant[3] = 1.25
    return [(E, 8, "8 bits"), (E, 4, "4 bits"), (E, 2, "2 bits"), (constant, 8, "a constant row")]


def check_quantize(quantize: Any) -> bool:
    """Check ``quantize(table, bits)`` -> ``(codes, scale, low)``, read back as ``codes * scale + low``.

    The codes must be integers in ``0 .. 2**bits - 1`` with one scale and
    one offset per row, and every value must come back within half a step.

    Examples
    --------
    >>> from embedlab.quantize import quantize_rows
    >>> def quantize(table, bits):
    ...     q = quantize_rows(table, bits)
    ...     return q.codes, q.scale, q.offset
    >>> check_quantize(quantize)
    Correct! (ex07-quantize-bits) Each extra bit halves the step.
    True
    """

    def test() -> bool:
        fn = require_function(quantize, "quantize")
        for E, bits, what in _quant_cases():
            out = call_answer(fn, f"quantize with {what}", E.copy(), bits)
            assert isinstance(out, tuple) and len(out) == 3, "return (codes, scale, low)"
            codes, scale, low = (np.asarray(a) for a in out)
            assert codes.shape == E.shape, f"{what}: codes must have the table's shape {E.shape}"
            assert codes.dtype.kind in "iu" or np.array_equal(codes, np.round(codes)), (
                f"{what}: codes must be whole numbers")
            assert codes.min() >= 0 and codes.max() <= 2**bits - 1, (
                f"{what}: codes must lie in 0..{2**bits - 1}")
            assert scale.shape == (E.shape[0],) and low.shape == (E.shape[0],), (
                f"{what}: one scale and one offset per row, shape ({E.shape[0]},)")
            back = codes * scale[:, None] + low[:, None]
            step = (E.max(axis=1) - E.min(axis=1)) / (2**bits - 1)
            err = np.abs(back - E)
            assert np.all(np.isfinite(back)), f"{what}: the table came back with NaN or inf"
            assert np.all(err <= step[:, None] / 2 + 1e-6), (
                f"{what}: an error of {err.max():.3g}, more than half a step")
        return True

    return _QUANT.run(test, success="Each extra bit halves the step.")
