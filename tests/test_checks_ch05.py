"""The chapter 5 checks accept the reference solutions, spot stubs, and explain wrong answers."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import subspace_angles

from embedlab.checks import CheckFailed
from embedlab.checks.ch05 import (
    ABSORB_TASK,
    ONE_HOT_PCA_TASK,
    absorb_changes,
    check_absorbed,
    check_one_hot_pca,
    check_ppmi,
    check_principal_angles,
    check_procrustes,
    check_smoothed_pmi,
)
from embedlab.cooccurrence import pmi

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


def smoothed_pmi(counts, power=0.75):
    counts = np.asarray(counts, dtype=float)
    N = counts.sum()
    p_word = counts.sum(axis=1, keepdims=True) / N
    smoothed = counts.sum(axis=0, keepdims=True) ** power
    p_context = smoothed / smoothed.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.log(counts / N) - np.log(p_word) - np.log(p_context)
    out[counts == 0] = -np.inf
    return out


ABSORBED = {"linear": {"permute", "stretch", "flip", "rotate", "shear"},
            "rmsnorm": {"permute", "flip", "rotate"},
            "relu": {"permute", "stretch"}}


def _stub(*args, **kwargs):
    raise NotImplementedError


FUNCTION_CHECKS = [
    (check_ppmi, ppmi),
    (check_principal_angles, principal_angles),
    (check_procrustes, procrustes),
    (check_smoothed_pmi, smoothed_pmi),
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
    with pytest.raises(CheckFailed, match="Q must have shape"):
        check_procrustes(lambda A, B: np.eye(A.shape[0]))


# ---------------------------------------------------------- smoothed PMI
def test_smoothed_pmi_reference_agrees_with_embedlab():
    counts = np.array([[4.0, 1.0, 0.0], [2.0, 0.0, 1.0]])
    assert np.array_equal(smoothed_pmi(counts, 0.75), pmi(counts, alpha=0.75))


@pytest.mark.parametrize(
    "wrong, message",
    [
        (lambda counts, power=0.75: smoothed_pmi(counts, 1.0), "it ignores the power"),
        (lambda counts, power=0.75: smoothed_pmi(np.asarray(counts).T, power).T, "smoothed the word"),
        (lambda counts, power=0.75: np.where(np.isinf(smoothed_pmi(counts, power)), 0.0,
                                             smoothed_pmi(counts, power)), "-inf must stand exactly"),
        (lambda counts, power=0.75: smoothed_pmi(counts, power) - np.log(2.0), "differ from PMI"),
        (lambda counts, power=0.75: smoothed_pmi(counts, power)[:, :-1], "you returned shape"),
    ],
)
def test_smoothed_pmi_wrong_answers_fail_with_hint(wrong, message):
    with pytest.raises(CheckFailed, match=message) as info:
        check_smoothed_pmi(wrong)
    assert "Hint:" in str(info.value) and "column_total**power" in str(info.value)


def test_smoothed_pmi_divided_by_n_is_named():
    def by_n(counts, power=0.75):
        counts = np.asarray(counts, dtype=float)
        N = counts.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.log(counts * N / (counts.sum(1, keepdims=True) * counts.sum(0, keepdims=True) ** power))
        out[counts == 0] = -np.inf
        return out

    with pytest.raises(CheckFailed, match="do not add up to 1"):
        check_smoothed_pmi(by_n)


def test_smoothed_pmi_with_nan_fails():
    def careless(counts, power=0.75):
        counts = np.asarray(counts, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            s = counts.sum(0, keepdims=True) ** power
            return np.log(counts * counts.sum() / counts.sum(1, keepdims=True) / (s / s.sum() * counts.sum()))

    with pytest.raises(CheckFailed, match="contains NaN"):
        check_smoothed_pmi(careless)


# ------------------------------------------------------- absorbed changes
def test_absorbed_reference_passes(capsys):
    assert set(ABSORBED) == set(ABSORB_TASK["layers"])
    assert check_absorbed(ABSORBED) is True
    assert check_absorbed({k: sorted(v) for k, v in ABSORBED.items()}) is True  # lists are fine
    assert "Correct!" in capsys.readouterr().out


def test_absorb_changes_are_what_their_names_say():
    G = absorb_changes()
    assert set(G) == set(ABSORB_TASK["changes"])
    assert np.allclose(G["rotate"] @ G["rotate"].T, np.eye(4))
    assert not np.allclose(np.abs(G["rotate"]), np.eye(4)[np.argmax(np.abs(G["rotate"]), axis=1)])
    assert np.all(np.diag(G["stretch"]) > 0) and np.linalg.det(G["shear"]) == 1.0


def test_stretch_means_unequal_factors_and_one_common_factor_passes_rmsnorm():
    from embedlab.checks.ch05 import _layer

    factors = np.diag(absorb_changes()["stretch"])
    assert len(set(factors.tolist())) == factors.size          # unequal factors
    x = np.random.default_rng(8).normal(size=(20, 4))
    # one positive factor shared by all columns: RMSNorm divides it out
    assert np.allclose(_layer("rmsnorm", x @ (3.0 * np.eye(4))), _layer("rmsnorm", x))
    # an orthogonal change times a factor passes too: norm(x 3Q) = norm(x) Q
    Q = absorb_changes()["rotate"]
    assert np.allclose(_layer("rmsnorm", x @ (3.0 * Q)), _layer("rmsnorm", x) @ Q)


@pytest.mark.parametrize("stub", [..., None, {"linear": ..., "rmsnorm": ..., "relu": ...}])
def test_absorbed_stub_is_not_done_yet(stub, capsys):
    assert check_absorbed(stub) is False
    assert NOT_DONE in capsys.readouterr().out


@pytest.mark.parametrize(
    "change, message",
    [
        ({"relu": {"permute", "stretch", "flip"}}, "relu does not absorb 'flip'"),
        ({"rmsnorm": {"permute", "flip", "rotate", "stretch"}}, "rmsnorm does not absorb 'stretch'"),
        ({"rmsnorm": {"permute", "flip"}}, "rmsnorm does absorb 'rotate'"),
        ({"linear": {"permute", "rotate"}}, "linear does absorb 'flip'"),
        ({"relu": {"permute", "stretch", "twist"}}, "unknown changes for relu"),
        ({"relu": "permute"}, "must be a set of change names"),
    ],
)
def test_absorbed_wrong_predictions_fail_with_hint(change, message):
    with pytest.raises(CheckFailed, match=message) as info:
        check_absorbed({**ABSORBED, **change})
    assert "Hint:" in str(info.value) and "root mean square" in str(info.value)


def test_absorbed_needs_every_layer_and_a_dict():
    with pytest.raises(CheckFailed, match="one entry per layer"):
        check_absorbed({"linear": set(), "relu": set()})
    with pytest.raises(CheckFailed, match="must be a dict"):
        check_absorbed([{"permute"}])
