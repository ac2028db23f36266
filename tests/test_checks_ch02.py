"""The exercise checks of the chapter "A column of W is a unit"."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab.checks import CheckFailed
from embedlab.checks.ch02 import (
    MIX_UNITS,
    STRONGEST_TOKENS,
    UNIT_ACTIVATION,
    check_mix_units,
    check_strongest_tokens,
    check_unit_activation,
)


# ------------------------------------------------------------ reference solutions
def unit_activation(W, token, unit):
    W = np.asarray(W)
    x = np.zeros(W.shape[0], dtype=W.dtype)
    x[token] = 1
    return (x * W[:, unit]).sum()


def strongest_tokens(W, unit, k):
    order = np.argsort(-np.abs(np.asarray(W)[:, unit]), kind="stable")
    return [int(i) for i in order[:k]]


def mix_units(W, U, G):
    return W @ G, np.linalg.solve(G, U)


def _not_done(*args):
    raise NotImplementedError


# ------------------------------------------------------------ correct answers
@pytest.mark.parametrize(
    "check, answer, label",
    [
        (check_unit_activation, unit_activation, "ex02-unit-activation"),
        (check_strongest_tokens, strongest_tokens, "ex02-strongest-tokens"),
        (check_mix_units, mix_units, "ex02-mix-units"),
    ],
)
def test_reference_solution_passes(check, answer, label, capsys):
    assert check(answer) is True
    assert capsys.readouterr().out.startswith(f"Correct! ({label})")


def test_other_correct_answers_pass(capsys):
    assert check_unit_activation(lambda W, t, u: (np.eye(W.shape[0])[t] @ W)[u])
    assert check_strongest_tokens(
        lambda W, u, k: np.argsort(-np.abs(W[:, u]), kind="stable")[:k])   # an array is fine
    assert check_mix_units(lambda W, U, G: (W @ G, np.linalg.inv(G) @ U))
    assert capsys.readouterr().out.count("Correct!") == 3


# ------------------------------------------------------------ stubs
@pytest.mark.parametrize("check", [check_unit_activation, check_strongest_tokens, check_mix_units])
@pytest.mark.parametrize("stub", [_not_done, ..., None])
def test_stub_says_not_done_yet(check, stub, capsys):
    assert check(stub) is False
    assert capsys.readouterr().out.startswith("Not done yet (ex02-")


# ------------------------------------------------------------ wrong answers
def test_unit_activation_swapped_indices_fails_with_hint():
    with pytest.raises(CheckFailed, match="Not quite \\(ex02-unit-activation\\)") as info:
        check_unit_activation(lambda W, token, unit: W[unit, token])
    assert UNIT_ACTIVATION.hint in str(info.value)


def test_unit_activation_returning_the_whole_row_fails():
    with pytest.raises(CheckFailed, match="one unit gives one number"):
        check_unit_activation(lambda W, token, unit: W[token])


def test_unit_activation_wrong_number_and_non_number_fail():
    with pytest.raises(CheckFailed, match=r"token 0 and unit 0 you returned 0, expected"):
        check_unit_activation(lambda W, token, unit: 0.0)
    with pytest.raises(CheckFailed, match="returned 'x', not a number"):
        check_unit_activation(lambda W, token, unit: "x")


def test_unit_activation_that_crashes_is_reported():
    def broken(W, token, unit):
        return W[token, unit, 0]          # one index too many

    with pytest.raises(CheckFailed, match="raised IndexError"):
        check_unit_activation(broken)


def test_strongest_tokens_by_signed_value_fails_with_hint():
    signed = lambda W, unit, k: list(np.argsort(-W[:, unit], kind="stable")[:k])  # noqa: E731
    with pytest.raises(CheckFailed) as info:
        check_strongest_tokens(signed)
    assert STRONGEST_TOKENS.hint in str(info.value)


def test_strongest_tokens_unstable_ties_fail():
    # reversing keeps the size order but puts the higher id first on ties
    def higher_id_first(W, unit, k):
        col = np.abs(W[:, unit])
        order = sorted(range(len(col)), key=lambda i: (-col[i], -i))
        return order[:k]

    with pytest.raises(CheckFailed, match="expected"):
        check_strongest_tokens(higher_id_first)


def test_strongest_tokens_wrong_type_fails():
    with pytest.raises(CheckFailed, match="expected a list of 2 integer token ids"):
        check_strongest_tokens(lambda W, unit, k: np.abs(W[:k, unit]))


def test_mix_units_without_undoing_fails_with_hint():
    with pytest.raises(CheckFailed, match="the outputs W_mixed @ U_mixed differ") as info:
        check_mix_units(lambda W, U, G: (W @ G, U))
    assert MIX_UNITS.hint in str(info.value)


def test_mix_units_mixing_the_rows_fails():
    with pytest.raises(CheckFailed):
        check_mix_units(lambda W, U, G: (W, U))   # identity passes, random G does not


def test_mix_units_that_modifies_its_inputs_fails():
    def in_place(W, U, G):
        U[...] = np.linalg.solve(G, U)
        return W @ G, U

    with pytest.raises(CheckFailed, match="changed its inputs"):
        check_mix_units(in_place)


def test_mix_units_wrong_return_fails():
    with pytest.raises(CheckFailed, match="should return a pair"):
        check_mix_units(lambda W, U, G: W @ G)
    with pytest.raises(CheckFailed, match="the shapes are"):
        check_mix_units(lambda W, U, G: ((W @ G).T, U))


def test_check_refuses_a_non_function():
    with pytest.raises(CheckFailed, match="unit_activation should be a function, got int"):
        check_unit_activation(3)
