"""The checks of chapter 4 accept the reference solutions, wait for stubs and catch wrong answers."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab.checks import CheckFailed
from embedlab.checks.ch04 import (
    MOVING_ROWS_TASK,
    ZERO_INIT_TASK,
    check_mean_pool_backward,
    check_moving_rows,
    check_table_grad,
    check_zero_init,
)

NOT_DONE = "Not done yet"


# --------------------------------------------------------------------------- reference solutions
def table_grad(ids, grad_out, num_rows):
    ids, grad_out = np.asarray(ids), np.asarray(grad_out, dtype=float)
    dE = np.zeros((num_rows, grad_out.shape[-1]))
    np.add.at(dE, ids, grad_out)
    return dE


def mean_pool_backward(grad_pooled, mask):
    counts = np.maximum(mask.sum(axis=1, keepdims=True), 1)
    return (mask / counts)[:, :, None] * grad_pooled[:, None, :]


MOVING = {"sgd_step1": {0, 2, 5, 7}, "sgd_step2": {1, 4}, "rmsprop_step2": {1, 4},
          "adam_step2": {0, 1, 2, 4, 5, 7}}
ZERO = {"zeros + zeros": (True, False), "zeros + random": (False, True),
        "random + zeros": (True, True), "random + random": (False, True)}


def _stub(*args):
    raise NotImplementedError


# --------------------------------------------------------------------------- the settings
def test_the_settings_are_those_of_the_book():
    assert MOVING_ROWS_TASK["step1"] == [[2, 5, 5], [0, 2, 7]]
    assert MOVING_ROWS_TASK["step2"] == [[1, 1, 4]]
    assert set(ZERO_INIT_TASK) == set(ZERO)


# --------------------------------------------------------------------------- table_grad
def test_table_grad_correct(capsys):
    assert check_table_grad(table_grad) is True
    assert "Correct!" in capsys.readouterr().out
    one_hot_way = lambda ids, g, V: (  # noqa: E731 - a second correct answer
        (np.asarray(ids).reshape(-1)[:, None] == np.arange(V)).T.astype(float)
        @ np.asarray(g).reshape(-1, np.asarray(g).shape[-1])
    )
    assert check_table_grad(one_hot_way) is True


@pytest.mark.parametrize("stub", [..., None, _stub])
def test_table_grad_not_done(stub, capsys):
    assert check_table_grad(stub) is False
    assert NOT_DONE in capsys.readouterr().out


def test_table_grad_catches_the_buffered_bug():
    def buffered(ids, grad_out, num_rows):
        dE = np.zeros((num_rows, grad_out.shape[-1]))
        dE[ids] += grad_out
        return dE

    with pytest.raises(CheckFailed) as info:
        check_table_grad(buffered)
    message = str(info.value)
    assert "row 3 was looked up 3 times but received only one contribution" in message
    assert "np.add.at" in message


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (lambda ids, g, V: np.zeros((V + 1, np.asarray(g).shape[-1])), "has the table's shape"),
        (lambda ids, g, V: table_grad(ids, g, V) + 1.0, "were never looked up"),
        (lambda ids, g, V: 2 * table_grad(ids, g, V), "differs from the expected one"),
        (lambda ids, g, V: 1 / 0, "raised ZeroDivisionError"),
        (lambda ids, g, V: np.full((V, np.asarray(g).shape[-1]), "x"), "not numbers"),
        ("not a function", "should be a function"),
    ],
)
def test_table_grad_wrong(answer, reason):
    with pytest.raises(CheckFailed) as info:
        check_table_grad(answer)
    assert reason in str(info.value)
    assert "Hint:" in str(info.value)


# --------------------------------------------------------------------------- moving rows
def test_moving_rows_correct(capsys):
    assert check_moving_rows(MOVING) is True
    assert check_moving_rows({k: sorted(v) for k, v in MOVING.items()}) is True  # lists are fine
    assert "Correct!" in capsys.readouterr().out


@pytest.mark.parametrize(
    "stub", [..., None,
             {"sgd_step1": ..., "sgd_step2": ..., "rmsprop_step2": ..., "adam_step2": ...},
             {**MOVING, "adam_step2": ...}]
)
def test_moving_rows_not_done(stub, capsys):
    assert check_moving_rows(stub) is False
    assert NOT_DONE in capsys.readouterr().out


@pytest.mark.parametrize(
    ("prediction", "reason"),
    [
        ({**MOVING, "adam_step2": {1, 4}}, "adam_step2: rows [0, 2, 5, 7] change too"),
        ({**MOVING, "sgd_step2": {0, 1, 2, 4, 5, 7}}, "sgd_step2: rows [0, 2, 5, 7] do not change"),
        ({**MOVING, "sgd_step1": {1, 3, 6, 6, 8}},
         "sgd_step1: rows [1, 3, 6, 8] do not change and rows [0, 2, 5, 7] change too"),
        ({**MOVING, "sgd_step1": "rows"}, "sgd_step1 must be a set of row ids"),
        ({"sgd_step1": {0}}, "missing the keys ['adam_step2', 'rmsprop_step2', 'sgd_step2']"),
        ({**MOVING, "rmsprop_step2": {0, 1, 2, 4, 5, 7}},
         "rmsprop_step2: rows [0, 2, 5, 7] do not change"),
        ([0, 2], "prediction must be a dict"),
    ],
)
def test_moving_rows_wrong(prediction, reason):
    with pytest.raises(CheckFailed) as info:
        check_moving_rows(prediction)
    assert reason in str(info.value)
    assert "Adam also moves every row" in str(info.value)


# --------------------------------------------------------------------------- zeros
def test_zero_init_correct(capsys):
    assert check_zero_init(ZERO) is True
    assert "Correct!" in capsys.readouterr().out


@pytest.mark.parametrize("stub", [..., None, {name: (..., ...) for name in ZERO},
                                  {**ZERO, "zeros + zeros": ...}])
def test_zero_init_not_done(stub, capsys):
    assert check_zero_init(stub) is False
    assert NOT_DONE in capsys.readouterr().out


@pytest.mark.parametrize(
    ("prediction", "reason"),
    [
        ({**ZERO, "random + zeros": (False, True)}, "random + zeros: the table's first gradient is exactly zero"),
        ({**ZERO, "zeros + zeros": (True, True)}, "zeros + zeros: the table never changes"),
        ({**ZERO, "zeros + random": (True, True)}, "zeros + random: the table's first gradient is not zero"),
        ({**ZERO, "random + random": (0, 1)}, "must be a pair of True/False"),
        ({"zeros + zeros": (True, False)}, "missing the set-ups"),
        ("yes", "prediction must be a dict"),
    ],
)
def test_zero_init_wrong(prediction, reason):
    with pytest.raises(CheckFailed) as info:
        check_zero_init(prediction)
    assert reason in str(info.value)
    assert "whenever the Dense weights U are zero" in str(info.value)


# --------------------------------------------------------------------------- mean pool backward
def test_mean_pool_backward_correct(capsys):
    assert check_mean_pool_backward(mean_pool_backward) is True
    assert "Correct!" in capsys.readouterr().out


@pytest.mark.parametrize("stub", [..., None, _stub])
def test_mean_pool_backward_not_done(stub, capsys):
    assert check_mean_pool_backward(stub) is False
    assert NOT_DONE in capsys.readouterr().out


def test_mean_pool_backward_wrong_answers():
    def by_T(g, mask):
        return mask[:, :, None] * g[:, None, :] / mask.shape[1]

    def no_guard(g, mask):
        with np.errstate(invalid="ignore", divide="ignore"):
            return (mask / mask.sum(axis=1, keepdims=True))[:, :, None] * g[:, None, :]

    def everywhere(g, mask):
        counts = np.maximum(mask.sum(axis=1, keepdims=True), 1)
        return np.repeat(g[:, None, :] / counts[:, :, None], mask.shape[1], axis=1)

    cases = [
        (by_T, "you divided by T = 4"),
        (no_guard, "contains NaN or infinity"),
        (everywhere, "padding positions must get exactly zero gradient"),
        (lambda g, mask: g, "the result has shape (2, 3)"),
    ]
    for answer, reason in cases:
        with pytest.raises(CheckFailed) as info:
            check_mean_pool_backward(answer)
        assert reason in str(info.value)
        assert "divide by the count of real tokens" in str(info.value)
