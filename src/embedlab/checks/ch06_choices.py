"""Checks for the exercises of chapter 6, part 2 (choosing d, pictures, rare words, evaluation).

:func:`check_rules` checks a prediction of the two rules of thumb for the
number of columns, :func:`check_pip_loss` a PIP loss written without the
``V x V`` matrices, and :func:`check_keep_probability` frequent-word
subsampling. Each compares the reader's answer with :mod:`embedlab.evaluation`
on several cases and reports through :class:`embedlab.checks.Check`.

Examples
--------
>>> check_rules(...)
Not done yet (ex06b-rules): fill in the cell above, then run this one again.
False
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..evaluation import fastai_rule, fourth_root_rule, pip_loss, subsample_keep_probability
from . import Check, NotDone, call_answer, is_stub, require_function

__all__ = ["RULES_TASK", "check_rules", "check_pip_loss", "check_keep_probability"]

#: The vocabulary sizes of the rules-of-thumb exercise.
RULES_TASK: tuple[int, ...] = (10_000, 1_000_000)

_RULES = Check(
    "ex06b-rules",
    hint="the fourth-root rule is round(V ** 0.25); fastai's rule is min(600, round(1.6 * V ** 0.56)); "
    "10,000 ** 0.25 = 10 exactly",
)
_PIP = Check(
    "ex06b-pip-loss",
    hint="||A A^T - B B^T||_F^2 = ||A^T A||_F^2 + ||B^T B||_F^2 - 2 ||A^T B||_F^2 (expand the "
    "trace of the square); return the square root, as a float, and do not assume A and B "
    "have the same number of columns",
)
_KEEP = Check(
    "ex06b-subsample",
    hint="f = counts / counts.sum(); keep min(1, sqrt(threshold / f)) of each word's occurrences; "
    "a word that never occurs (f = 0) keeps 1 (compute inside np.errstate(divide='ignore'))",
)


def _as_float(value: Any, what: str) -> np.ndarray:
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise AssertionError(f"{what} must be numbers, got {value!r}") from None


def check_rules(prediction: Any) -> bool:
    """Check ``{V: (fourth_root, fastai)}`` for each ``V`` in :data:`RULES_TASK`.

    Examples
    --------
    >>> check_rules({10_000: (10, 278), 1_000_000: (32, 600)})
    Correct! (ex06b-rules) The two rules differ by a factor of 19-28 at these sizes.
    True
    """

    def test() -> bool:
        if is_stub(prediction) or (isinstance(prediction, dict)
                                   and any(is_stub(v) for v in prediction.values())):
            raise NotDone
        assert isinstance(prediction, dict), f"give a dict {{V: (fourth_root, fastai)}}, got {type(prediction).__name__}"
        assert set(prediction) == set(RULES_TASK), f"give one entry for each V in {list(RULES_TASK)}"
        for V in RULES_TASK:
            got = _as_float(prediction[V], f"prediction[{V}]").ravel()
            assert got.size == 2, f"prediction[{V}] must be a pair (fourth_root, fastai)"
            want = (fourth_root_rule(V), fastai_rule(V))
            if abs(got[1] - round(1.6 * V**0.56)) < 1 and want[1] == 600:
                raise AssertionError(f"for V = {V} fastai's rule is capped at 600")
            assert abs(got[0] - want[0]) < 1, f"for V = {V} you gave {got[0]:g} for the fourth-root rule"
            assert abs(got[1] - want[1]) < 1, f"for V = {V} you gave {got[1]:g} for fastai's rule"
        return True

    return _RULES.run(test, success="The two rules differ by a factor of 19-28 at these sizes.")


def _pip_cases() -> list[tuple[np.ndarray, np.ndarray, str]]:
    rng = np.random.default_rng(606)
    A = rng.normal(size=(40, 5))
    Q = np.linalg.qr(rng.normal(size=(5, 5)))[0]
    return [
        (A, A @ Q, "a table and its rotation (the loss is 0)"),
        (A, rng.normal(size=(40, 5)), "two random tables of shape (40, 5)"),
        (A, A[:, :2], "a table and its first 2 columns (different d)"),
        (rng.normal(size=(7, 1)), rng.normal(size=(7, 3)), "tables with 1 and 3 columns"),
    ]


def check_pip_loss(pip: Any) -> bool:
    """Check ``pip(A, B)``: the PIP loss ``||A A^T - B B^T||_F`` from d x d products only.

    Examples
    --------
    >>> def pip(A, B):
    ...     raise NotImplementedError
    >>> check_pip_loss(pip)
    Not done yet (ex06b-pip-loss): fill in the cell above, then run this one again.
    False
    """

    def test() -> bool:
        fn = require_function(pip, "pip")
        for A, B, what in _pip_cases():
            got = _as_float(call_answer(fn, f"pip(...) for {what}", A.copy(), B.copy()),
                            f"pip(...) for {what}")
            assert got.size == 1, f"for {what} return one number, got shape {got.shape}"
            want = pip_loss(A, B)
            if want > 0 and abs(float(got) - want**2) < 1e-6 * max(1.0, want**2):
                raise AssertionError(f"for {what} you returned the square of the loss")
            assert abs(float(got) - want) < 1e-6 * max(1.0, want), (
                f"for {what} you gave {float(got):.6f}, the PIP loss is {want:.6f}"
            )
        big = np.random.default_rng(7).normal(size=(20_000, 4))
        got = call_answer(fn, "pip(...) for two tables of 20,000 rows", big, big[:, :3])
        assert abs(float(got) - pip_loss(big, big[:, :3])) < 1e-6 * pip_loss(big, big[:, :3]), (
            "for two tables of 20,000 rows your answer is off"
        )
        return True

    return _PIP.run(test, success="No 20,000 x 20,000 matrix needed: the PIP loss lives in d x d products.")


def _keep_cases() -> list[tuple[np.ndarray, float, str]]:
    return [
        (np.array([9000.0, 900.0, 100.0]), 0.01, "counts 9000, 900, 100 with threshold 0.01"),
        (np.array([50.0, 30.0, 0.0, 20.0]), 0.1, "a word that never occurs"),
        (np.array([1.0, 1.0, 1.0, 1.0]), 1e-3, "four words seen once each"),
    ]


def check_keep_probability(keep_probability: Any) -> bool:
    """Check ``keep_probability(counts, threshold)``: Mikolov et al.'s subsampling rule.

    Examples
    --------
    >>> check_keep_probability(lambda counts, threshold: np.minimum(1.0, np.sqrt(threshold * np.sum(counts) / np.maximum(counts, 1e-300))))
    Correct! (ex06b-subsample) Frequent words lose most of their occurrences; rare ones none.
    True
    """

    def test() -> bool:
        fn = require_function(keep_probability, "keep_probability")
        for counts, t, what in _keep_cases():
            got = _as_float(call_answer(fn, f"keep_probability(...) for {what}", counts.copy(), t),
                            f"keep_probability(...) for {what}")
            want = subsample_keep_probability(counts, t)
            assert got.shape == want.shape, f"for {what} return one probability per word, shape {want.shape}"
            assert np.all(np.isfinite(got)), f"for {what} your answer has nan or inf"
            discard = 1.0 - want
            if np.allclose(got, discard) and not np.allclose(got, want):
                raise AssertionError(f"for {what} you returned the probability of discarding")
            assert np.allclose(got, want, atol=1e-9), (
                f"for {what} you gave {np.round(got, 4).tolist()}"
            )
        return True

    return _KEEP.run(test, success="Frequent words lose most of their occurrences; rare ones none.")
