"""The chapter 6.2 checks accept the reference solutions, spot stubs, and explain wrong answers."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab.checks import CheckFailed
from embedlab.checks.ch06_choices import (
    RULES_TASK,
    check_keep_probability,
    check_pip_loss,
    check_rules,
)

NOT_DONE = "Not done yet"


# ------------------------------------------------------ reference solutions
def pip(A, B):
    squared = np.sum((A.T @ A) ** 2) + np.sum((B.T @ B) ** 2) - 2 * np.sum((A.T @ B) ** 2)
    return float(np.sqrt(max(squared, 0.0)))


def keep_probability(counts, threshold):
    f = np.asarray(counts, dtype=float) / np.sum(counts)
    with np.errstate(divide="ignore"):
        return np.minimum(1.0, np.sqrt(threshold / f))


RULES = {V: (round(V**0.25), min(600, round(1.6 * V**0.56))) for V in RULES_TASK}


def _stub(*args, **kwargs):
    raise NotImplementedError


def test_reference_solutions_pass(capsys):
    assert check_rules(RULES) is True
    assert check_pip_loss(pip) is True
    assert check_keep_probability(keep_probability) is True
    assert capsys.readouterr().out.count("Correct!") == 3


@pytest.mark.parametrize("check, stub", [(check_rules, ...), (check_rules, {10_000: ..., 1_000_000: ...}),
                                         (check_pip_loss, _stub), (check_pip_loss, ...),
                                         (check_keep_probability, _stub)])
def test_stubs_are_not_done_yet(check, stub, capsys):
    assert check(stub) is False
    assert NOT_DONE in capsys.readouterr().out


def test_wrong_rules_fail_with_a_hint():
    uncapped = {V: (round(V**0.25), round(1.6 * V**0.56)) for V in RULES_TASK}
    with pytest.raises(CheckFailed, match="capped at 600"):
        check_rules(uncapped)
    with pytest.raises(CheckFailed, match="fourth-root rule"):
        check_rules({V: (V**0.5, b) for V, (a, b) in RULES.items()})
    with pytest.raises(CheckFailed, match="one entry for each V"):
        check_rules({10_000: RULES[10_000]})


def test_wrong_pip_losses_fail_with_a_hint():
    with pytest.raises(CheckFailed, match="square of the loss"):
        check_pip_loss(lambda A, B: pip(A, B) ** 2)
    with pytest.raises(CheckFailed, match="Hint: "):
        check_pip_loss(lambda A, B: float(np.linalg.norm(A - B)))  # compares coordinates
    with pytest.raises(CheckFailed, match="a table and its rotation"):
        check_pip_loss(lambda A, B: float(np.linalg.norm(A.T @ A - B.T @ B)))
    with pytest.raises(CheckFailed, match=r"raised ValueError: operands could not be broadcast"):
        check_pip_loss(lambda A, B: float(np.sum((A @ A.T) * (B.T @ B))))  # crashes on shapes


def test_wrong_keep_probabilities_fail_with_a_hint():
    with pytest.raises(CheckFailed, match="probability of discarding"):
        check_keep_probability(lambda c, t: 1 - keep_probability(c, t))
    with pytest.raises(CheckFailed, match="nan or inf"):
        with np.errstate(divide="ignore"):
            check_keep_probability(lambda c, t: np.sqrt(t / (np.asarray(c) / np.sum(c))))
    with pytest.raises(CheckFailed, match="Hint: "):
        check_keep_probability(lambda c, t: np.minimum(1.0, t / (np.asarray(c) / np.sum(c) + 1e-12)))
