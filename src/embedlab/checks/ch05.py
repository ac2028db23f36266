"""Checks for the exercises of the chapter on the PCA analogy.

Each ``check_*`` function takes the reader's answer, compares it with what
NumPy, SciPy and :mod:`embedlab` compute on several cases (edge cases
included: empty rows, reflections, subspaces of different sizes, bases that
are not orthonormal) and reports through :class:`embedlab.checks.Check`.

Examples
--------
>>> check_one_hot_pca([0.2, 0.2, 0.2, 0.2, 0.2, 0.0])
Correct! (ex05-one-hot-pca) No direction is special: one-hot vectors carry no structure for PCA to find.
True
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.linalg import orthogonal_procrustes, subspace_angles

from ..cooccurrence import ppmi as _ppmi
from . import Check, NotDone, is_stub, require_function

__all__ = [
    "ONE_HOT_PCA_TASK",
    "check_one_hot_pca",
    "check_ppmi",
    "check_principal_angles",
    "check_procrustes",
]

#: The setting of the one-hot PCA exercise. ``V`` one-hot vectors, each
#: repeated ``copies`` times, given to ``sklearn.decomposition.PCA()``.
ONE_HOT_PCA_TASK: dict[str, int] = {"V": 6, "copies": 3}

_ONE_HOT = Check(
    "ex05-one-hot-pca",
    hint="the rows are V equally frequent one-hot vectors; every direction orthogonal to "
    "their mean has the same variance, and the direction of the mean has none (every row "
    "sums to 1); the ratios add up to 1",
)
_PPMI = Check(
    "ex05-ppmi",
    hint="with N = counts.sum(), the expected count of a pair is "
    "row_total * column_total / N; PMI is log(count / expected); subtract log(shift), then "
    "clip at 0; pairs with a zero count (and whole empty rows or columns) must give 0, not "
    "NaN or -inf (compute inside np.errstate and replace non-finite values)",
)
_ANGLES = Check(
    "ex05-principal-angles",
    hint="orthonormalise each basis first (np.linalg.qr(Z1)[0]); the singular values of "
    "Q1.T @ Q2 are the cosines of the principal angles; clip them to [-1, 1], take "
    "np.arccos, convert to degrees and sort from smallest to largest",
)
_PROCRUSTES = Check(
    "ex05-procrustes",
    hint="take the SVD of Z1.T @ Z2 = L S Rt and return L @ Rt; it is orthogonal "
    "(Omega.T @ Omega = I), unlike a least-squares fit, and Rt.T @ L.T would be its inverse",
)


def _as_float_array(value: Any, what: str) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise AssertionError(f"{what} must be an array of numbers, got {value!r}") from None
    return arr


# ----------------------------------------------------------- one-hot PCA
def check_one_hot_pca(prediction: Any) -> bool:
    """Check a prediction of ``PCA().explained_variance_ratio_`` for repeated one-hot rows.

    The data are ``ONE_HOT_PCA_TASK["V"]`` one-hot vectors, each repeated
    ``ONE_HOT_PCA_TASK["copies"]`` times; ``prediction`` lists one ratio per
    component, largest first (fractions such as ``1/5`` are fine).

    Examples
    --------
    >>> check_one_hot_pca(...)
    Not done yet (ex05-one-hot-pca): fill in the cell above, then run this one again.
    False
    """

    def test() -> bool:
        if is_stub(prediction):
            raise NotDone
        if isinstance(prediction, (list, tuple)) and any(is_stub(p) for p in prediction):
            raise NotDone
        V = ONE_HOT_PCA_TASK["V"]
        got = _as_float_array(prediction, "prediction").ravel()
        assert got.size == V, (
            f"PCA() keeps min(n_samples, n_features) = {V} components, so predict {V} ratios; "
            f"you gave {got.size}"
        )
        expected = np.array([1.0 / (V - 1)] * (V - 1) + [0.0])
        assert abs(got.sum() - 1.0) < 1e-3, f"explained variance ratios add up to 1, yours add up to {got.sum():.4f}"
        if np.allclose(got, 1.0 / V, atol=1e-3):
            raise AssertionError(
                f"not all {V} directions carry variance: the direction of the mean, "
                "(1, 1, ..., 1), has none, because every row sums to 1"
            )
        assert np.allclose(got, expected, atol=1e-3), (
            f"you predicted {np.round(got, 4).tolist()}"
        )
        return True

    return _ONE_HOT.run(test, success="No direction is special: one-hot vectors carry no "
                        "structure for PCA to find.")


# ----------------------------------------------------------------- PPMI
def _ppmi_cases() -> list[tuple[np.ndarray, float, str]]:
    rng = np.random.default_rng(505)
    tiny = np.array([
        [0, 1, 0, 0, 0, 0, 0], [1, 0, 2, 0, 0, 1, 0], [0, 2, 0, 2, 0, 0, 0],
        [0, 0, 2, 0, 1, 0, 1], [0, 0, 0, 1, 0, 0, 0], [0, 1, 0, 0, 0, 0, 0],
        [0, 0, 0, 1, 0, 0, 0],
    ], dtype=np.float64)
    rect = rng.poisson(2.0, size=(5, 7)).astype(np.float64)
    empty = rng.poisson(3.0, size=(6, 6)).astype(np.float64)
    empty[2, :] = 0
    empty[:, 4] = 0
    ints = rng.integers(0, 5, size=(4, 4))
    ints[0, 0] = 7
    return [
        (tiny, 1.0, "the 7 x 7 counts of the two phrases"),
        (rect, 1.0, "a 5 x 7 matrix (more contexts than words)"),
        (empty, 1.0, "a matrix with an empty row 2 and an empty column 4"),
        (rect, 2.0, "a 5 x 7 matrix with shift=2"),
        (empty, 5.0, "a matrix with empty rows and columns, shift=5"),
        (ints, 1.0, "integer counts"),
    ]


def check_ppmi(ppmi: Any) -> bool:
    """Check ``ppmi(counts, shift=1.0)``: positive PMI, shifted by ``log(shift)``.

    Examples
    --------
    >>> def ppmi(counts, shift=1.0):
    ...     raise NotImplementedError
    >>> check_ppmi(ppmi)
    Not done yet (ex05-ppmi): fill in the cell above, then run this one again.
    False
    """

    def test() -> bool:
        fn = require_function(ppmi, "ppmi")
        for counts, shift, what in _ppmi_cases():
            expected = _ppmi(counts, shift=shift)
            got = _as_float_array(fn(counts.copy(), shift=shift), f"ppmi(...) for {what}")
            assert got.shape == expected.shape, (
                f"for {what} you returned shape {got.shape}, expected {expected.shape}"
            )
            if not np.all(np.isfinite(got)):
                raise AssertionError(
                    f"for {what} your result contains NaN or infinite values; zero counts "
                    "(and empty rows or columns) must give 0"
                )
            if np.any(got < 0):
                raise AssertionError(f"for {what} your result has negative values: clip at 0")
            if shift != 1.0 and np.allclose(got, _ppmi(counts), atol=1e-9):
                raise AssertionError(f"for {what} your result ignores the shift: subtract log(shift)")
            assert np.allclose(got, expected, atol=1e-9), (
                f"for {what} your values differ from max(PMI - log(shift), 0) by up to "
                f"{np.max(np.abs(got - expected)):.3g}"
            )
        return True

    return _PPMI.run(test, success="Words are now described by their surprising neighbours.")


# --------------------------------------------------------- principal angles
def _angle_cases() -> list[tuple[np.ndarray, np.ndarray, str]]:
    rng = np.random.default_rng(506)
    A = rng.normal(size=(6, 3))
    mix = np.array([[2.0, 1.0, 0.0], [0.0, 1.0, 3.0], [1.0, 0.0, 1.0]])
    theta = np.radians(30.0)
    plane = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    line = np.array([[np.cos(theta)], [0.0], [np.sin(theta)]])
    q, _ = np.linalg.qr(rng.normal(size=(8, 8)))
    return [
        (A, A @ mix, "two different bases of the same 3-D subspace of R^6"),
        (plane, line, "a plane and a line 30 degrees out of it (R^3)"),
        (plane, np.array([[0.0], [0.0], [5.0]]), "a plane and a line perpendicular to it"),
        (3.0 * q[:, :2] + q[:, 2:4], q[:, 2:5], "non-orthonormal bases, one shared direction (R^8)"),
        (rng.normal(size=(10, 4)), rng.normal(size=(10, 2)), "random subspaces of sizes 4 and 2 in R^10"),
    ]


def _reference_angles(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    return np.sort(np.degrees(subspace_angles(A, B)))


def check_principal_angles(principal_angles: Any) -> bool:
    """Check ``principal_angles(Z1, Z2)``: degrees, smallest first, between column spaces.

    Examples
    --------
    >>> def principal_angles(Z1, Z2):
    ...     raise NotImplementedError
    >>> check_principal_angles(principal_angles)
    Not done yet (ex05-principal-angles): fill in the cell above, then run this one again.
    False
    """

    def test() -> bool:
        fn = require_function(principal_angles, "principal_angles")
        for A, B, what in _angle_cases():
            expected = _reference_angles(A, B)
            got = _as_float_array(fn(A.copy(), B.copy()), f"principal_angles(...) for {what}").ravel()
            assert got.size == expected.size, (
                f"for {what} there are min(p, q) = {expected.size} angles, you returned {got.size}"
            )
            if np.allclose(np.sort(np.degrees(got)), expected, atol=1e-4) and not np.allclose(
                got, expected, atol=1e-4
            ):
                raise AssertionError(f"for {what} your angles look like radians: return degrees")
            if np.allclose(np.sort(got), expected, atol=1e-4) and not np.allclose(got, expected, atol=1e-4):
                raise AssertionError(f"for {what} your angles are right but not sorted smallest first")
            assert np.allclose(got, expected, atol=1e-4), (
                f"for {what} you returned {np.round(got, 4).tolist()} degrees, expected "
                f"{np.round(expected, 4).tolist()}"
            )
        return True

    return _ANGLES.run(test, success="Zero angles mean the same subspace, whatever the basis.")


# ------------------------------------------------------------- Procrustes
def _procrustes_cases() -> list[tuple[np.ndarray, np.ndarray, str]]:
    rng = np.random.default_rng(507)
    A = rng.normal(size=(20, 3))
    q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    reflect = np.diag([1.0, 1.0, -1.0])
    t = np.radians(40.0)
    turn = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    B2 = rng.normal(size=(12, 2))
    return [
        (A, A @ q, "Z2 = Z1 @ Q for an orthogonal Q"),
        (A, A @ reflect, "Z2 = Z1 with its last column negated (a reflection)"),
        (B2, B2 @ turn + 0.1 * rng.normal(size=(12, 2)), "a 40-degree rotation plus noise"),
        (rng.normal(size=(15, 4)), rng.normal(size=(15, 4)), "two unrelated random matrices"),
    ]


def check_procrustes(procrustes: Any) -> bool:
    """Check ``procrustes(Z1, Z2)``: the orthogonal ``Omega`` that minimises ``||Z1 @ Omega - Z2||``.

    Examples
    --------
    >>> def procrustes(Z1, Z2):
    ...     raise NotImplementedError
    >>> check_procrustes(procrustes)
    Not done yet (ex05-procrustes): fill in the cell above, then run this one again.
    False
    """

    def test() -> bool:
        fn = require_function(procrustes, "procrustes")
        for A, B, what in _procrustes_cases():
            d = A.shape[1]
            R = _as_float_array(fn(A.copy(), B.copy()), f"procrustes(...) for {what}")
            assert R.shape == (d, d), f"for {what} Omega must have shape {(d, d)}, got {R.shape}"
            if not np.allclose(R.T @ R, np.eye(d), atol=1e-8):
                raise AssertionError(
                    f"for {what} your Omega is not orthogonal (Omega.T @ Omega is not the "
                    "identity); a least-squares fit finds the best general matrix, not the best "
                    "rotation"
                )
            best, _ = orthogonal_procrustes(A, B)
            err, best_err = np.linalg.norm(A @ R - B), np.linalg.norm(A @ best - B)
            if err > best_err + 1e-8 and np.linalg.norm(A @ R.T - B) <= best_err + 1e-8:
                raise AssertionError(f"for {what} your Omega is transposed (it maps Z2 onto Z1)")
            assert err <= best_err + 1e-8, (
                f"for {what} ||Z1 @ Omega - Z2|| = {err:.4f}, but the best rotation reaches "
                f"{best_err:.4f}"
            )
        return True

    return _PROCRUSTES.run(test, success="Rotations undone: lengths and angles were never changed.")
