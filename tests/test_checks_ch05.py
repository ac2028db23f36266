"""The chapter 5 checks accept the reference solutions, spot stubs, and explain wrong answers."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import subspace_angles

from embedlab.checks import CheckFailed
from embedlab.checks.ch05 import (
    ONE_HOT_PCA_TASK,
    check_one_hot_pca,
    check_ppmi,
    check_principal_angles,
    check_procrustes,
)

NOT_DONE = "Not done yet"


# ------------------------------------------------------ reference solutions
def ppmi(counts, shift=1.0):
    counts = np.asarray(counts, dtype=float)
    expected = counts.sum(axis=1, keepdims=True) * counts.sum(axis=0, keepdims=True) / counts.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = np.log(counts / expected) - np.log(shift)
    scores[counts == 0] = 0.0
    return np.maximum(scores, 0.0)


def principal_angles(A, B):
    qa, qb = np.linalg.qr(A)[0], np.linalg.qr(B)[0]
    cosines = np.linalg.svd(qa.T @ qb, compute_uv=False)
    return np.degrees(np.arccos(np.clip(cosines, -1.0, 1.0)))


def procrustes(A, B):
    u, _, vt = np.linalg.svd(A.T @ B)
    return u @ vt


def _stub(*args, **kwargs):
    raise NotImplementedError


FUNCTION_CHECKS = [
    (check_ppmi, ppmi),
    (check_principal_angles, principal_angles),
    (check_procrustes, procrustes),
]


@pytest.mark.parametrize("check, solution", FUNCTION_CHECKS, ids=lambda x: getattr(x, "__name__", ""))
def test_reference_solution_passes(check, solution, capsys):
    assert check(solution) is True
    assert "Correct!" in capsys.readouterr().out


@pytest.mark.parametrize("check", [c for c, _ in FUNCTION_CHECKS], ids=lambda c: c.__name__)
@pytest.mark.parametrize("stub", [_stub, ..., None], ids=["raises", "ellipsis", "none"])
def test_stub_is_not_done_yet(check, stub, capsys):
    assert check(stub) is False
    assert NOT_DONE in capsys.readouterr().out


@pytest.mark.parametrize("check", [c for c, _ in FUNCTION_CHECKS], ids=lambda c: c.__name__)
def test_non_function_answer_fails(check):
    with pytest.raises(CheckFailed, match="should be a function"):
        check(42)


# ---------------------------------------------------------- one-hot PCA
def test_one_hot_prediction_right_and_as_fractions(capsys):
    V = ONE_HOT_PCA_TASK["V"]
    assert check_one_hot_pca([1 / (V - 1)] * (V - 1) + [0]) is True
    assert check_one_hot_pca(np.array([0.2] * 5 + [0.0])) is True
    assert "Correct!" in capsys.readouterr().out


@pytest.mark.parametrize("stub", [..., None, [..., ..., ..., ..., ..., ...]])
def test_one_hot_stub_is_not_done_yet(stub, capsys):
    assert check_one_hot_pca(stub) is False
    assert NOT_DONE in capsys.readouterr().out


@pytest.mark.parametrize(
    "prediction, message",
    [
        ([1 / 6] * 6, "the direction of the mean"),
        ([0.2] * 5, "predict 6 ratios"),
        ([0.5, 0.3, 0.1, 0.1, 0.0, 0.0], "you predicted"),
        ([0.3] * 6, "add up to 1"),
        ("a lot", "must be an array of numbers"),
    ],
)
def test_one_hot_wrong_predictions_fail_with_hint(prediction, message):
    with pytest.raises(CheckFailed, match=message) as info:
        check_one_hot_pca(prediction)
    assert "Hint:" in str(info.value) and "every row sums to 1" in str(info.value)


# ----------------------------------------------------------------- PPMI
def test_ppmi_without_clipping_fails_with_hint():
    def unclipped(counts, shift=1.0):
        counts = np.asarray(counts, dtype=float)
        expected = counts.sum(1, keepdims=True) * counts.sum(0, keepdims=True) / counts.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            scores = np.log(counts / expected) - np.log(shift)
        scores[counts == 0] = 0.0
        return scores

    with pytest.raises(CheckFailed, match="negative values: clip at 0") as info:
        check_ppmi(unclipped)
    assert "Hint:" in str(info.value) and "expected count" in str(info.value)


def test_ppmi_with_nan_fails_with_hint():
    def careless(counts, shift=1.0):
        counts = np.asarray(counts, dtype=float)
        expected = counts.sum(1, keepdims=True) * counts.sum(0, keepdims=True) / counts.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.maximum(np.log(counts / expected) - np.log(shift), 0.0)

    with pytest.raises(CheckFailed, match="NaN or infinite values"):
        check_ppmi(careless)


def test_ppmi_ignoring_or_misplacing_the_shift_fails():
    with pytest.raises(CheckFailed, match="ignores the shift"):
        check_ppmi(lambda counts, shift=1.0: ppmi(counts))
    with pytest.raises(CheckFailed, match="your values differ"):
        check_ppmi(lambda counts, shift=1.0: ppmi(counts) + np.log(shift))


def test_ppmi_with_the_wrong_shape_or_values_fails():
    with pytest.raises(CheckFailed, match="you returned shape"):
        check_ppmi(lambda counts, shift=1.0: ppmi(counts, shift).T)
    with pytest.raises(CheckFailed, match="your values differ"):
        check_ppmi(lambda counts, shift=1.0: 2 * ppmi(counts, shift))


# ----------------------------------------------------- principal angles
def test_principal_angles_in_radians_fail_with_hint():
    def radians(A, B):
        return np.radians(principal_angles(A, B))

    with pytest.raises(CheckFailed, match="look like radians") as info:
        check_principal_angles(radians)
    assert "orthonormalise each basis first" in str(info.value)


def test_principal_angles_unsorted_fail():
    with pytest.raises(CheckFailed, match="not sorted smallest first"):
        check_principal_angles(lambda A, B: principal_angles(A, B)[::-1])


def test_principal_angles_without_orthonormalising_fail():
    def raw(A, B):
        cosines = np.linalg.svd(A.T @ B, compute_uv=False)
        return np.degrees(np.arccos(np.clip(cosines, -1.0, 1.0)))

    with pytest.raises(CheckFailed, match="degrees, expected"):
        check_principal_angles(raw)


def test_principal_angles_count_is_checked():
    with pytest.raises(CheckFailed, match="there are min\\(p, q\\)"):
        check_principal_angles(lambda A, B: np.zeros(A.shape[1] + B.shape[1]))


def test_reference_angles_agree_with_scipy():
    rng = np.random.default_rng(0)
    A, B = rng.normal(size=(7, 3)), rng.normal(size=(7, 2))
    assert np.allclose(principal_angles(A, B), np.sort(np.degrees(subspace_angles(A, B))))


# ------------------------------------------------------------ Procrustes
def test_procrustes_transposed_fails_with_hint():
    with pytest.raises(CheckFailed, match="transposed") as info:
        check_procrustes(lambda A, B: procrustes(A, B).T)
    assert "L @ Rt" in str(info.value)


def test_procrustes_by_least_squares_fails():
    with pytest.raises(CheckFailed, match="not orthogonal"):
        check_procrustes(lambda A, B: np.linalg.lstsq(A, B, rcond=None)[0])


def test_procrustes_identity_fails():
    with pytest.raises(CheckFailed, match="the best rotation reaches"):
        check_procrustes(lambda A, B: np.eye(A.shape[1]))


def test_procrustes_wrong_shape_fails():
    with pytest.raises(CheckFailed, match="Omega must have shape"):
        check_procrustes(lambda A, B: np.eye(A.shape[0]))
