"""Checks for the exercises of the chapter on the PCA analogy (both parts).

Each ``check_*`` function takes the reader's answer, compares it with what
NumPy, SciPy and :mod:`embedlab` compute on several cases (edge cases
included: empty rows, reflections, subspaces of different sizes, bases that
are not orthonormal) and reports through :class:`embedlab.checks.Check`.

Part 1 (PCA, PPMI + SVD, the linear autoencoder): :func:`check_one_hot_pca`,
:func:`check_ppmi`, :func:`check_principal_angles`. Part 2 (skip-gram with
negative sampling, and where the analogy breaks): :func:`check_procrustes`,
:func:`check_smoothed_pmi`, :func:`check_absorbed`.

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

from ..cooccurrence import pmi as _pmi
from ..cooccurrence import ppmi as _ppmi
from . import Check, NotDone, is_stub, require_function

__all__ = [
    "ONE_HOT_PCA_TASK",
    "check_one_hot_pca",
    "check_ppmi",
    "check_principal_angles",
    "check_procrustes",
    "check_smoothed_pmi",
    "ABSORB_TASK",
    "absorb_changes",
    "check_absorbed",
    "one_hot_pca_quiz",
    "absorbed_quiz",
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
    "(Q.T @ Q = I), unlike a least-squares fit, and Rt.T @ L.T would be its inverse",
)
_SMOOTHED = Check(
    "ex05-smoothed-pmi",
    hint="with N = counts.sum(), P(w, c) = count / N and P(w) = row total / N as for PMI; "
    "only the context distribution changes: P_power(c) = column_total**power divided by the "
    "sum of column_total**power over all contexts; return log(P(w, c) / (P(w) * P_power(c))), "
    "with -inf wherever the count is 0",
)
_ABSORBED = Check(
    "ex05-absorbed",
    hint="a change G of the table is absorbed when f(x G) = f(x) G' for some invertible G' that "
    "the next linear map can undo; a linear next layer takes any G; RMSNorm divides by the "
    "root mean square, which orthogonal G keep (and one positive factor shared by all "
    "coordinates only rescales, so it divides out), but unequal factors do not; ReLU acts on "
    "each coordinate and keeps only its sign, so it commutes with permutations and positive "
    "factors and nothing else",
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
    """Check ``procrustes(Z1, Z2)``: the orthogonal ``Q`` that minimises ``||Z1 @ Q - Z2||``.

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
            assert R.shape == (d, d), f"for {what} Q must have shape {(d, d)}, got {R.shape}"
            if not np.allclose(R.T @ R, np.eye(d), atol=1e-8):
                raise AssertionError(
                    f"for {what} your Q is not orthogonal (Q.T @ Q is not the identity); a "
                    "least-squares fit finds the best general matrix, not the best rotation"
                )
            best, _ = orthogonal_procrustes(A, B)
            err, best_err = np.linalg.norm(A @ R - B), np.linalg.norm(A @ best - B)
            if err > best_err + 1e-8 and np.linalg.norm(A @ R.T - B) <= best_err + 1e-8:
                raise AssertionError(f"for {what} your Q is transposed (it maps Z2 onto Z1)")
            assert err <= best_err + 1e-8, (
                f"for {what} ||Z1 @ Q - Z2|| = {err:.4f}, but the best rotation reaches "
                f"{best_err:.4f}"
            )
        return True

    return _PROCRUSTES.run(test, success="Rotations undone: lengths and angles were never changed.")


# ------------------------------------------------------------ smoothed PMI
def _smoothed_cases() -> list[tuple[np.ndarray, float, str]]:
    rng = np.random.default_rng(508)
    skewed = rng.poisson(np.outer([6.0, 3.0, 2.0, 1.0, 1.0], [9.0, 3.0, 1.0, 0.5, 0.3, 0.2]))
    empty = rng.poisson(3.0, size=(6, 6)).astype(np.float64)
    empty[1, :] = 0
    empty[:, 3] = 0
    return [
        (skewed.astype(np.float64), 0.75, "a 5 x 6 matrix with frequent and rare contexts"),
        (skewed.astype(np.float64), 1.0, "the same matrix with power=1 (plain PMI)"),
        (rng.poisson(2.0, size=(4, 7)).astype(np.float64), 0.5, "a 4 x 7 matrix with power=0.5"),
        (empty, 0.75, "a matrix with an empty row 1 and an empty column 3"),
    ]


def _unnormalised(counts: np.ndarray, power: float) -> np.ndarray:
    """A common slip: the smoothed context counts divided by N instead of their own sum."""
    N = counts.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.log(counts * N / (counts.sum(axis=1, keepdims=True) * counts.sum(axis=0, keepdims=True) ** power))
    out[counts == 0] = -np.inf
    return out


def _same(got: np.ndarray, expected: np.ndarray) -> bool:
    """Equal, -inf included (NaN never equal)."""
    return (got.shape == expected.shape and np.array_equal(np.isneginf(got), np.isneginf(expected))
            and np.allclose(got[np.isfinite(expected)], expected[np.isfinite(expected)], atol=1e-9))


def check_smoothed_pmi(smoothed_pmi: Any) -> bool:
    """Check ``smoothed_pmi(counts, power=0.75)``: PMI with a smoothed context distribution.

    The expected result is ``log(P(w, c) / (P(w) * P_power(c)))`` with
    ``P_power(c)`` proportional to ``#(c) ** power``, and ``-inf`` for pairs
    never seen, the same as ``embedlab.cooccurrence.pmi(counts, alpha=power)``.

    Examples
    --------
    >>> def smoothed_pmi(counts, power=0.75):
    ...     raise NotImplementedError
    >>> check_smoothed_pmi(smoothed_pmi)
    Not done yet (ex05-smoothed-pmi): fill in the cell above, then run this one again.
    False
    """

    def test() -> bool:
        fn = require_function(smoothed_pmi, "smoothed_pmi")
        for counts, power, what in _smoothed_cases():
            expected = _pmi(counts, alpha=power)
            got = _as_float_array(fn(counts.copy(), power=power), f"smoothed_pmi(...) for {what}")
            assert got.shape == expected.shape, (
                f"for {what} you returned shape {got.shape}, expected {expected.shape}"
            )
            if np.isnan(got).any():
                raise AssertionError(
                    f"for {what} your result contains NaN; a pair never seen has PMI -inf, in an "
                    "empty row or column too"
                )
            if not np.array_equal(np.isneginf(got), np.isneginf(expected)):
                raise AssertionError(f"for {what} -inf must stand exactly where the count is 0")
            if power != 1.0 and _same(got, _pmi(counts)):
                raise AssertionError(f"for {what} your result is plain PMI: it ignores the power")
            if power != 1.0 and _same(got, _pmi(counts.T, alpha=power).T):
                raise AssertionError(f"for {what} you smoothed the word (row) totals; smooth the "
                                     "context (column) totals")
            if power != 1.0 and _same(got, _unnormalised(counts, power)):
                raise AssertionError(
                    f"for {what} your smoothed context probabilities do not add up to 1: divide "
                    "#(c)**power by its sum over all contexts, not by N"
                )
            assert _same(got, expected), (
                f"for {what} your values differ from PMI with smoothed contexts by up to "
                f"{np.max(np.abs(got[np.isfinite(expected)] - expected[np.isfinite(expected)])):.3g}"
            )
        return True

    return _SMOOTHED.run(test, success="Rare contexts now look less surprising, as word2vec's "
                         "noise makes them.")


# ------------------------------------------------------- absorbed changes
#: The setting of the "which changes are absorbed?" exercise: what follows the
#: table (each then feeds a linear map, which may change), and the changes of
#: basis of the table, as matrices of size 4 x 4 (:func:`absorb_changes`).
ABSORB_TASK: dict[str, tuple[str, ...]] = {
    "layers": ("linear", "rmsnorm", "relu"),
    "changes": ("permute", "stretch", "flip", "rotate", "shear"),
}


def absorb_changes() -> dict[str, np.ndarray]:
    """The five changes of basis of :data:`ABSORB_TASK`, as 4 x 4 matrices.

    ``permute`` swaps columns, ``stretch`` multiplies the columns by unequal
    positive factors (one factor shared by all columns would pass RMSNorm,
    which divides it out), ``flip`` negates column 0, ``rotate`` is an orthogonal
    matrix that is none of these, and ``shear`` adds a multiple of one column
    to another.

    Examples
    --------
    >>> sorted(absorb_changes())
    ['flip', 'permute', 'rotate', 'shear', 'stretch']
    """
    t = np.radians(30.0)
    rotate = np.eye(4)
    rotate[:2, :2] = [[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]]
    shear = np.eye(4)
    shear[0, 1] = 0.8
    return {"permute": np.eye(4)[[2, 0, 3, 1]], "stretch": np.diag([0.5, 2.0, 1.0, 3.0]),
            "flip": np.diag([-1.0, 1.0, 1.0, 1.0]), "rotate": rotate, "shear": shear}


def _layer(name: str, x: np.ndarray) -> np.ndarray:
    if name == "rmsnorm":
        return x / np.sqrt(np.mean(x ** 2, axis=-1, keepdims=True))
    if name == "relu":
        return np.maximum(x, 0.0)
    return x


def _absorbed_truth() -> dict[str, set[str]]:
    """Which changes each layer lets through, found numerically: f(x G) = f(x) G' for some G'."""
    x = np.random.default_rng(509).normal(size=(200, 4))
    out: dict[str, set[str]] = {}
    for layer in ABSORB_TASK["layers"]:
        out[layer] = set()
        for name, G in absorb_changes().items():
            before, after = _layer(layer, x), _layer(layer, x @ G)
            fit = np.linalg.lstsq(before, after, rcond=None)[0]      # the best G'
            if np.allclose(before @ fit, after, atol=1e-9):
                out[layer].add(name)
    return out


_WHY = {
    ("rmsnorm", "stretch"): "unequal factors change the root mean square by a different amount "
    "for each vector, which no fixed matrix after the norm can undo (one factor shared by all "
    "columns would simply divide out)",
    ("rmsnorm", "shear"): "a shear changes the length of the vector, so the norm divides by a "
    "different number",
    ("rmsnorm", "permute"): "a permutation keeps the length of every vector, so the norm "
    "passes it through",
    ("relu", "permute"): "ReLU acts on each coordinate alone, so it commutes with reordering them",
    ("rmsnorm", "flip"): "a sign flip keeps the length of every vector, so the norm passes it through",
    ("rmsnorm", "rotate"): "a rotation keeps the length of every vector, so the norm passes it through",
    ("relu", "flip"): "relu(-x) is not -relu(x): the negative part, which ReLU zeroes, becomes "
    "the positive one",
    ("relu", "rotate"): "a rotation mixes coordinates before ReLU zeroes the negative ones",
    ("relu", "shear"): "a shear mixes coordinates before ReLU zeroes the negative ones",
    ("relu", "stretch"): "relu(a x) = a relu(x) for a > 0, coordinate by coordinate",
}


def check_absorbed(prediction: Any) -> bool:
    """Check a prediction of which changes of basis each layer after the table absorbs.

    ``prediction`` maps each layer of ``ABSORB_TASK["layers"]`` to the set of
    the changes of ``ABSORB_TASK["changes"]`` that it absorbs: after the
    change ``E -> E G``, some new weights of the linear map that follows the
    layer give the same outputs as before. The check finds the answer
    numerically with :func:`absorb_changes`.

    Examples
    --------
    >>> check_absorbed({"linear": ..., "rmsnorm": ..., "relu": ...})
    Not done yet (ex05-absorbed): fill in the cell above, then run this one again.
    False
    """

    def test() -> bool:
        if is_stub(prediction):
            raise NotDone
        assert isinstance(prediction, dict), (
            f"prediction must be a dict of layer -> set of changes, got {type(prediction).__name__}"
        )
        if any(is_stub(v) for v in prediction.values()):
            raise NotDone
        layers, changes = ABSORB_TASK["layers"], set(ABSORB_TASK["changes"])
        assert set(prediction) == set(layers), (
            f"give one entry per layer {list(layers)}, you gave {sorted(map(str, prediction))}"
        )
        truth = _absorbed_truth()
        for layer in layers:
            said = prediction[layer]
            if isinstance(said, str) or not isinstance(said, (set, frozenset, list, tuple)):
                raise AssertionError(f"prediction[{layer!r}] must be a set of change names, got {said!r}")
            said = set(said)
            unknown = said - changes
            assert not unknown, f"unknown changes for {layer}: {sorted(unknown)}; use {sorted(changes)}"
            for name in sorted(said ^ truth[layer]):
                absorbed = name in truth[layer]
                why = _WHY.get((layer, name), "a linear map undoes any invertible G: multiply its "
                              "weights by the inverse of G")
                raise AssertionError(
                    f"{layer} {'does' if absorbed else 'does not'} absorb '{name}': {why}"
                )
        return True

    return _ABSORBED.run(test, success="The layer after the table decides how much of its basis "
                         "means anything.")


# --------------------------------------------------------------------------
# quizzes: instant feedback in the page, answers computed here
# --------------------------------------------------------------------------
def one_hot_pca_quiz() -> Any:
    """The one-hot PCA exercise (:data:`ONE_HOT_PCA_TASK`) as a quiz, answers from scikit-learn's PCA.

    Examples
    --------
    >>> [q["answer"] for q in one_hot_pca_quiz().questions]
    [0.2, 0.0]
    """
    from sklearn.decomposition import PCA

    from ..figures.live import number, quiz

    V, copies = ONE_HOT_PCA_TASK["V"], ONE_HOT_PCA_TASK["copies"]
    ratios = PCA().fit(np.repeat(np.eye(V), copies, axis=0)).explained_variance_ratio_
    return quiz(
        number(f"{V} equally frequent one-hot vectors of length {V}: what is PCA's largest explained "
               "variance ratio? (to 2 decimals)", round(float(ratios[0]), 2), tolerance=0.005,
               why=f"{V - 1} directions share the variance equally: 1/{V - 1} each.",
               high="No direction is special, so none can take more than an equal share."),
        number("And its smallest?", round(float(ratios[-1]), 2), tolerance=0.005,
               why="Every row sums to 1, so after centring nothing varies along the all-ones direction.",
               high="Centring removes the mean: one direction is left with no variance."),
    )


def absorbed_quiz() -> Any:
    """The "which changes pass through?" exercise as a quiz, answers found numerically.

    Examples
    --------
    >>> len(absorbed_quiz().questions)
    2
    """
    from ..figures.live import choice, quiz

    truth = _absorbed_truth()
    changes = ABSORB_TASK["changes"]

    def options(right: set[str]) -> list[str]:
        out = [", ".join(c for c in changes if c in right)]
        for other in (set(changes), {"permute", "stretch"}, {"permute", "flip", "rotate"}, set()):
            text = ", ".join(c for c in changes if c in other) or "none"
            if text not in out:
                out.append(text)
        return out

    return quiz(
        choice("Of permute, stretch, flip, rotate and shear, which can RMSNorm after the table "
               "absorb (a matrix after the norm undoes them)?", options(truth["rmsnorm"]), 0,
               why="RMSNorm divides by the length, so only changes that keep every length pass."),
        choice("And a ReLU after the table?", options(truth["relu"]), 0,
               why="ReLU acts on each coordinate alone: reordering and positive factors commute with it."),
    )
