"""Checks for the exercises of chapter 7, part 3 (the table in a Transformer).

:func:`check_equal_outputs` (predict which positions of two sentences get
the same output from one attention layer), :func:`check_attention`
(implement scaled dot-product attention, with an optional causal mask) and
:func:`check_shift_matrix` (extend: the fixed matrix that moves a sinusoidal
position vector ``k`` steps on). Each compares the answer with what
:mod:`embedlab` computes and reports through :class:`embedlab.checks.Check`.

Examples
--------
>>> check_equal_outputs({"no mask": {0, 2, 3}, "causal": {0}, "positions": set()})
Correct! (ex07-equal-outputs) An attention layer sees a set of vectors; only a mask or positions give it an order.
True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..attention import SelfAttention, scaled_dot_product_attention
from ..positions import PositionalEmbedding, sinusoidal_positions
from ..vocab import Vocabulary
from . import Check, NotDone, call_answer, is_stub, require_function

__all__ = [
    "EQUAL_OUTPUTS_TASK",
    "equal_output_positions",
    "check_equal_outputs",
    "check_attention",
    "check_shift_matrix",
]

#: The two sentences of the prediction exercise, and the three settings
#: whose equal output positions the reader predicts.
EQUAL_OUTPUTS_TASK: dict[str, Any] = {
    "first": "the dog saw the cat",
    "second": "the cat saw the dog",
    "settings": ("no mask", "causal", "positions"),
}

_EQUAL = Check(
    "ex07-equal-outputs",
    hint="without positions, output t depends on the vector at t (the query) and on the set of "
    "vectors it may read; with no mask that set is the whole sentence, with a causal mask "
    "only positions 0..t; added positions make the same word at two positions two different "
    "vectors",
)
_ATTENTION = Check(
    "ex07-attention",
    hint="scores = Q @ swapaxes(K, -1, -2) / sqrt(d_k), with d_k = Q.shape[-1]; for causal, set "
    "the scores above the diagonal (key after query) to -inf BEFORE the softmax; the softmax "
    "runs along the last axis (over keys), after subtracting each row's maximum; return "
    "weights @ V",
)
_SHIFT = Check(
    "ex07-shift-matrix",
    hint="each column pair (2i, 2i+1) holds (sin a, cos a) with a = t * w_i and "
    "w_i = base**(-2i/d); moving k steps adds b = k * w_i; as a row vector times a matrix, "
    "(sin a, cos a) @ [[cos b, -sin b], [sin b, cos b]] = (sin(a+b), cos(a+b)); put one such "
    "2 x 2 block per pair on the diagonal",
)


def equal_output_positions(setting: str, seed: int = 0) -> set[int]:
    """Positions whose output vectors agree for the two sentences of :data:`EQUAL_OUTPUTS_TASK`.

    One :class:`~embedlab.attention.SelfAttention` layer with random weights
    reads random token vectors (``setting="no mask"``), the same with a
    causal mask (``"causal"``), or token plus learned position vectors
    without a mask (``"positions"``).

    Examples
    --------
    >>> sorted(equal_output_positions("no mask"))
    [0, 2, 3]
    """
    if setting not in EQUAL_OUTPUTS_TASK["settings"]:
        raise ValueError(f"setting must be one of {EQUAL_OUTPUTS_TASK['settings']}, got {setting!r}")
    rng = np.random.default_rng(700 + seed)
    words = EQUAL_OUTPUTS_TASK["first"].split()
    vocab = Vocabulary(sorted(set(words)))
    E = rng.normal(size=(len(vocab), 6))
    layer = SelfAttention(6, 4, causal=setting == "causal", seed=rng)
    pos = PositionalEmbedding(len(words), 6, scale=1.0, seed=rng)
    outs = []
    for key in ("first", "second"):
        H = E[vocab.encode(EQUAL_OUTPUTS_TASK[key].split())][None]
        if setting == "positions":
            H = pos(H)
        outs.append(layer(H)[0])
    same = np.all(np.isclose(outs[0], outs[1], rtol=0, atol=1e-10), axis=1)
    return {int(t) for t in np.flatnonzero(same)}


def check_equal_outputs(prediction: Any) -> bool:
    """Check a prediction ``{setting: set of positions}`` of equal outputs in two sentences.

    Examples
    --------
    >>> check_equal_outputs({"no mask": ..., "causal": ..., "positions": ...})
    Not done yet (ex07-equal-outputs): fill in the cell above, then run this one again.
    False
    """

    def test() -> bool:
        if is_stub(prediction):
            raise NotDone
        settings = EQUAL_OUTPUTS_TASK["settings"]
        assert isinstance(prediction, dict), f"prediction must be a dict with keys {settings}"
        assert set(prediction) == set(settings), (
            f"prediction must have exactly the keys {settings}, got {sorted(prediction)}"
        )
        if any(is_stub(prediction[s]) for s in settings):
            raise NotDone
        for setting in settings:
            got = prediction[setting]
            try:
                got = {int(t) for t in got}
            except (TypeError, ValueError):
                raise AssertionError(f"prediction[{setting!r}] must be a set of positions (0..4), "
                                     f"got {got!r}") from None
            truth = equal_output_positions(setting) & equal_output_positions(setting, seed=1)
            assert got == truth, (
                f"for {setting!r} you predicted the positions {sorted(got)}; positions count "
                "from 0"
            )
        return True

    return _EQUAL.run(test, success="An attention layer sees a set of vectors; only a mask or "
                      "positions give it an order.")


def _attention_cases() -> list[tuple[tuple[np.ndarray, ...], bool, str]]:
    rng = np.random.default_rng(701)
    return [
        ((rng.normal(size=(4, 3)), rng.normal(size=(4, 3)), rng.normal(size=(4, 3))), False,
         "one sequence of 4 positions, d_k = 3"),
        ((rng.normal(size=(4, 3)), rng.normal(size=(4, 3)), rng.normal(size=(4, 3))), True,
         "the same sizes with causal=True"),
        ((rng.normal(size=(2, 5, 8)), rng.normal(size=(2, 5, 8)), rng.normal(size=(2, 5, 2))), True,
         "a batch of 2, T = 5, d_k = 8, values of length 2, causal=True"),
        ((rng.normal(size=(3, 4)), rng.normal(size=(6, 4)), rng.normal(size=(6, 5))), False,
         "3 queries reading 6 keys (T != S)"),
    ]


def check_attention(attention: Any) -> bool:
    """Check ``attention(Q, K, V, causal=False)``: ``softmax(QK^T/sqrt(d_k)) V``, optionally masked.

    Examples
    --------
    >>> def attention(Q, K, V, causal=False):
    ...     raise NotImplementedError
    >>> check_attention(attention)
    Not done yet (ex07-attention): fill in the cell above, then run this one again.
    False
    """

    def test() -> bool:
        fn = require_function(attention, "attention")
        for (Q, K, V), causal, what in _attention_cases():
            expected, _ = scaled_dot_product_attention(Q, K, V, causal=causal)
            got = call_answer(fn, f"attention(...) for {what}", Q.copy(), K.copy(), V.copy(),
                              causal)
            got = np.asarray(got, dtype=float)
            assert got.shape == expected.shape, (
                f"for {what} the output must have shape {expected.shape}, got {got.shape}"
            )
            if np.allclose(got, scaled_dot_product_attention(Q * np.sqrt(Q.shape[-1]), K, V,
                                                             causal=causal)[0]):
                raise AssertionError(f"for {what} your scores are not divided by sqrt(d_k)")
            if causal:
                if np.allclose(got, scaled_dot_product_attention(Q, K, V)[0]):
                    raise AssertionError(f"for {what} your output ignores the causal mask")
                if not np.allclose(got, expected) and np.allclose(
                        got, _masked_after_softmax(Q, K, V)):
                    raise AssertionError(f"for {what} you masked after the softmax: the remaining "
                                         "weights no longer sum to 1")
            assert np.allclose(got, expected, atol=1e-8), (
                f"for {what} your output differs by up to {np.max(np.abs(got - expected)):.3g}"
            )
        return True

    return _ATTENTION.run(test, success="Each output is a weighted mean of the values, weights "
                          "from query-key dot products.")


def _masked_after_softmax(Q: np.ndarray, K: np.ndarray, V: np.ndarray) -> np.ndarray:
    """A common slip: softmax over every key, then zero the future ones."""
    _, w = scaled_dot_product_attention(Q, K, V)
    return np.where(np.tril(np.ones(w.shape[-2:], bool)), w, 0.0) @ V


def _shift_cases() -> list[tuple[int, int, float, str]]:
    return [(1, 4, 10000.0, "k = 1, d = 4"), (5, 8, 10000.0, "k = 5, d = 8"),
            (0, 6, 10000.0, "k = 0 (no move), d = 6"), (-3, 6, 100.0, "k = -3, d = 6, base = 100")]


def check_shift_matrix(shift_matrix: Any) -> bool:
    """Check ``shift_matrix(k, d, base=10000.0)``: ``M`` with ``P[t + k] = P[t] @ M`` for every ``t``.

    Examples
    --------
    >>> def shift_matrix(k, d, base=10000.0):
    ...     raise NotImplementedError
    >>> check_shift_matrix(shift_matrix)
    Not done yet (ex07-shift-matrix): fill in the cell above, then run this one again.
    False
    """

    def test() -> bool:
        fn = require_function(shift_matrix, "shift_matrix")
        for k, d, base, what in _shift_cases():
            P = sinusoidal_positions(60, d, base=base)
            M = np.asarray(call_answer(fn, f"shift_matrix(...) for {what}", k, d, base), dtype=float)
            assert M.shape == (d, d), f"for {what} M must have shape {(d, d)}, got {M.shape}"
            start = max(0, -k)
            src, dst = P[start:start + 40], P[start + k:start + k + 40]
            if not np.allclose(src @ M, dst, atol=1e-8) and np.allclose(src @ M.T, dst, atol=1e-8):
                raise AssertionError(f"for {what} your M is transposed: it moves positions back")
            assert np.allclose(src @ M, dst, atol=1e-8), (
                f"for {what} P[t] @ M misses P[t + k] by up to {np.max(np.abs(src @ M - dst)):.3g}"
            )
        return True

    return _SHIFT.run(test, success="Moving k positions is one fixed rotation per column pair, "
                      "whatever t is.")
