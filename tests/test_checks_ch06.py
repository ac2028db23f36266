"""The chapter 6 (part 1) checks accept the reference solutions, spot stubs, and explain wrong answers."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab.checks import CheckFailed
from embedlab.checks.ch06 import (
    check_3cosmul,
    check_all_but_the_top,
    check_same_ranking,
    ranking_measures,
)

NOT_DONE = "Not done yet"


# ------------------------------------------------------ reference solutions
def three_cos_mul(vectors, a, b, c):
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
    shifted = (unit @ unit[[a, b, c]].T + 1) / 2
    scores = shifted[:, 1] * shifted[:, 2] / (shifted[:, 0] + 1e-3)
    scores[[a, b, c]] = -np.inf
    return int(np.argmax(scores))


def all_but_the_top(vectors, D):
    centred = vectors - vectors.mean(axis=0)
    top = np.linalg.svd(centred, full_matrices=False)[2][:D]
    return centred - (centred @ top.T) @ top


def _stub(*args, **kwargs):
    raise NotImplementedError


FUNCTION_CHECKS = [(check_3cosmul, three_cos_mul), (check_all_but_the_top, all_but_the_top)]


@pytest.mark.parametrize("check, solution", FUNCTION_CHECKS, ids=lambda x: getattr(x, "__name__", ""))
def test_reference_solution_passes(check, solution, capsys):
    assert check(solution) is True
    assert "Correct!" in capsys.readouterr().out


@pytest.mark.parametrize("check", [c for c, _ in FUNCTION_CHECKS] + [check_same_ranking],
                         ids=lambda c: c.__name__)
@pytest.mark.parametrize("stub", [_stub, ..., None], ids=["raises", "ellipsis", "none"])
def test_stub_is_not_done_yet(check, stub, capsys):
    if check is check_same_ranking and stub is _stub:
        stub = ...
    assert check(stub) is False
    assert NOT_DONE in capsys.readouterr().out


@pytest.mark.parametrize("check", [c for c, _ in FUNCTION_CHECKS], ids=lambda c: c.__name__)
def test_non_function_answer_fails(check):
    with pytest.raises(CheckFailed, match="should be a function"):
        check(42)


# ------------------------------------------------------------ ranking
def test_ranking_measures_behave_as_described():
    E = np.array([[1.0, 0.1], [3.0, 3.0], [0.5, 0.0]])
    m = ranking_measures()
    assert np.argmax(m["dot"](E, 0)[1:]) == 0 and np.argmax(m["dot_unit"](E, 0)[1:]) == 1
    assert np.allclose(m["cosine_rescaled"](E, 0), m["dot_unit"](E, 0))


def test_same_ranking_right_answer_in_any_container(capsys):
    assert check_same_ranking({"dot_unit", "euclidean_unit", "cosine_rescaled"}) is True
    assert check_same_ranking(["cosine_rescaled", "dot_unit", "euclidean_unit"]) is True
    assert "Correct!" in capsys.readouterr().out


@pytest.mark.parametrize(
    "prediction, message",
    [
        ({"dot_unit", "euclidean_unit", "cosine_rescaled", "dot"}, "'dot' can rank neighbours differently"),
        ({"dot_unit", "euclidean_unit", "cosine_rescaled", "euclidean_centred"},
         "'euclidean_centred' can rank"),
        ({"dot_unit", "cosine_rescaled"}, "'euclidean_unit' always ranks neighbours as cosine"),
        ({"cosine"}, "unknown measures"),
        ("dot_unit", "must be a set of measure names"),
    ],
)
def test_same_ranking_wrong_answers_fail_with_hint(prediction, message):
    with pytest.raises(CheckFailed, match=message) as info:
        check_same_ranking(prediction)
    assert "Hint:" in str(info.value) and "2 - 2 cos" in str(info.value)


# ------------------------------------------------------------ 3CosMul
def test_3cosmul_that_keeps_the_inputs_fails_with_hint():
    def keeps_inputs(vectors, a, b, c):
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        unit = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
        shifted = (unit @ unit[[a, b, c]].T + 1) / 2
        return int(np.argmax(shifted[:, 1] * shifted[:, 2] / (shifted[:, 0] + 1e-3)))

    with pytest.raises(CheckFailed, match="one of the inputs") as info:
        check_3cosmul(keeps_inputs)
    assert "Hint:" in str(info.value) and "-inf" in str(info.value)


def test_3cosadd_instead_of_3cosmul_fails_with_hint():
    def three_cos_add(vectors, a, b, c):
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        unit = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
        scores = unit @ unit[b] - unit @ unit[a] + unit @ unit[c]
        scores[[a, b, c]] = -np.inf
        return int(np.argmax(scores))

    with pytest.raises(CheckFailed, match="3CosAdd's answer"):
        check_3cosmul(three_cos_add)


def test_3cosmul_without_shift_or_returning_a_float_fails():
    def unshifted(vectors, a, b, c):
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        unit = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
        cos = unit @ unit[[a, b, c]].T
        scores = cos[:, 1] * cos[:, 2] / (cos[:, 0] + 1e-3)
        scores[[a, b, c]] = -np.inf
        return int(np.argmax(scores))

    with pytest.raises(CheckFailed, match="the answer is"):
        check_3cosmul(unshifted)
    with pytest.raises(CheckFailed, match="must return one integer row id"):
        check_3cosmul(lambda vectors, a, b, c: 1.0)


def test_3cosmul_that_crashes_on_a_zero_row_fails():
    def no_zero_guard(vectors, a, b, c):
        if not np.all(np.linalg.norm(vectors, axis=1)):
            raise ZeroDivisionError("a row of zeros")
        return three_cos_mul(vectors, a, b, c)

    with pytest.raises(CheckFailed, match="ZeroDivisionError"):
        check_3cosmul(no_zero_guard)


# ------------------------------------------------------ all-but-the-top
def test_all_but_the_top_without_centring_fails_with_hint():
    def uncentred(vectors, D):
        top = np.linalg.svd(vectors, full_matrices=False)[2][:D]
        return vectors - (vectors @ top.T) @ top

    with pytest.raises(CheckFailed, match="subtract the mean row first") as info:
        check_all_but_the_top(uncentred)
    assert "Hint:" in str(info.value) and "rows of Vt" in str(info.value)


def test_all_but_the_top_off_by_one_and_wrong_shape_fail():
    def one_less(vectors, D):
        return all_but_the_top(vectors, max(D - 1, 0))

    with pytest.raises(CheckFailed, match="you removed 0 directions instead of 1"):
        check_all_but_the_top(one_less)
    with pytest.raises(CheckFailed, match="must have shape"):
        check_all_but_the_top(lambda vectors, D: all_but_the_top(vectors, D)[:, :2])

    def columns_of_u(vectors, D):  # the left singular vectors instead of the directions
        centred = vectors - vectors.mean(axis=0)
        u = np.linalg.svd(centred, full_matrices=False)[0][:, :D]
        return centred - u @ (u.T @ centred) * 0.5

    with pytest.raises(CheckFailed, match="differs from the expected one"):
        check_all_but_the_top(columns_of_u)
