"""The checks of chapter 1 accept the reference solutions, wait for stubs and catch wrong answers."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab.checks import CheckFailed
from embedlab.checks.ch01 import (
    PREDICTION_TASK,
    check_bag_embed,
    check_prediction,
    check_row_lookup,
)

NOT_DONE = "Not done yet"


# --------------------------------------------------------------------------- reference solutions
def row_lookup(W, ids):
    ids = np.asarray(ids)
    V = W.shape[0]
    if ids.size > 0 and (ids.min() < 0 or ids.max() >= V):
        raise IndexError(f"ids must lie in 0..{V - 1}")
    onehot = (ids[..., None] == np.arange(V)).astype(W.dtype)
    return onehot @ W


def bag_embed(W, docs):
    V = W.shape[0]
    counts = np.zeros((len(docs), V), dtype=W.dtype)
    for i, doc in enumerate(docs):
        counts[i] = np.bincount(np.asarray(doc, dtype=np.int64), minlength=V)
    return counts @ W


PREDICTION = {"shape": (3, 3), "rows": [3, 0, 3], "zero_products": 27}


def _stub(W, ids):
    raise NotImplementedError


# --------------------------------------------------------------------------- predictions
def test_prediction_task_matches_the_answer():
    ids, V, d = PREDICTION_TASK["ids"], PREDICTION_TASK["V"], PREDICTION_TASK["d"]
    W = np.arange(V * d, dtype=float).reshape(V, d) + 1  # no zeros in W
    Y = np.eye(V)[ids] @ W
    assert Y.shape == PREDICTION["shape"]
    assert [int(np.flatnonzero((W == row).all(axis=1))[0]) for row in Y] == PREDICTION["rows"]
    assert len(ids) * V * d - len(ids) * d == PREDICTION["zero_products"]


def test_prediction_correct(capsys):
    assert check_prediction(PREDICTION) is True
    assert "Correct!" in capsys.readouterr().out


@pytest.mark.parametrize("stub", [..., None, {"shape": ..., "rows": ..., "zero_products": ...},
                                  {"shape": (3, 3), "rows": [3, 0, 3], "zero_products": ...}])
def test_prediction_stub_is_not_done(stub, capsys):
    assert check_prediction(stub) is False
    assert NOT_DONE in capsys.readouterr().out


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ({"shape": (3, 4), "rows": [3, 0, 3], "zero_products": 27}, "shape"),
        ({"shape": (3, 3), "rows": [4, 1, 4], "zero_products": 27}, "count from 1"),
        ({"shape": (3, 3), "rows": [0, 3, 0], "zero_products": 27}, "not the rows"),
        ({"shape": (3, 3), "rows": [3, 0, 3], "zero_products": 36}, "every multiplication"),
        ({"shape": (3, 3), "rows": [3, 0, 3], "zero_products": 9}, "zero_products=9"),
        ({"shape": (3, 3), "rows": [3, 0, 3]}, "missing"),
        ([(3, 3), [3, 0, 3], 27], "must be a dict"),
        ({"shape": (3, 3), "rows": "abc", "zero_products": 27}, "row numbers"),
    ],
)
def test_prediction_wrong_answers_fail_with_the_hint(answer, reason):
    with pytest.raises(CheckFailed) as info:
        check_prediction(answer)
    message = str(info.value)
    assert reason in message
    assert "Hint:" in message and "0-based" in message


# --------------------------------------------------------------------------- row_lookup
def test_row_lookup_reference_passes(capsys):
    assert check_row_lookup(row_lookup) is True
    assert "Correct! (ex01-row-lookup)" in capsys.readouterr().out


@pytest.mark.parametrize("stub", [..., None, _stub])
def test_row_lookup_stub_is_not_done(stub, capsys):
    assert check_row_lookup(stub) is False
    assert NOT_DONE in capsys.readouterr().out


def _no_range_check(W, ids):
    ids = np.asarray(ids)
    return (ids[..., None] == np.arange(W.shape[0])).astype(W.dtype) @ W


def _flattens(W, ids):
    return row_lookup(W, np.ravel(ids))


def _wrong_dtype(W, ids):
    ids = np.asarray(ids)
    if ids.size and (ids.min() < 0 or ids.max() >= W.shape[0]):
        raise IndexError("out of range")
    return (ids[..., None] == np.arange(W.shape[0])).astype(np.float64) @ W


def _one_based(W, ids):
    return row_lookup(W, np.asarray(ids) + 1)


def _mutates(W, ids):
    out = row_lookup(W, ids)
    W[0] = 0
    return out


def _transposed(W, ids):
    ids = np.asarray(ids)
    return (W.T @ (ids[..., None] == np.arange(W.shape[0])).T.astype(W.dtype)).T


def _wrong_error(W, ids):
    ids = np.asarray(ids)
    if ids.size and (ids.min() < 0 or ids.max() >= W.shape[0]):
        raise ValueError("out of range")
    return row_lookup(W, ids)


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (_no_range_check, "must raise IndexError"),
        (lambda W, ids: W[ids], "must raise IndexError"),
        (_flattens, "returned shape"),
        (_wrong_dtype, "returned dtype float64"),
        (_one_based, "ids are 0-based"),
        (_mutates, "changed W"),
        (_transposed, "raised ValueError: matmul"),
        (_wrong_error, "raised ValueError, expected IndexError"),
        (42, "must be a function"),
    ],
)
def test_row_lookup_wrong_answers_fail_with_the_hint(answer, reason):
    with pytest.raises(CheckFailed) as info:
        check_row_lookup(answer)
    message = str(info.value)
    assert reason in message
    assert "Hint:" in message and "np.arange(V)" in message


# --------------------------------------------------------------------------- bag_embed
def test_bag_embed_reference_passes(capsys):
    assert check_bag_embed(bag_embed) is True
    assert "Correct! (ex01-bag-embed)" in capsys.readouterr().out


@pytest.mark.parametrize("stub", [..., None, _stub])
def test_bag_embed_stub_is_not_done(stub, capsys):
    assert check_bag_embed(stub) is False
    assert NOT_DONE in capsys.readouterr().out


def _set_of_ids(W, docs):
    return bag_embed(W, [sorted(set(np.asarray(doc, dtype=int).tolist())) for doc in docs])


def _mean(W, docs):
    out = bag_embed(W, docs)
    sizes = np.array([max(len(doc), 1) for doc in docs], dtype=float)
    return out / sizes[:, None] if len(docs) else out


def _stacked(W, docs):
    return np.stack([W[np.asarray(doc, dtype=int)].sum(axis=0) for doc in docs])


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (_set_of_ids, "counts a repeated id only once"),
        (_mean, "wrong numbers"),
        (_stacked, "raised ValueError"),
        (lambda W, docs: bag_embed(W, docs).T, "returned shape"),
        ("bag", "must be a function"),
    ],
)
def test_bag_embed_wrong_answers_fail_with_the_hint(answer, reason):
    with pytest.raises(CheckFailed) as info:
        check_bag_embed(answer)
    message = str(info.value)
    assert reason in message
    assert "Hint:" in message and "repeated id counts twice" in message
