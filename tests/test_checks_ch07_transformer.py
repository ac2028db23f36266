"""The checks of chapter 7, part 3 accept the reference solutions, spot stubs, and explain wrong answers."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab.checks import CheckFailed
from embedlab.checks.ch07_transformer import (
    EQUAL_OUTPUTS_TASK,
    check_attention,
    check_equal_outputs,
    check_shift_matrix,
    equal_output_positions,
)

NOT_DONE = "Not done yet"
RIGHT = {"no mask": {0, 2, 3}, "causal": {0}, "positions": set()}


def attention(Q, K, V, causal=False):
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    if causal:
        T = scores.shape[-1]
        scores = np.where(np.tril(np.ones((T, T), bool)), scores, -np.inf)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return weights / weights.sum(axis=-1, keepdims=True) @ V


def shift_matrix(k, d, base=10000.0):
    M = np.zeros((d, d))
    for i in range(d // 2):
        b = k * base ** (-2 * i / d)
        M[2 * i:2 * i + 2, 2 * i:2 * i + 2] = [[np.cos(b), -np.sin(b)], [np.sin(b), np.cos(b)]]
    return M


def _stub(*args, **kwargs):
    raise NotImplementedError


@pytest.mark.parametrize("check, solution", [(check_attention, attention),
                                             (check_shift_matrix, shift_matrix),
                                             (check_equal_outputs, RIGHT)],
                         ids=["attention", "shift", "equal"])
def test_reference_solution_passes(check, solution, capsys):
    assert check(solution) is True
    assert "Correct!" in capsys.readouterr().out


@pytest.mark.parametrize("check", [check_attention, check_shift_matrix])
@pytest.mark.parametrize("stub", [_stub, ..., None], ids=["raises", "ellipsis", "none"])
def test_stub_is_not_done_yet(check, stub, capsys):
    assert check(stub) is False
    assert NOT_DONE in capsys.readouterr().out


@pytest.mark.parametrize("stub", [..., None, {"no mask": ..., "causal": ..., "positions": ...}])
def test_prediction_stub_is_not_done_yet(stub, capsys):
    assert check_equal_outputs(stub) is False
    assert NOT_DONE in capsys.readouterr().out


def test_equal_positions_come_from_the_model():
    # the reference answer is what the layer does, for two draws of random weights
    for setting, expected in RIGHT.items():
        assert equal_output_positions(setting, 0) == equal_output_positions(setting, 1) == expected
    with pytest.raises(ValueError, match="setting must be one of"):
        equal_output_positions("rotary")
    assert EQUAL_OUTPUTS_TASK["first"].split()[::-1] != EQUAL_OUTPUTS_TASK["second"].split()


@pytest.mark.parametrize("prediction, message", [
    ({"no mask": {2}, "causal": {0}, "positions": set()}, "for 'no mask' you predicted the positions \\[2\\]"),
    ({"no mask": {0, 2, 3}, "causal": {0, 2, 3}, "positions": set()}, "for 'causal'"),
    ({"no mask": {0, 2, 3}, "causal": {0}, "positions": {0, 2, 3}}, "for 'positions'"),
    ({"no mask": {1, 3, 4}, "causal": {1}, "positions": set()}, "count from 0"),
    ({"no mask": {0, 2, 3}}, "exactly the keys"),
    ({"no mask": "all", "causal": {0}, "positions": set()}, "must be a set of positions"),
    ([0, 2, 3], "must be a dict"),
])
def test_wrong_predictions_fail_with_hint(prediction, message):
    with pytest.raises(CheckFailed, match=message) as info:
        check_equal_outputs(prediction)
    assert "Hint:" in str(info.value)


def _unscaled(Q, K, V, causal=False):
    return attention(Q * np.sqrt(Q.shape[-1]), K, V, causal)


def _no_mask(Q, K, V, causal=False):
    return attention(Q, K, V, False)


def _mask_after_softmax(Q, K, V, causal=False):
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    w = np.exp(scores - scores.max(axis=-1, keepdims=True))
    w /= w.sum(axis=-1, keepdims=True)
    if causal:
        w = np.where(np.tril(np.ones(w.shape[-2:], bool)), w, 0.0)
    return w @ V


def _wrong_axis(Q, K, V, causal=False):
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    w = np.exp(scores)
    return w / w.sum(axis=-2, keepdims=True) @ V


@pytest.mark.parametrize("wrong, message", [
    (_unscaled, "not divided by sqrt"),
    (_no_mask, "ignores the causal mask"),
    (_mask_after_softmax, "masked after the softmax"),
    (_wrong_axis, "differs by up to"),
    (lambda Q, K, V, causal=False: V[..., :1], "must have shape"),
    (lambda Q, K, V, causal=False: 1 / 0, "raised ZeroDivisionError"),
])
def test_wrong_attention_fails_with_hint(wrong, message):
    with pytest.raises(CheckFailed, match=message):
        check_attention(wrong)


@pytest.mark.parametrize("wrong, message", [
    (lambda k, d, base=10000.0: shift_matrix(k, d, base).T, "transposed"),
    (lambda k, d, base=10000.0: np.eye(d), "misses P\\[t \\+ k\\]"),
    (lambda k, d, base=10000.0: shift_matrix(k, d, 10000.0), "base = 100"),
    (lambda k, d, base=10000.0: np.eye(d + 1), "must have shape"),
])
def test_wrong_shift_matrix_fails_with_hint(wrong, message):
    with pytest.raises(CheckFailed, match=message):
        check_shift_matrix(wrong)


def test_non_function_answers_fail():
    for check in (check_attention, check_shift_matrix):
        with pytest.raises(CheckFailed, match="should be a function"):
            check(42)
