"""The checks of chapter 1 accept the reference solutions, wait for stubs and catch wrong answers."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab.checks import CheckFailed
from embedlab.checks.ch01 import (
    PREDICTION_TASK,
    check_bag_embed,
    check_expected_rows,
    check_prediction,
    check_row_lookup,
    check_step_cost,
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


def step_cost(ids, V, d, route):
    n = np.size(ids)
    if route == "product":
        return 2 * n * V * d + V * d
    if route == "lookup":
        return n * d + len(np.unique(ids)) * d
    raise ValueError(f"route must be 'product' or 'lookup', got {route!r}")


def expected_rows(p, n):
    p = np.asarray(p, dtype=np.float64)
    return float(np.sum(1 - (1 - p) ** n))


PREDICTION = {"shape": (3, 3), "rows": [3, 0, 3], "zero_products": 27}


def _stub(*args):
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


# --------------------------------------------------------------------------- step_cost
def test_step_cost_reference_passes(capsys):
    assert check_step_cost(step_cost) is True
    assert "Correct! (ex01-step-cost)" in capsys.readouterr().out


def test_step_cost_agrees_with_the_cost_model():
    from embedlab.costs import multiply_adds, update_entries

    ids = np.array([[3, 1, 3], [0, 3, 2]])
    n, rows, V, d = ids.size, 4, 9, 5
    passes = [multiply_adds(n, V, d, m, step=s) for m in ("dense", "lookup") for s in ("forward", "backward")]
    assert step_cost(ids, V, d, "product") == passes[0] + passes[1] + update_entries(V, d, rows, "dense")
    assert step_cost(ids, V, d, "lookup") == passes[2] + passes[3] + update_entries(V, d, rows, "lazy")


@pytest.mark.parametrize("stub", [..., None, _stub])
def test_step_cost_stub_is_not_done(stub, capsys):
    assert check_step_cost(stub) is False
    assert NOT_DONE in capsys.readouterr().out


def _no_backward(ids, V, d, route):
    return step_cost(ids, V, d, route) - (np.size(ids) * V * d if route == "product" else 0)


def _no_update(ids, V, d, route):
    return step_cost(ids, V, d, route) - (V * d if route == "product" else 0)


def _every_occurrence(ids, V, d, route):
    return 2 * np.size(ids) * d if route == "lookup" else step_cost(ids, V, d, route)


def _len_not_size(ids, V, d, route):
    n = len(ids) if np.ndim(ids) else 1
    if route == "product":
        return 2 * n * V * d + V * d
    return n * d + len(np.unique(ids)) * d


def _no_validation(ids, V, d, route):
    return step_cost(ids, V, d, "product" if route == "product" else "lookup")


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (_no_backward, "leaves out the backward pass"),
        (_no_update, "leaves out the dense update"),
        (_every_occurrence, "once per occurrence"),
        (_len_not_size, "counting len(ids) = 2 tokens"),
        (_no_validation, "must raise ValueError"),
        (lambda ids, V, d, route: "many", "not a number"),
        (7, "should be a function"),
    ],
)
def test_step_cost_wrong_answers_fail_with_the_hint(answer, reason):
    with pytest.raises(CheckFailed) as info:
        check_step_cost(answer)
    message = str(info.value)
    assert reason in message
    assert "Hint:" in message and "distinct ids" in message


# --------------------------------------------------------------------------- expected_rows
def test_expected_rows_reference_passes(capsys):
    assert check_expected_rows(expected_rows) is True
    assert "Correct! (ex01-expected-rows)" in capsys.readouterr().out


def test_expected_rows_formula_matches_a_simulation():
    p = np.array([0.5, 0.3, 0.15, 0.05])
    draws = np.random.default_rng(0).choice(4, size=(20_000, 3), p=p)
    simulated = np.mean([len(set(row)) for row in draws.tolist()])
    assert abs(simulated - expected_rows(p, 3)) < 0.02


@pytest.mark.parametrize("stub", [..., None, _stub])
def test_expected_rows_stub_is_not_done(stub, capsys):
    assert check_expected_rows(stub) is False
    assert NOT_DONE in capsys.readouterr().out


def _mutates_p(p, n):
    out = expected_rows(p, n)
    p[...] = 0
    return out


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (lambda p, n: min(n, np.count_nonzero(p)), "as if no id could be drawn twice"),
        (lambda p, n: float(np.sum(1 - np.asarray(p) ** n)), "expected"),
        (lambda p, n: float(np.sum(n * np.asarray(p))), "expected"),
        (_mutates_p, "changed p"),
        (lambda p, n: [1, 2], "not a number"),
    ],
)
def test_expected_rows_wrong_answers_fail_with_the_hint(answer, reason):
    with pytest.raises(CheckFailed) as info:
        check_expected_rows(answer)
    message = str(info.value)
    assert reason in message
    assert "Hint:" in message and "linearity of expectation" in message
