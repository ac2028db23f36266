"""Checks for the exercises of the chapter "A column of W is a unit".

Part 1 (units and edges): :func:`check_unit_activation` and
:func:`check_fold_head`. Part 2 (what a column means):
:func:`check_strongest_tokens`, :func:`check_mix_units` and the
predict-then-check :func:`check_undoable`.

Each ``check_*`` function that takes the reader's function runs it on several
cases (small and large matrices, the first and last token, ties, a single
unit) and reports through :class:`embedlab.checks.Check`.

Examples
--------
>>> import numpy as np
>>> check_unit_activation(lambda W, token, unit: W[token, unit])
Correct! (ex02-unit-activation) It is W[token, unit].
True
>>> def unit_activation(W, token, unit):
...     raise NotImplementedError
>>> check_unit_activation(unit_activation)
Not done yet (ex02-unit-activation): fill in the cell above, then run this one again.
False
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import Check, NotDone, call_answer, is_stub, require_function

__all__ = [
    "UNDO_CHANGES",
    "UNDO_READERS",
    "check_fold_head",
    "check_mix_units",
    "check_strongest_tokens",
    "check_undoable",
    "check_unit_activation",
    "count_edges_quiz",
    "undo_truth",
    "undoable_quiz",
]

UNIT_ACTIVATION = Check(
    "ex02-unit-activation",
    hint=(
        "unit j computes the sum over inputs i of x[i] * W[i, j]; for token t the "
        "one-hot x has a single 1 at position t, so the sum is W[t, j] "
        "(row = token, column = unit)"
    ),
)
STRONGEST_TOKENS = Check(
    "ex02-strongest-tokens",
    hint=(
        "rank the tokens by the absolute value of column `unit`, largest first "
        "(np.argsort(-np.abs(W[:, unit]), kind='stable') keeps the lower id first on "
        "ties), then keep the first k ids"
    ),
)
MIX_UNITS = Check(
    "ex02-mix-units",
    hint=(
        "mix the columns with W @ G, and undo the mixing in the next layer with "
        "G^-1 @ U (np.linalg.solve(G, U)); then (W G)(G^-1 U) = W U for every token"
    ),
)

FOLD_HEAD = Check(
    "ex02-fold-head",
    hint=(
        "row t of W @ U is W[t] @ U, the head's weighted sums for token t; add the bias u "
        "to every row (broadcasting does it: W @ U + u), and return a new array"
    ),
)
UNDOABLE = Check(
    "ex02-undoable",
    hint=(
        "a linear map first can undo every invertible matrix; RMSNorm divides by a "
        "length, so after it only matrices that keep lengths (orthogonal ones) can be "
        "undone, up to an overall factor that it divides out anyway; LayerNorm first "
        "subtracts the mean, the component along the all-ones vector, so it ignores "
        "whatever a matrix adds along that vector, and otherwise the matrix must map the "
        "all-ones vector to a multiple of itself and keep lengths (up to a factor) on the "
        "vectors orthogonal to it; a singular matrix loses information for good"
    ),
)

#: The changes of basis of the predict-then-check exercise, in the order of the page.
UNDO_CHANGES: tuple[str, ...] = (
    "permutation", "sign flip", "doubling", "scaling", "G", "all ones", "add unit 0",
)
#: The next layers it asks about: a linear map, RMSNorm then a linear map, LayerNorm then one.
UNDO_READERS: tuple[str, ...] = ("linear", "rmsnorm", "layernorm")
_UNDO_ANSWERS: dict[str, frozenset[str]] = {
    "permutation": frozenset(UNDO_READERS),      # orthogonal and fixes the all-ones vector
    "sign flip": frozenset({"linear", "rmsnorm"}),   # orthogonal, moves the all-ones vector
    "doubling": frozenset(UNDO_READERS),         # an overall factor: normalised away
    "scaling": frozenset({"linear"}),            # invertible, changes lengths unevenly
    "G": frozenset({"linear"}),                  # invertible, not orthogonal
    "all ones": frozenset(),                     # singular: rank 1
    # h -> h + h_0 * 1: only adds along the all-ones vector, which LayerNorm
    # subtracts; RMSNorm sees the change of lengths.
    "add unit 0": frozenset({"linear", "layernorm"}),
}


def _tables(seed: int = 2) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [
        rng.uniform(-1, 1, size=(5, 3)).round(2),
        rng.normal(size=(8, 2)),
        rng.uniform(-0.05, 0.05, size=(4, 7)).astype(np.float32),
        np.array([[0.75]]),
        rng.normal(size=(12, 1)),
    ]


# --------------------------------------------------------------------------
def check_unit_activation(unit_activation: Any) -> bool:
    """Check ``unit_activation(W, token, unit)``: the output of one unit for one token.

    The answer must return the single number that output unit ``unit``
    computes when the one-hot vector of ``token`` is fed in, for every token
    and unit of several matrices (a 1 x 1 matrix, tall and wide ones,
    float32 and float64).
    """

    def test() -> None:
        fn = require_function(unit_activation, "unit_activation")
        for W in _tables():
            V, d = W.shape
            for token in range(V):
                for unit in range(d):
                    got = call_answer(fn, "unit_activation", W, token, unit)
                    if np.ndim(got) != 0:
                        raise AssertionError(
                            f"unit_activation(W, {token}, {unit}) returned an array of shape "
                            f"{np.shape(got)}; one unit gives one number"
                        )
                    want = W[token, unit]
                    try:
                        got = float(got)
                    except (TypeError, ValueError):
                        raise AssertionError(
                            f"unit_activation(W, {token}, {unit}) returned {got!r}, not a number"
                        ) from None
                    if not np.isclose(got, float(want), rtol=1e-6, atol=1e-12):
                        raise AssertionError(
                            f"for W of shape {W.shape}, token {token} and unit {unit} you "
                            f"returned {got:.4g}, expected {float(want):.4g}"
                        )

    return UNIT_ACTIVATION.run(test, success="It is W[token, unit].")


# --------------------------------------------------------------------------
def _strongest_reference(W: np.ndarray, unit: int, k: int) -> list[int]:
    order = np.argsort(-np.abs(W[:, unit]), kind="stable")
    return [int(i) for i in order[:k]]


def check_strongest_tokens(strongest_tokens: Any) -> bool:
    """Check ``strongest_tokens(W, unit, k)``: the ids that drive a unit hardest.

    The answer must return the ``k`` token ids with the largest absolute
    weight into ``unit``, largest first, the lower id first on ties, as a
    list or 1-D array of ints. Cases include negative winners, ties,
    ``k = 1``, ``k = V`` and ``k = 0``.
    """
    tied = np.array([[0.5, 0.0], [-0.5, 1.0], [0.2, -1.0], [0.5, 0.3]])
    signed = np.array([[0.1, 0.9], [-0.9, 0.2], [0.3, -0.3], [0.0, 0.0], [0.6, -0.95]])
    cases: list[tuple[np.ndarray, int, int]] = [
        (signed, 0, 2),
        (signed, 1, 3),
        (signed, 1, 5),
        (tied, 0, 3),
        (tied, 1, 2),
        (tied, 1, 1),
        (tied, 0, 0),
    ]
    for W in _tables(7):
        cases.append((W, W.shape[1] - 1, min(3, W.shape[0])))

    def test() -> None:
        fn = require_function(strongest_tokens, "strongest_tokens")
        for W, unit, k in cases:
            got = call_answer(fn, "strongest_tokens", W, unit, k)
            arr = np.asarray(got)
            if arr.ndim != 1 or (arr.size and arr.dtype.kind not in "iu"):
                raise AssertionError(
                    f"strongest_tokens(W, {unit}, {k}) returned {got!r}; expected a list of "
                    f"{k} integer token ids"
                )
            want = _strongest_reference(W, unit, k)
            if [int(i) for i in arr] != want:
                raise AssertionError(
                    f"for the column {np.round(W[:, unit], 3).tolist()} and k={k} you "
                    f"returned {[int(i) for i in arr]}, expected {want}"
                )

    return STRONGEST_TOKENS.run(test, success="The size counts, not the sign.")


# --------------------------------------------------------------------------
def _mixing_cases() -> list[tuple[str, np.ndarray, np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(11)
    W = rng.normal(size=(6, 3))
    U = rng.normal(size=(3, 2))
    random_g = rng.normal(size=(3, 3)) + 2 * np.eye(3)
    permutation = np.eye(3)[[2, 0, 1]]
    scaling = np.diag([2.0, -0.5, 10.0])
    W4 = rng.normal(size=(10, 4))
    U4 = rng.normal(size=(4, 5))
    Q, _ = np.linalg.qr(rng.normal(size=(4, 4)))
    return [
        ("a random invertible G", W, U, random_g),
        ("a permutation G", W, U, permutation),
        ("a diagonal G", W, U, scaling),
        ("the identity", W, U, np.eye(3)),
        ("an orthogonal G", W4, U4, Q),
        ("a single unit", rng.normal(size=(4, 1)), rng.normal(size=(1, 2)), np.array([[3.0]])),
    ]


def check_mix_units(mix_units: Any) -> bool:
    """Check ``mix_units(W, U, G)``: mix the units, then undo it in the next layer.

    The answer must return ``(W_mixed, U_mixed)`` with ``W_mixed = W G``
    and every token's output unchanged, ``W_mixed @ U_mixed == W @ U`` (to
    1e-9), without modifying its inputs. Cases: random, permutation,
    diagonal, identity and orthogonal ``G``, and a single unit.
    """
    cases = _mixing_cases()

    def test() -> None:
        fn = require_function(mix_units, "mix_units")
        for what, W, U, G in cases:
            copies = (W.copy(), U.copy(), G.copy())
            out = call_answer(fn, "mix_units", W, U, G)
            if not all(np.array_equal(a, b) for a, b in zip((W, U, G), copies)):
                raise AssertionError(f"with {what}, mix_units changed its inputs; return new arrays")
            if not isinstance(out, tuple) or len(out) != 2:
                raise AssertionError(
                    f"mix_units should return a pair (W_mixed, U_mixed), got {type(out).__name__}"
                )
            W_mixed, U_mixed = (np.asarray(a, dtype=float) for a in out)
            if W_mixed.shape != W.shape or U_mixed.shape != U.shape:
                raise AssertionError(
                    f"with {what}, the shapes are {W_mixed.shape} and {U_mixed.shape}; "
                    f"expected {W.shape} (like W) and {U.shape} (like U)"
                )
            if not np.allclose(W_mixed, W @ G, rtol=1e-9, atol=1e-9):
                raise AssertionError(f"with {what}, W_mixed is not W @ G (mix the columns of W)")
            if not np.allclose(W_mixed @ U_mixed, W @ U, rtol=1e-9, atol=1e-9):
                raise AssertionError(
                    f"with {what}, the outputs W_mixed @ U_mixed differ from W @ U"
                )

    return MIX_UNITS.run(test, success="Same outputs, different units.")


# --------------------------------------------------------------------------
def _fold_cases() -> list[tuple[str, np.ndarray, np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(12)
    return [
        ("V = 5, d = 3, k = 2", rng.normal(size=(5, 3)), rng.normal(size=(3, 2)), np.array([0.5, -0.5])),
        ("k = 1", rng.normal(size=(4, 3)), rng.normal(size=(3, 1)), np.array([2.0])),
        ("d = 1", rng.normal(size=(6, 1)), rng.normal(size=(1, 4)), rng.normal(size=4)),
        ("V = 1", rng.normal(size=(1, 3)), rng.normal(size=(3, 3)), rng.normal(size=3)),
        ("a float32 table", rng.normal(size=(7, 4)).astype(np.float32),
         rng.normal(size=(4, 5)).astype(np.float32), np.zeros(5, dtype=np.float32)),
    ]


def check_fold_head(fold_head: Any) -> bool:
    """Check ``fold_head(W, U, u)``: the head's output for every token, as a table.

    The answer must return the ``(V, k)`` array ``W @ U + u``, whose row ``t``
    is what a Dense head with weights ``U`` (shape ``(d, k)``) and bias ``u``
    computes from token ``t``'s vector, without modifying its inputs.

    Examples
    --------
    >>> check_fold_head(lambda W, U, u: W @ U + u)
    Correct! (ex02-fold-head) One token in, one row out: a lookup again.
    True
    """
    cases = _fold_cases()

    def test() -> None:
        fn = require_function(fold_head, "fold_head")
        for what, W, U, u in cases:
            copies = (W.copy(), U.copy(), u.copy())
            out = call_answer(fn, "fold_head", W, U, u)
            if not all(np.array_equal(a, b) for a, b in zip((W, U, u), copies)):
                raise AssertionError(f"with {what}, fold_head changed its inputs; return a new array")
            out = np.asarray(out, dtype=float)
            want = W.astype(float) @ U.astype(float) + u.astype(float)
            if out.shape != want.shape:
                raise AssertionError(
                    f"with {what}, fold_head returned shape {out.shape}; expected {want.shape}, "
                    "one row per token and one column per unit of the head"
                )
            if np.allclose(out, want, rtol=1e-5, atol=1e-6):
                continue
            if np.any(u != 0) and np.allclose(out, W @ U, rtol=1e-5, atol=1e-6):
                raise AssertionError(f"with {what}, the rows are W @ U: the bias u is missing")
            raise AssertionError(f"with {what}, fold_head returned the wrong numbers")

    return FOLD_HEAD.run(test, success="One token in, one row out: a lookup again.")


# --------------------------------------------------------------------------
def _as_readers(value: Any, name: str) -> frozenset[str]:
    if isinstance(value, str):
        raise AssertionError(  # noqa: TRY004 - a wrong answer, reported by the check
            f"the answer for {name!r} is the string {value!r}; write a set of readers, "
            f"for example {{{value!r}}}"
        )
    try:
        readers = frozenset(str(r).lower() for r in value)
    except TypeError:
        raise AssertionError(
            f"the answer for {name!r} must be a set of readers such as {{'linear'}}, "
            f"got {value!r}"
        ) from None
    unknown = sorted(readers - set(UNDO_READERS))
    if unknown:
        raise AssertionError(
            f"the answer for {name!r} names {unknown}; the readers are {list(UNDO_READERS)}"
        )
    return readers


def check_undoable(prediction: Any) -> bool:
    """Check the predictions of which next layer can undo each change of basis.

    ``prediction`` maps each name of :data:`UNDO_CHANGES` to the set of
    readers of :data:`UNDO_READERS` (``"linear"``, ``"rmsnorm"``,
    ``"layernorm"``) after which a linear map can give back every output of
    the unchanged network. A stub (``...``) for any entry means not done yet.

    Examples
    --------
    >>> check_undoable({name: ... for name in UNDO_CHANGES})
    Not done yet (ex02-undoable): fill in the cell above, then run this one again.
    False
    """

    def test() -> None:
        if is_stub(prediction):
            raise NotDone
        assert isinstance(prediction, dict), (
            f"prediction must be a dict from change to readers, got {type(prediction).__name__}"
        )
        missing = [name for name in UNDO_CHANGES if name not in prediction]
        assert not missing, f"prediction is missing the changes {missing}"
        if any(is_stub(prediction[name]) for name in UNDO_CHANGES):
            raise NotDone
        wrong = [name for name in UNDO_CHANGES
                 if _as_readers(prediction[name], name) != _UNDO_ANSWERS[name]]
        if wrong:
            raise AssertionError(
                f"{len(wrong)} of {len(UNDO_CHANGES)} answers are not right: {wrong}"
            )

    return UNDOABLE.run(test, success="Only a linear map first forgives every basis.")


# --------------------------------------------------------------------------
# quizzes: instant feedback in the page, answers computed here
# --------------------------------------------------------------------------
def count_edges_quiz(V: int = 7, d: int = 4, token: int = 5, unit: int = 2) -> Any:
    """The "count before you draw" exercise as a quiz, answers computed from a ``(V, d)`` table.

    Examples
    --------
    >>> [q["answer"] for q in count_edges_quiz().questions if q["kind"] == "number"]
    [28.0, 1.0]
    """
    from ..figures.live import choice, number, quiz
    from ..onehot import one_hot

    W = np.arange(1.0, V * d + 1).reshape(V, d)
    x = one_hot(token, V, dtype=np.float64)
    terms = x * W[:, unit]  # the terms x_i W_{i,unit} of the unit's sum
    return quiz(
        number(f"A layer has V = {V} tokens and d = {d} output units. How many edges does its "
               "network have?", W.size, tolerance=0, why=f"One edge per entry of W: {V} x {d} = {W.size}.",
               low="Every input unit connects to every output unit.",
               high="Count one edge per weight, input unit to output unit."),
        choice(f"Which entries of W are the incoming weights of unit {unit}?",
               [f"column {unit}: W[:, {unit}]", f"row {unit}: W[{unit}, :]", f"W[{unit}, {unit}] only"], 0,
               why=f"Unit {unit} sums x_i W[i, {unit}] over all {V} inputs: column {unit}.",
               feedback={1: f"Row {unit} is the vector of token {unit}, one weight per output unit."}),
        number(f"Token {token} comes in. How many of the {V} terms x_i W[i, {unit}] in unit {unit}'s sum "
               "are non-zero?", int(np.count_nonzero(terms)), tolerance=0,
               why=f"Only x_{token} = 1, so the unit outputs W[{token}, {unit}].",
               high="A one-hot vector has a single 1."),
    )


def undo_truth(seed: int = 7) -> dict[str, frozenset[str]]:
    """For each change of :data:`UNDO_CHANGES`, the readers after which a linear map undoes it.

    Found numerically, as the page does: a change ``M`` is undone after a
    reader ``f`` when the best linear map ``A`` (least squares) gives back
    ``f(x M) A = f(x)`` on 200 random vectors, to 1e-9.

    Examples
    --------
    >>> sorted(undo_truth()["sign flip"])
    ['linear', 'rmsnorm']
    """
    rng = np.random.default_rng(seed)
    G = rng.normal(size=(3, 3)) + 2 * np.eye(3)
    changes = {"permutation": np.eye(3)[[2, 0, 1]], "sign flip": np.diag([1.0, -1.0, 1.0]),
               "doubling": 2 * np.eye(3), "scaling": np.diag([2.0, 1.0, 1.0]), "G": G,
               "all ones": np.ones((3, 3)), "add unit 0": np.eye(3) + np.outer([1.0, 0, 0], np.ones(3))}

    def rms(x: np.ndarray) -> np.ndarray:
        norm = np.sqrt(np.mean(x ** 2, axis=-1, keepdims=True))
        return np.divide(x, norm, out=np.zeros_like(x), where=norm > 1e-12)  # a zero vector stays 0

    readers = {"linear": lambda x: x, "rmsnorm": rms,
               "layernorm": lambda x: rms(x - x.mean(axis=-1, keepdims=True))}
    x = rng.normal(size=(200, 3))
    truth = {}
    for name, M in changes.items():
        ok = set()
        for reader, f in readers.items():
            A = np.linalg.lstsq(f(x @ M), f(x), rcond=None)[0]
            if np.allclose(f(x @ M) @ A, f(x), atol=1e-9):
                ok.add(reader)
        truth[name] = frozenset(ok)
    return truth


def undoable_quiz() -> Any:
    """The "which next layer can undo it?" exercise as a quiz, three of its seven changes.

    Examples
    --------
    >>> len(undoable_quiz().questions)
    3
    """
    from ..figures.live import choice, quiz

    names = {frozenset(UNDO_READERS): "all three", frozenset({"linear", "rmsnorm"}): "linear and RMSNorm",
             frozenset({"linear", "layernorm"}): "linear and LayerNorm", frozenset({"linear"}): "linear only",
             frozenset(): "none"}
    options = list(names.values())
    truth = undo_truth()
    prompts = {"sign flip": "Flip the sign of unit 1 (M = diag(1, -1, 1)).",
               "scaling": "Double unit 0 only (M = diag(2, 1, 1)).",
               "add unit 0": "Add unit 0 to every unit (M = I + e_0 1^T)."}
    why = {"sign flip": "A sign flip keeps lengths, so RMSNorm passes it, but it moves the all-ones "
                        "direction that LayerNorm removes.",
           "scaling": "Stretching one unit changes lengths unevenly: only a linear map can undo it.",
           "add unit 0": "It only adds along the all-ones vector, which LayerNorm subtracts; RMSNorm "
                         "sees the change of length."}
    return quiz(*(choice(f"{prompts[n]} After which readers can the next linear map undo it?", options,
                         options.index(names[truth[n]]), why=why[n]) for n in prompts))
