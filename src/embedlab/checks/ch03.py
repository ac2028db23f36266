"""Checks for the exercises of the chapter on ``Y = E[X]``.

Each ``check_*`` function takes the reader's answer (a function), runs it on
several cases, edge cases included, and reports through
:class:`embedlab.checks.Check`: "Correct!" on success, "Not done yet" for the
stub, :class:`~embedlab.checks.CheckFailed` with a hint otherwise.

Examples
--------
>>> check_output_shape(lambda ids_shape, input_dim, output_dim: (*ids_shape, output_dim))
Correct! (ex03-predict-shape) input_dim never appears in the output shape.
True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import Check, require_function

__all__ = [
    "check_output_shape",
    "check_flat_lookup",
    "check_encode_padded",
    "check_masked_mean",
]

_SHAPE = Check(
    "ex03-predict-shape",
    hint="the output keeps every axis of the ids and appends one axis of length "
    "output_dim; input_dim (the number of rows of E) does not appear",
)
_FLAT = Check(
    "ex03-flat-lookup",
    hint="flatten the ids with X.reshape(-1), take those rows of E (a 2-D result of "
    "shape (X.size, d)), then reshape to X.shape + (d,)",
)
_PAD = Check(
    "ex03-pad-off-by-one",
    hint="words[k] gets id k + 2 because 0 means padding and 1 means unknown; pad after "
    "the tokens and cut from the end; input_dim is the largest possible id + 1, "
    "that is len(words) + 2, whether or not the last word occurs in texts",
)
_MASK = Check(
    "ex03-masked-mean",
    hint="multiply Y by mask[..., None] to zero the padded vectors, sum over the time "
    "axis, and divide by the number of real tokens per row (mask.sum(axis=1)), not by T; "
    "a row without real tokens must give zeros, not NaN",
)


# ------------------------------------------------------------- predict shape
_SHAPE_CASES = [
    ((), 10, 4, (4,)),
    ((5,), 10, 4, (5, 4)),
    ((1, 5), 5, 2, (1, 5, 2)),
    ((1, 4), 4, 3, (1, 4, 3)),
    ((2, 3, 5), 10, 4, (2, 3, 5, 4)),
    ((0, 7), 3, 8, (0, 7, 8)),
    ((32, 100), 50_000, 300, (32, 100, 300)),
]


def check_output_shape(output_shape: Any) -> bool:
    """Check ``output_shape(ids_shape, input_dim, output_dim)``, the shape of ``E[X]``.

    Examples
    --------
    >>> def output_shape(ids_shape, input_dim, output_dim):
    ...     raise NotImplementedError
    >>> check_output_shape(output_shape)
    Not done yet (ex03-predict-shape): fill in the cell above, then run this one again.
    False
    """

    def test() -> bool:
        fn = require_function(output_shape, "output_shape")
        for ids_shape, input_dim, output_dim, expected in _SHAPE_CASES:
            got = fn(ids_shape, input_dim, output_dim)
            try:
                got_t = tuple(int(n) for n in got)
            except TypeError:
                raise AssertionError(
                    f"output_shape{(ids_shape, input_dim, output_dim)} returned {got!r}, "
                    "which is not a tuple of ints"
                ) from None
            assert got_t == expected, (
                f"for ids of shape {ids_shape} and Embedding({input_dim}, {output_dim}) "
                f"you returned {got_t}, but the output has shape {expected}"
            )
        return True

    return _SHAPE.run(test, success="input_dim never appears in the output shape.")


# ---------------------------------------------------------------- flat lookup
def _lookup_cases() -> list[tuple[np.ndarray, Any]]:
    rng = np.random.default_rng(303)
    E = rng.uniform(-1, 1, size=(7, 3))
    return [
        (E, np.array(4)),
        (E, np.array([0, 6, 6, 2])),
        (E, np.array([[4, 1, 3, 3, 3]])),
        (E, rng.integers(0, 7, size=(2, 3, 4))),
        (E, np.zeros((0, 5), dtype=np.int64)),
        (E.astype(np.float32), np.array([[1, 2], [2, 1]])),
        (rng.uniform(-1, 1, size=(1, 5)), np.zeros((3, 1), dtype=np.int32)),
    ]


def check_flat_lookup(flat_lookup: Any) -> bool:
    """Check ``flat_lookup(E, X)``: ``E[X]`` for ids of any shape, via a flat 1-D lookup.

    Examples
    --------
    >>> check_flat_lookup(...)
    Not done yet (ex03-flat-lookup): fill in the cell above, then run this one again.
    False
    """

    def test() -> bool:
        fn = require_function(flat_lookup, "flat_lookup")
        for E, X in _lookup_cases():
            E_before = E.copy()
            got = np.asarray(fn(E, X))
            expected = E[X]
            assert got.shape == expected.shape, (
                f"for E of shape {E.shape} and ids of shape {X.shape} you returned shape "
                f"{got.shape}, expected {expected.shape}"
            )
            assert np.array_equal(got, expected), (
                f"for ids of shape {X.shape} the shape is right but the values are not "
                "the rows of E"
            )
            assert np.array_equal(E, E_before), "your function changed E; a lookup only reads it"
        return True

    return _FLAT.run(test, success="Any rank is a 1-D lookup and two reshapes.")


# ---------------------------------------------------------- padding off-by-one
def _reference_encode(texts: list[str], words: list[str], maxlen: int) -> np.ndarray:
    from ..vocab import tokenize

    ids = {w: k + 2 for k, w in enumerate(words)}
    out = np.zeros((len(texts), maxlen), dtype=np.int64)
    for i, text in enumerate(texts):
        row = [ids.get(t, 1) for t in tokenize(text)][:maxlen]
        out[i, : len(row)] = row
    return out


_PAD_CASES = [
    (["the cat sat", "a dog"], ["the", "cat", "sat", "dog"], 4),
    (["the zebra sat on the mat"], ["the", "cat", "sat", "dog"], 4),
    (["", "cat"], ["cat"], 3),
    (["one two three four five six"], ["one", "two", "three", "four", "five", "six"], 6),
    (["hello hello"], ["hello"], 1),
]


def check_encode_padded(encode_padded: Any) -> bool:
    """Check ``encode_padded(texts, words, maxlen)`` -> ``(X, input_dim)``.

    Id 0 is padding, id 1 stands for any unknown word and ``words[k]`` has id
    ``k + 2``; sequences are padded at the end and cut at the end
    (``padding="post"``, ``truncating="post"``); ``input_dim`` is the number
    of rows an embedding table needs for every id this vocabulary can produce,
    not only for the ids that occur in ``texts``.

    Examples
    --------
    >>> check_encode_padded(None)
    Not done yet (ex03-pad-off-by-one): fill in the cell above, then run this one again.
    False
    """

    def test() -> bool:
        fn = require_function(encode_padded, "encode_padded")
        for texts, words, maxlen in _PAD_CASES:
            result = fn(list(texts), list(words), maxlen)
            if not (isinstance(result, tuple) and len(result) == 2):
                raise AssertionError(
                    f"encode_padded must return a pair (X, input_dim), got {type(result).__name__}"
                )
            X, input_dim = result
            X = np.asarray(X)
            expected = _reference_encode(texts, words, maxlen)
            assert X.dtype.kind in "iu", f"X must hold integer ids, got dtype {X.dtype}"
            assert X.shape == expected.shape, (
                f"for {len(texts)} texts and maxlen={maxlen}, X must have shape "
                f"{expected.shape}, got {X.shape}"
            )
            assert np.array_equal(X, expected), (
                f"for texts={texts} and words={words} the ids should be "
                f"{expected.tolist()}, got {X.tolist()}"
            )
            right = len(words) + 2
            if input_dim == int(X.max(initial=0)) + 1 != right:
                raise AssertionError(
                    f"input_dim={input_dim} covers only the ids that occur in {texts}; the "
                    f"vocabulary can also produce id {right - 1} (the word "
                    f"{words[-1]!r}), so the table needs {right} rows"
                )
            if input_dim == right - 1:
                raise AssertionError(
                    f"input_dim={input_dim} is one too small: the largest possible id is "
                    f"{right - 1} (the last word), so the table needs {right} rows"
                )
            assert input_dim == right, (
                f"with {len(words)} words plus the padding and unknown ids, input_dim must "
                f"be {right}, got {input_dim!r}"
            )
        return True

    return _PAD.run(test, success="input_dim = largest possible id + 1.")


# ---------------------------------------------------------------- masked mean
def _mask_cases() -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(33)
    Y = rng.normal(size=(3, 5, 4))
    post = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1], [1, 0, 0, 0, 0]], dtype=bool)
    pre = post[:, ::-1].copy()
    empty = np.array([[0, 0, 0, 0, 0], [1, 1, 0, 0, 0], [0, 0, 0, 0, 0]], dtype=bool)
    return [
        (Y, post),
        (Y, pre),
        (Y, np.ones((3, 5), dtype=bool)),
        (Y, empty),
        (rng.normal(size=(1, 4, 1)).astype(np.float32), np.array([[0, 1, 1, 0]], dtype=bool)),
    ]


def _reference_masked_mean(Y: np.ndarray, mask: np.ndarray) -> np.ndarray:
    counts = mask.sum(axis=1, keepdims=True)
    total = (Y * mask[..., None]).sum(axis=1)
    return np.divide(total, counts, out=np.zeros_like(total), where=counts > 0)


def check_masked_mean(masked_mean: Any) -> bool:
    """Check ``masked_mean(Y, mask)``: the mean over real time steps, shape ``(B, d)``.

    Examples
    --------
    >>> def masked_mean(Y, mask):
    ...     return Y.mean(axis=1)        # ignores the mask
    >>> check_masked_mean(masked_mean)
    Traceback (most recent call last):
    ...
    embedlab.checks.CheckFailed: Not quite (ex03-masked-mean): row 0 has 3 real tokens out of 5, but your mean differs from the mean of those 3 vectors. Hint: multiply Y by mask[..., None] to zero the padded vectors, sum over the time axis, and divide by the number of real tokens per row (mask.sum(axis=1)), not by T; a row without real tokens must give zeros, not NaN
    """

    def test() -> bool:
        fn = require_function(masked_mean, "masked_mean")
        for Y, mask in _mask_cases():
            got = np.asarray(fn(Y.copy(), mask.copy()))
            expected = _reference_masked_mean(Y, mask)
            assert got.shape == expected.shape, (
                f"for Y of shape {Y.shape} the result must have shape {expected.shape} "
                f"(one mean vector per sequence), got {got.shape}"
            )
            if not np.all(np.isfinite(got)):
                raise AssertionError(
                    "your result contains NaN or infinity: a row whose mask is all False "
                    "has no real token, so its mean must be a vector of zeros"
                )
            tol = 1e-5 if Y.dtype == np.float32 else 1e-10
            bad = [b for b in range(Y.shape[0])
                   if not np.allclose(got[b], expected[b], rtol=tol, atol=tol)]
            if bad:
                b = bad[0]
                n = int(mask[b].sum())
                if n == 0:
                    raise AssertionError(f"row {b} has no real token, so its mean must be zeros")
                raise AssertionError(
                    f"row {b} has {n} real tokens out of {mask.shape[1]}, but your mean differs "
                    f"from the mean of those {n} vectors"
                )
        return True

    return _MASK.run(test, success="Padding no longer changes the mean.")
