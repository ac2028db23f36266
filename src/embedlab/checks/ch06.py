"""Checks for the exercises of chapter 6, part 1 (trained tables: similarity and analogies).

Each ``check_*`` function takes the reader's answer, compares it with what
:mod:`embedlab` computes on several cases (edge cases included: rows of very
different lengths, a row of zeros, a row opposite to an input) and reports
through :class:`embedlab.checks.Check`.

:func:`check_same_ranking` (predict which similarity measures always rank
neighbours as cosine does), :func:`check_3cosmul` (implement 3CosMul) and
:func:`check_all_but_the_top` (implement the all-but-the-top post-processing).

Examples
--------
>>> check_same_ranking(...)
Not done yet (ex06-same-ranking): fill in the cell above, then run this one again.
False
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..analogy import analogy as _analogy
from ..similarity import all_but_the_top as _abtt
from . import Check, NotDone, call_answer, is_stub, require_function

__all__ = [
    "ranking_measures",
    "check_same_ranking",
    "check_3cosmul",
    "check_all_but_the_top",
]

_RANKING = Check(
    "ex06-same-ranking",
    hint="cosine depends only on the directions of the rows: a measure ranks like cosine for "
    "every table exactly when it is a decreasing or increasing function of the cosine alone; "
    "for rows of length 1, |u - v|^2 = 2 - 2 cos(u, v)",
)
_COSMUL = Check(
    "ex06-3cosmul",
    hint="normalise the rows (a zero row stays zero), shift every cosine to (cos + 1) / 2, "
    "score each row d by cos'(d, b) * cos'(d, c) / (cos'(d, a) + 0.001), set the scores of a, "
    "b and c to -inf and return the argmax",
)
_ABTT = Check(
    "ex06-all-but-the-top",
    hint="subtract the mean row first; take the principal directions of the centred rows (the "
    "rows of Vt in np.linalg.svd(centred, full_matrices=False), or the eigenvectors of "
    "centred.T @ centred, largest eigenvalue first); remove the projection on the first D of "
    "them: centred - (centred @ top.T) @ top; D = 0 only centres",
)


def _unit(x: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(x, axis=-1, keepdims=True)
    return np.divide(x, n, out=np.zeros_like(x), where=n > 0)


def ranking_measures() -> dict[str, Callable[[np.ndarray, int], np.ndarray]]:
    """The similarity measures of the ranking exercise, as ``measure(vectors, query) -> scores``.

    Larger scores mean more similar (distances enter with a minus sign):

    * ``"dot"``: ``E[q] . E[w]``;
    * ``"dot_unit"``: the dot product after scaling every row to length 1;
    * ``"euclidean"``: ``-|E[q] - E[w]|``;
    * ``"euclidean_unit"``: ``-|E[q] - E[w]|`` after scaling every row to length 1;
    * ``"euclidean_centred"``: ``-|E[q] - E[w]|`` after subtracting the mean row;
    * ``"cosine_rescaled"``: the cosine after multiplying each row by its own
      positive factor (here ``1 + its id``).

    Examples
    --------
    >>> sorted(ranking_measures())
    ['cosine_rescaled', 'dot', 'dot_unit', 'euclidean', 'euclidean_centred', 'euclidean_unit']
    """

    def dot(E: np.ndarray, q: int) -> np.ndarray:
        return E @ E[q]

    def dot_unit(E: np.ndarray, q: int) -> np.ndarray:
        U = _unit(E)
        return U @ U[q]

    def euclidean(E: np.ndarray, q: int) -> np.ndarray:
        return -np.linalg.norm(E - E[q], axis=1)

    def euclidean_unit(E: np.ndarray, q: int) -> np.ndarray:
        U = _unit(E)
        return -np.linalg.norm(U - U[q], axis=1)

    def euclidean_centred(E: np.ndarray, q: int) -> np.ndarray:
        C = E - E.mean(axis=0)
        return -np.linalg.norm(C - C[q], axis=1)

    def cosine_rescaled(E: np.ndarray, q: int) -> np.ndarray:
        U = _unit(E * (1.0 + np.arange(E.shape[0]))[:, None])
        return U @ U[q]

    return {f.__name__: f for f in (dot, dot_unit, euclidean, euclidean_unit, euclidean_centred,
                                    cosine_rescaled)}


def _same_ranking_truth() -> set[str]:
    """The measures that rank every other row exactly as cosine does, on varied tables."""
    rng = np.random.default_rng(601)
    tables = [rng.normal(size=(12, 4)) * rng.uniform(0.2, 5.0, size=(12, 1)),
              rng.normal(size=(12, 3)) + 2.0]
    agree = set(ranking_measures())
    for E in tables:
        U = _unit(E)
        for q in range(E.shape[0]):
            others = np.arange(E.shape[0]) != q
            cosine_order = np.argsort(-(U @ U[q])[others], kind="stable")
            for name, measure in ranking_measures().items():
                scores = measure(E, q)[others]
                if not np.allclose(scores[cosine_order], np.sort(scores)[::-1], atol=1e-12):
                    agree.discard(name)
    return agree


def check_same_ranking(prediction: Any) -> bool:
    """Check the set of measures of :func:`ranking_measures` that always rank neighbours as cosine.

    Examples
    --------
    >>> check_same_ranking({"dot_unit", "euclidean_unit", "cosine_rescaled"})
    Correct! (ex06-same-ranking) Only the direction of a row matters to cosine, and to these.
    True
    """

    def test() -> bool:
        if is_stub(prediction):
            raise NotDone
        if isinstance(prediction, str) or not isinstance(prediction, (set, frozenset, list, tuple)):
            raise AssertionError(f"prediction must be a set of measure names, got {prediction!r}")
        said, names = set(prediction), set(ranking_measures())
        unknown = said - names
        assert not unknown, f"unknown measures {sorted(map(str, unknown))}; use {sorted(names)}"
        truth = _same_ranking_truth()
        for name in sorted(said - truth):
            raise AssertionError(f"{name!r} can rank neighbours differently from cosine: it "
                                 "depends on the rows' lengths or position, not only their directions")
        for name in sorted(truth - said):
            raise AssertionError(f"{name!r} always ranks neighbours as cosine does")
        return True

    return _RANKING.run(test, success="Only the direction of a row matters to cosine, and to these.")


def _cosmul_cases() -> list[tuple[np.ndarray, tuple[int, int, int], str]]:
    rng = np.random.default_rng(602)
    cases = []
    for _ in range(200):  # a question whose best row, inputs allowed, is an input
        E = rng.normal(size=(30, 5))
        abc = tuple(int(i) for i in rng.choice(30, 3, replace=False))
        if _analogy(E, *abc, method="3cosmul", exclude_inputs=False)[0] in abc:
            cases.append((E, abc, "a table where an input word scores best"))
            break
    for k in range(3):
        E = rng.normal(size=(30, 5)) * rng.uniform(0.3, 3.0, size=(30, 1))
        cases.append((E, tuple(int(i) for i in rng.choice(30, 3, replace=False)), f"random table {k + 1}"))
    E = rng.normal(size=(20, 4))
    E[7] = 0.0                                   # a zero row
    cases.append((E, (1, 2, 3), "a table with a row of zeros"))
    E = rng.normal(size=(20, 4))
    E[9] = -E[0] * 2.0                           # opposite to a: cos'(d, a) = 0
    cases.append((E, (0, 4, 5), "a table with a row opposite to a"))
    # a table where 3CosAdd and 3CosMul disagree
    for _ in range(200):
        E = rng.normal(size=(25, 3))
        abc = tuple(int(i) for i in rng.choice(25, 3, replace=False))
        if _analogy(E, *abc)[0] != _analogy(E, *abc, method="3cosmul")[0]:
            cases.append((E, abc, "a table where 3CosAdd picks another word"))
            break
    return cases


def check_3cosmul(three_cos_mul: Any) -> bool:
    """Check ``three_cos_mul(vectors, a, b, c)``: the best d for "a : b :: c : d" by 3CosMul.

    The inputs are excluded; the answer is compared with
    :func:`embedlab.analogy.analogy` with ``method="3cosmul"``.

    Examples
    --------
    >>> from embedlab.analogy import analogy
    >>> check_3cosmul(lambda E, a, b, c: int(analogy(E, a, b, c, method="3cosmul")[0]))
    Correct! (ex06-3cosmul) Three similarities multiplied: none can outweigh the others.
    True
    """

    def test() -> bool:
        fn = require_function(three_cos_mul, "three_cos_mul")
        for E, (a, b, c), what in _cosmul_cases():
            got = call_answer(fn, "three_cos_mul(...)", E.copy(), a, b, c)
            if isinstance(got, np.ndarray) and got.size == 1:
                got = got.reshape(-1)[0]
            assert isinstance(got, (int, np.integer)) and not isinstance(got, bool), (
                f"three_cos_mul must return one integer row id, got {got!r}")
            want = int(_analogy(E, a, b, c, method="3cosmul")[0])
            if int(got) in (a, b, c):
                raise AssertionError(f"for {what} you returned {int(got)}, one of the inputs "
                                     f"{(a, b, c)}: exclude them")
            if int(got) == int(_analogy(E, a, b, c)[0]) != want:
                raise AssertionError(f"for {what} you returned 3CosAdd's answer {int(got)}; "
                                     f"3CosMul's is {want}")
            assert int(got) == want, f"for {what} (a, b, c) = {(a, b, c)} the answer is {want}, got {int(got)}"
        return True

    return _COSMUL.run(test, success="Three similarities multiplied: none can outweigh the others.")


def _abtt_cases() -> list[tuple[np.ndarray, int, str]]:
    rng = np.random.default_rng(603)
    E = rng.normal(size=(40, 6)) @ np.diag([4.0, 2.0, 1.0, 1.0, 0.5, 0.5]) + 3.0
    return [(E, 0, "D = 0 (the mean only)"), (E, 1, "D = 1"), (E, 3, "D = 3"),
            (rng.normal(size=(15, 4)) - 1.0, 2, "a second table, D = 2")]


def check_all_but_the_top(all_but_the_top: Any) -> bool:
    """Check ``all_but_the_top(vectors, D)``: centre the rows, then remove the top ``D`` directions.

    Examples
    --------
    >>> from embedlab.similarity import all_but_the_top
    >>> check_all_but_the_top(all_but_the_top)
    Correct! (ex06-all-but-the-top) The common direction and the top components are gone.
    True
    """

    def test() -> bool:
        fn = require_function(all_but_the_top, "all_but_the_top")
        for E, D, what in _abtt_cases():
            got = np.asarray(call_answer(fn, "all_but_the_top(...)", E.copy(), D), dtype=np.float64)
            want = _abtt(E, D)
            assert got.shape == want.shape, f"for {what} the result must have shape {want.shape}, got {got.shape}"
            if not np.allclose(got.mean(axis=0), 0.0, atol=1e-8):
                raise AssertionError(f"for {what} the columns of your result do not have mean 0: "
                                     "subtract the mean row first")
            if not np.allclose(got, want, atol=1e-8):
                if D > 0 and np.allclose(got, _abtt(E, D - 1), atol=1e-8):
                    raise AssertionError(f"for {what} you removed {D - 1} directions instead of {D}")
                raise AssertionError(f"for {what} the result differs from the expected one by up "
                                     f"to {np.abs(got - want).max():.3g}")
        return True

    return _ABTT.run(test, success="The common direction and the top components are gone.")
