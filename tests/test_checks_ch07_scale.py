"""The chapter 7.2 checks accept the reference solutions, spot stubs, and explain wrong answers."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab.checks import CheckFailed
from embedlab.checks.ch07_scale import LAZY_ROWS_TASK, check_bag_sum, check_lazy_rows, check_quantize

NOT_DONE = "Not done yet"


def bag_sum(table, ids, offsets, weights=None):
    table, ids = np.asarray(table), np.asarray(ids)
    ends = np.append(np.asarray(offsets)[1:], len(ids))
    rows = table[ids] if weights is None else table[ids] * np.asarray(weights)[:, None]
    return np.array([rows[a:b].sum(axis=0) for a, b in zip(offsets, ends)]).reshape(len(offsets), -1)


def reduceat_bag_sum(table, ids, offsets, weights=None):  # wrong: reduceat on empty bags
    return np.add.reduceat(np.asarray(table)[np.asarray(ids)], offsets, axis=0)


def quantize(table, bits):
    low = table.min(axis=1)
    scale = (table.max(axis=1) - low) / (2**bits - 1)
    safe = np.where(scale > 0, scale, 1.0)
    codes = np.rint((table - low[:, None]) / safe[:, None]).astype(np.uint8)
    return codes, scale, low


def test_lazy_rows_accepts_the_answer_and_rejects_swapped_ones(capsys):
    assert LAZY_ROWS_TASK["step"] == 3
    assert check_lazy_rows({"adam": [0, 1, 2], "sparse_adam": {2}}) is True
    assert "Correct!" in capsys.readouterr().out
    with pytest.raises(CheckFailed, match="under sparse_adam you said rows \\[0, 1, 2\\] move"):
        check_lazy_rows({"adam": {0, 1, 2}, "sparse_adam": {0, 1, 2}})
    with pytest.raises(CheckFailed, match="under adam you said rows \\[2\\] move"):
        check_lazy_rows({"adam": {2}, "sparse_adam": {2}})
    with pytest.raises(CheckFailed, match="keys 'adam' and 'sparse_adam'"):
        check_lazy_rows({"adam": {2}})
    assert check_lazy_rows({"adam": ..., "sparse_adam": ...}) is False
    assert NOT_DONE in capsys.readouterr().out


def test_bag_sum_accepts_the_reference_and_rejects_reduceat(capsys):
    assert check_bag_sum(bag_sum) is True
    with pytest.raises(CheckFailed, match="empty bags in the middle: wrong sums|Hint: bag b holds"):
        check_bag_sum(reduceat_bag_sum)
    with pytest.raises(CheckFailed, match="expected shape"):
        check_bag_sum(lambda t, i, o, w=None: np.zeros(3))
    with pytest.raises(CheckFailed, match="raised ZeroDivisionError"):
        check_bag_sum(lambda t, i, o, w=None: 1 / 0)

    def stub(table, ids, offsets, weights=None):
        raise NotImplementedError

    assert check_bag_sum(stub) is False
    assert NOT_DONE in capsys.readouterr().out


def test_quantize_accepts_the_reference_and_rejects_flawed_ones(capsys):
    assert check_quantize(quantize) is True

    def table_wide(table, bits):  # one scale for the whole table: too coarse for small rows
        low, span = table.min(), table.max() - table.min()
        scale = np.full(table.shape[0], span / (2**bits - 1))
        return np.rint((table - low) / scale[0]).astype(int), scale, np.full(table.shape[0], low)

    with pytest.raises(CheckFailed, match="more than half a step"):
        check_quantize(table_wide)

    def no_constant_rows(table, bits):
        low = table.min(axis=1)
        scale = (table.max(axis=1) - low) / (2**bits - 1)
        return np.rint((table - low[:, None]) / scale[:, None]), scale, low

    with pytest.raises(CheckFailed, match="a constant row"):
        with np.errstate(invalid="ignore", divide="ignore"):
            check_quantize(no_constant_rows)
    with pytest.raises(CheckFailed, match="8 bits: codes must lie in 0..255"):
        check_quantize(lambda t, b: (np.rint(t * 0) + 2**b, np.ones(len(t)), t.min(1)))
    with pytest.raises(CheckFailed, match=r"return \(codes, scale, low\)"):
        check_quantize(lambda t, b: t)
    assert check_quantize(...) is False
