"""Checks for the exercises of the chapter "One-hot vectors and the lookup".

* :func:`check_prediction`: the predict-then-check exercise (shape of ``Y``,
  which rows of ``W`` come out, how many products are multiplications by 0);
* :func:`check_row_lookup`: ``row_lookup(W, ids)`` computed as a one-hot
  product, for ids of any shape, refusing ids outside ``0 .. V - 1``;
* :func:`check_bag_embed`: ``bag_embed(W, docs)``, the sum of the rows of the
  ids in each document (a multi-hot or count vector times ``W``).

Examples
--------
Plain fancy indexing is not an answer to the lookup exercise: NumPy quietly
reads ``W[-1]`` as the last row instead of refusing the id.

>>> check_row_lookup(lambda W, ids: W[ids])  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
embedlab.checks.CheckFailed: Not quite (ex01-row-lookup): row_lookup(W, [[1], [-1]]) with V = 5 returned a result; it must raise IndexError, since only ids 0..4 exist. Hint: ...
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import Check, NotDone, call_answer, is_stub

__all__ = [
    "PREDICTION_TASK",
    "check_prediction",
    "check_row_lookup",
    "check_bag_embed",
]

#: The setting of the predict-then-check exercise, ``Y = one_hot(ids, V) @ W``.
PREDICTION_TASK = {"ids": [3, 0, 3], "V": 4, "d": 3}

_PREDICTION = Check(
    "ex01-predict",
    hint=(
        "Y has one row per id and one column per output unit; row t of Y is row ids[t] "
        "of W, with 0-based ids; the product computes T x d dot products of length V, "
        "and only one term of each is not a multiplication by 0."
    ),
)
_ROW_LOOKUP = Check(
    "ex01-row-lookup",
    hint=(
        "compare ids[..., None] with np.arange(V) to get a one-hot array of shape "
        "(*ids.shape, V), cast it to W.dtype and multiply by W; check the range of the "
        "ids first, because an id of V or more gives an all-zero one-hot row and a "
        "silent zero vector."
    ),
)
_BAG_EMBED = Check(
    "ex01-bag-embed",
    hint=(
        "build a (len(docs), V) matrix of counts (a repeated id counts twice, e.g. with "
        "np.add.at or np.bincount), then multiply it by W; an empty document has no ids; "
        "its vector is a row of d zeros, and an empty list of documents gives shape (0, d)."
    ),
)


def _show(ids: Any) -> str:
    return repr(ids.tolist()) if isinstance(ids, np.ndarray) else repr(ids)


# --------------------------------------------------------------------------
# predict-then-check
# --------------------------------------------------------------------------
def check_prediction(prediction: Any) -> bool:
    """Check the predictions for ``Y = one_hot([3, 0, 3], 4) @ W`` with ``W`` of shape (4, 3).

    ``prediction`` is a dict with keys ``"shape"`` (a tuple), ``"rows"`` (for
    each row of ``Y``, the row of ``W`` it equals) and ``"zero_products"``
    (how many of the product's multiplications multiply by 0).

    Examples
    --------
    >>> check_prediction(...)
    Not done yet (ex01-predict): fill in the cell above, then run this one again.
    False
    """

    def test() -> None:
        if is_stub(prediction):
            raise NotDone
        assert isinstance(prediction, dict), (
            f"prediction must be a dict with keys 'shape', 'rows', 'zero_products', "
            f"got {type(prediction).__name__}"
        )
        missing = {"shape", "rows", "zero_products"} - set(prediction)
        assert not missing, f"prediction is missing the keys {sorted(missing)}"
        if any(is_stub(prediction[key]) for key in ("shape", "rows", "zero_products")):
            raise NotDone
        ids, V, d = PREDICTION_TASK["ids"], PREDICTION_TASK["V"], PREDICTION_TASK["d"]
        T = len(ids)
        shape = tuple(prediction["shape"]) if isinstance(prediction["shape"], (tuple, list)) else None
        assert shape == (T, d), f"the shape {prediction['shape']!r} is not right"
        rows = prediction["rows"]
        try:
            rows = [int(r) for r in rows]
        except (TypeError, ValueError):
            raise AssertionError(f"rows must be a list of {T} row numbers, got {rows!r}") from None
        if rows == [i + 1 for i in ids]:
            raise AssertionError(f"rows {rows} count from 1; Python counts rows from 0")
        assert rows == list(ids), f"rows {rows} are not the rows that come out"
        zero = prediction["zero_products"]
        if zero == T * V * d:
            raise AssertionError(f"{zero} is every multiplication; some of them multiply by 1")
        assert zero == T * (V - 1) * d, f"zero_products={zero!r} is not right"

    return _PREDICTION.run(test)


# --------------------------------------------------------------------------
# row_lookup
# --------------------------------------------------------------------------
def _row_lookup_cases() -> list[tuple[np.ndarray, Any]]:
    rng = np.random.default_rng(101)
    W = rng.uniform(-1, 1, size=(5, 3))
    return [
        (W, np.array([1, 2])),                    # Source A's two ids, 0-based
        (W, np.array([4, 0, 4, 4])),              # repeats and both ends
        (W, np.array([[1, 2], [3, 0]])),          # a batch (B, T)
        (W, rng.integers(0, 5, size=(2, 3, 2))),  # any rank
        (W, np.int64(3)),                         # a single id gives one row
        (W, 2),                                   # a plain Python int too
        (W, np.array([], dtype=np.int64)),        # no ids: shape (0, d)
        (rng.uniform(-1, 1, size=(1, 4)), np.array([0, 0])),           # V = 1
        (rng.uniform(-1, 1, size=(7, 2)).astype(np.float32), np.array([6, 5])),
    ]


def check_row_lookup(row_lookup: Any) -> bool:
    """Check ``row_lookup(W, ids)``: rows of ``W`` through a one-hot product.

    The answer must return exactly ``W[ids]`` (shape ``(*ids.shape, d)``,
    dtype of ``W``) for ids of any shape, leave ``W`` unchanged, and raise
    ``IndexError`` for an id outside ``0 .. V - 1`` (negative ids included).

    Examples
    --------
    >>> def row_lookup(W, ids):
    ...     raise NotImplementedError
    >>> check_row_lookup(row_lookup)
    Not done yet (ex01-row-lookup): fill in the cell above, then run this one again.
    False
    """

    def test() -> None:
        if is_stub(row_lookup):
            raise NotDone
        assert callable(row_lookup), f"row_lookup must be a function, got {type(row_lookup).__name__}"
        for W, ids in _row_lookup_cases():
            before = W.copy()
            label = f"row_lookup(W, {_show(ids)}) with W of shape {W.shape}"
            out = np.asarray(call_answer(row_lookup, label, W, ids))
            expected = W[ids]
            assert np.array_equal(W, before), f"{label} changed W; it must only read it"
            assert out.shape == expected.shape, (
                f"{label} returned shape {out.shape}, expected {expected.shape}"
            )
            shifted = np.asarray(ids) + 1
            if out.shape == expected.shape and shifted.size and shifted.max() < W.shape[0]:
                if np.array_equal(out, W[shifted]) and not np.array_equal(out, expected):
                    raise AssertionError(
                        f"{label} returned rows {_show(shifted)}, one row too far down: "
                        "ids are 0-based, so id k is row k"
                    )
            assert np.array_equal(out, expected), f"{label} returned the wrong numbers"
            assert out.dtype == W.dtype, (
                f"{label} returned dtype {out.dtype}, expected W's dtype {W.dtype}"
            )
        W = _row_lookup_cases()[0][0]
        for bad in (np.array([0, 5]), np.array([[1], [-1]])):
            try:
                row_lookup(W, bad)
            except IndexError:
                continue
            except (NotImplementedError, NotDone):
                raise
            except Exception as exc:  # noqa: BLE001
                raise AssertionError(
                    f"row_lookup(W, {_show(bad)}) with V = 5 raised {type(exc).__name__}, "
                    "expected IndexError"
                ) from None
            raise AssertionError(
                f"row_lookup(W, {_show(bad)}) with V = 5 returned a result; it must raise "
                "IndexError, since only ids 0..4 exist"
            )

    return _ROW_LOOKUP.run(test)


# --------------------------------------------------------------------------
# bag_embed
# --------------------------------------------------------------------------
def _bag_cases() -> list[tuple[np.ndarray, list[Any]]]:
    rng = np.random.default_rng(202)
    W = rng.uniform(-1, 1, size=(6, 4))
    return [
        (W, [[0, 2], [5]]),
        (W, [[1, 1, 1], [3, 4, 3]]),             # repeated ids count
        (W, [[2]]),
        (W, [np.array([0, 5, 5]), np.array([1, 2, 3, 4])]),
        (W, [[], [4, 0]]),                        # an empty document
        (W, [[]]),
        (W, []),                                  # no documents
        (rng.uniform(-1, 1, size=(3, 2)).astype(np.float32), [[2, 2], [0, 1, 2]]),
    ]


def _bag_reference(W: np.ndarray, docs: list[Any]) -> np.ndarray:
    out = np.zeros((len(docs), W.shape[1]), dtype=np.float64)
    for i, doc in enumerate(docs):
        for k in doc:
            out[i] += W[k]
    return out


def check_bag_embed(bag_embed: Any) -> bool:
    """Check ``bag_embed(W, docs)``: the sum of the rows of each document's ids.

    ``docs`` is a list of documents, each a list (or 1-D array) of ids of any
    length, empty included. The answer must return an array of shape
    ``(len(docs), d)`` whose row ``i`` is the sum of ``W[k]`` over the ids
    ``k`` of document ``i``, counted with repetition, within ``1e-5``
    relative and absolute tolerance (the order of the additions may differ).

    Examples
    --------
    >>> check_bag_embed(...)
    Not done yet (ex01-bag-embed): fill in the cell above, then run this one again.
    False
    """

    def test() -> None:
        if is_stub(bag_embed):
            raise NotDone
        assert callable(bag_embed), f"bag_embed must be a function, got {type(bag_embed).__name__}"
        for W, docs in _bag_cases():
            label = f"bag_embed(W, {[_show(doc) for doc in docs]})".replace("'", "")
            out = np.asarray(call_answer(bag_embed, label, W, docs))
            expected = _bag_reference(W, docs)
            assert out.shape == expected.shape, (
                f"{label} returned shape {out.shape}, expected {expected.shape}"
            )
            if np.allclose(out, expected, rtol=1e-5, atol=1e-5):
                continue
            distinct = np.array([_bag_reference(W, [sorted(set(map(int, doc)))])[0]
                                 for doc in docs])
            if np.allclose(out, distinct, rtol=1e-5, atol=1e-5):
                raise AssertionError(f"{label} counts a repeated id only once")
            raise AssertionError(f"{label} returned the wrong numbers")

    return _BAG_EMBED.run(test)
