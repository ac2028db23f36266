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

import re
from typing import Any

import numpy as np

from . import Check, NotDone, call_answer, require_function

__all__ = [
    "check_output_shape",
    "check_flat_lookup",
    "check_encode_padded",
    "check_masked_mean",
    "check_strict_lookup",
    "check_bucket_batches",
    "shape_quiz",
    "post_padding_quiz",
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
_STRICT = Check(
    "ex03-strict-lookup",
    hint="before the lookup, look for ids below 0 or above V - 1 in X.ravel(); if there is "
    "one, raise IndexError naming the first of them and the valid range 0..V-1; otherwise "
    "return E[X]",
)
_BUCKET = Check(
    "ex03-bucket-batches",
    hint="np.argsort(lengths, kind='stable') lists the indices from the shortest sequence to "
    "the longest; cut that list into consecutive pieces of batch_size indices",
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


# ------------------------------------------------------------- strict lookup
def _strict_cases() -> tuple[np.ndarray, list[np.ndarray], list[tuple[np.ndarray, int]]]:
    rng = np.random.default_rng(307)
    E = rng.uniform(-1, 1, size=(7, 3))
    good = [np.array(3), np.array([0, 6, 6, 2]), rng.integers(0, 7, size=(2, 3, 4)),
            np.zeros((0, 4), dtype=np.int64)]
    bad = [(np.array([[0, -1]]), -1), (np.array([[0, 7]]), 7), (np.array([-3]), -3),
           (np.array([[2, 12], [-8, 1]]), 12)]
    return E, good, bad


def _names(number: int, text: str) -> bool:
    return re.search(rf"(?<![\d-]){number}(?!\d)", text) is not None


def check_strict_lookup(strict_lookup: Any) -> bool:
    """Check ``strict_lookup(E, X)``: ``E[X]``, or an ``IndexError`` for any id outside 0..V-1.

    The error must name the first bad id (in the order of ``X.ravel()``) and
    the valid range (its largest id ``V - 1`` or the size ``V``).

    Examples
    --------
    >>> check_strict_lookup(lambda E, X: E[X])      # NumPy's own lookup
    Traceback (most recent call last):
    ...
    embedlab.checks.CheckFailed: Not quite (ex03-strict-lookup): for ids [[0, -1]] you returned a result: id -1 silently read row 6, as NumPy does. Hint: before the lookup, look for ids below 0 or above V - 1 in X.ravel(); if there is one, raise IndexError naming the first of them and the valid range 0..V-1; otherwise return E[X]
    """

    def test() -> bool:
        fn = require_function(strict_lookup, "strict_lookup")
        E, good, bad = _strict_cases()
        V = E.shape[0]
        for X in good:
            before = E.copy()
            got = np.asarray(call_answer(fn, f"strict_lookup on ids of shape {X.shape}", E, X.copy()))
            assert got.shape == E[X].shape, (
                f"for ids of shape {X.shape} you returned shape {got.shape}, expected {E[X].shape}"
            )
            assert np.array_equal(got, E[X]), f"for ids {X.tolist()} the values are not the rows of E"
            assert np.array_equal(E, before), "your function changed E; a lookup only reads it"
        for X, first in bad:
            try:
                fn(E, X.copy())
            except (NotImplementedError, NotDone):
                raise
            except IndexError as exc:
                message = str(exc)
                assert _names(first, message), (
                    f"for ids {X.tolist()} the error must name the first bad id, {first}; "
                    f"it says {message!r}"
                )
                assert _names(V - 1, message) or _names(V, message), (
                    f"for ids {X.tolist()} the error must name the valid range 0..{V - 1}; "
                    f"it says {message!r}"
                )
            except Exception as exc:  # noqa: BLE001 - any other crash is reported
                raise AssertionError(
                    f"for ids {X.tolist()} raise IndexError, not {type(exc).__name__}: {exc}"
                ) from None
            else:
                if first < 0:
                    raise AssertionError(
                        f"for ids {X.tolist()} you returned a result: id {first} silently read "
                        f"row {V + first}, as NumPy does"
                    )
                raise AssertionError(f"for ids {X.tolist()} you returned a result, but id {first} "
                                     f"is outside 0..{V - 1}")
        return True

    return _STRICT.run(test, success="Negative ids can no longer read the last rows.")


# ---------------------------------------------------------- bucketed batches
def _bucket_cases() -> list[tuple[list[int], int]]:
    rng = np.random.default_rng(311)
    long_tail = np.maximum(1, rng.lognormal(2.5, 0.6, size=200).astype(int)).tolist()
    return [([5, 1, 4, 2, 3, 6], 2), ([3, 3, 3], 2), ([7], 4), ([1, 9, 2, 8, 3, 7, 4], 3),
            (long_tail, 16)]


def check_bucket_batches(bucket_batches: Any) -> bool:
    """Check ``bucket_batches(lengths, batch_size)``: batches of indices with little padding.

    Every index ``0 .. len(lengths) - 1`` must be in exactly one batch, every
    batch must hold 1 to ``batch_size`` indices, there must be
    ``ceil(len(lengths) / batch_size)`` batches, and padding each batch to its
    longest sequence must take no more positions than sorting by length does.

    Examples
    --------
    >>> def in_order(lengths, batch_size):     # batches in the order of the corpus
    ...     n = len(lengths)
    ...     return [list(range(i, min(i + batch_size, n))) for i in range(0, n, batch_size)]
    >>> check_bucket_batches(in_order)
    Traceback (most recent call last):
    ...
    embedlab.checks.CheckFailed: Not quite (ex03-bucket-batches): for lengths [5, 1, 4, 2, 3, 6] and batch_size 2 your batches take 30 positions once padded; sorting by length needs only 24. Hint: np.argsort(lengths, kind='stable') lists the indices from the shortest sequence to the longest; cut that list into consecutive pieces of batch_size indices
    """
    from ..sequences import padding_stats

    def test() -> bool:
        fn = require_function(bucket_batches, "bucket_batches")
        for lengths, batch_size in _bucket_cases():
            shown = lengths if len(lengths) < 10 else f"({len(lengths)} sequences)"
            where = f"for lengths {shown} and batch_size {batch_size}"
            got = call_answer(fn, f"bucket_batches {where}", list(lengths), batch_size)
            try:
                batches = [np.asarray(b).reshape(-1) for b in got]
            except TypeError:
                raise AssertionError(f"{where} return a list of batches, got {type(got).__name__}") from None
            assert all(b.dtype.kind in "iu" for b in batches), (
                f"{where} each batch must hold integer indices into lengths"
            )
            assert all(b.size for b in batches), f"{where} a batch is empty"
            flat = np.sort(np.concatenate(batches)) if batches else np.array([], dtype=int)
            assert np.array_equal(flat, np.arange(len(lengths))), (
                f"{where} every sequence index 0..{len(lengths) - 1} must be in exactly one batch "
                "(indices into lengths, not the lengths themselves)"
            )
            largest = max(b.size for b in batches)
            assert largest <= batch_size, f"{where} a batch holds {largest} sequences"
            wanted = -(-len(lengths) // batch_size)
            assert len(batches) == wanted, (
                f"{where} you made {len(batches)} batches; full batches give {wanted}"
            )
            arr = np.asarray(lengths)
            cost = sum(b.size * int(arr[b].max()) for b in batches)
            best = padding_stats(arr, batch_size, sort=True).positions
            if cost > best:
                raise AssertionError(
                    f"{where} your batches take {cost} positions once padded; sorting by length "
                    f"needs only {best}"
                )
        return True

    return _BUCKET.run(test, success="Similar lengths share a batch, so little is padding.")


# --------------------------------------------------------------------------
# quizzes: instant feedback in the page, answers computed here
# --------------------------------------------------------------------------
def shape_quiz() -> Any:
    """The "predict the shape" exercise as a quiz; answers are the shapes ``Embedding`` returns.

    Examples
    --------
    >>> [q["options"][q["correct"]] for q in shape_quiz().questions]
    ['(2, 3, 5, 4)', '(32, 100, 300)', '(4,)']
    """
    from ..embedding import Embedding
    from ..figures.live import choice, quiz

    cases = [((10, 4), np.zeros((2, 3, 5), dtype=np.int64), ["(2, 3, 5)", "(2, 3, 4)", "(10, 4)"],
              "Embedding(10, 4) on ids of shape (2, 3, 5)"),
             ((50_000, 300), np.zeros((32, 100), dtype=np.int64), ["(32, 300)", "(50000, 300)", "(3200, 300)"],
              "Embedding(50_000, 300) on a batch of 32 sequences of 100 ids"),
             ((10, 4), np.int64(7), ["(1, 4)", "(1, 1, 4)", "(10, 4)"], "Embedding(10, 4) on the single id 7")]
    questions = []
    for (V, d), ids, wrong, prompt in cases:
        shape = str(Embedding(V, d, seed=0)(ids).shape)
        questions.append(choice(f"What is the shape of the output of {prompt}?", [shape, *wrong], 0,
                                why=f"Every id becomes a row of length {d}: ids.shape + ({d},) = {shape}."))
    return quiz(*questions)


def post_padding_quiz(n: int = 3, T: int = 6) -> Any:
    """The post-padding exercise as a quiz; answers from an LSTM run with and without padding.

    Examples
    --------
    >>> [q["options"][q["correct"]] for q in post_padding_quiz().questions]
    ['No', 'Yes']
    """
    from ..embedding import Embedding
    from ..figures.live import choice, quiz
    from ..lstm import LSTM

    emb, lstm = Embedding(8, 3, seed=1, dtype=np.float64), LSTM(3, 4, seed=2, dtype=np.float64)
    ids = np.arange(2, 2 + n)[None, :]
    padded = np.concatenate([ids, np.zeros((1, T - n), dtype=ids.dtype)], axis=1)  # 0 pads at the end
    _, alone = lstm(emb(ids))
    H, last = lstm(emb(padded))  # no mask
    answers = {"last": bool(np.allclose(last, alone)), "step": bool(np.allclose(H[:, n - 1], alone))}
    yes_no = ["Yes", "No"]
    return quiz(
        choice(f"A sentence of {n} tokens is padded at the end to {T} positions and read by an LSTM "
               "without a mask. Is its last state equal to the last state of the sentence read alone?",
               yes_no, 0 if answers["last"] else 1,
               why="After the last real token the LSTM reads the padding row, which is not zero, "
                   "and every step changes the state."),
        choice(f"Is the output at position {n - 1}, right after the last real token, equal to it?",
               yes_no, 0 if answers["step"] else 1,
               why="The first steps see exactly the inputs of the sentence alone, from the same start."),
    )
