"""Checks for the exercises of the chapter "One-hot vectors and the lookup".

* :func:`check_prediction`: the predict-then-check exercise (shape of ``Y``,
  which rows of ``W`` come out, how many products are multiplications by 0);
* :func:`check_row_lookup`: ``row_lookup(W, ids)`` computed as a one-hot
  product, for ids of any shape, refusing ids outside ``0 .. V - 1``;
* :func:`check_bag_embed`: ``bag_embed(W, docs)``, the sum of the rows of the
  ids in each document (a multi-hot or count vector times ``W``);
* :func:`check_step_cost`: ``step_cost(ids, V, d, route)``, the operations of
  one SGD step (forward, backward, update) by the cost model, for the one-hot
  product with a dense update and the lookup with a lazy one;
* :func:`check_expected_rows`: ``expected_rows(p, n)``, the expected number
  of distinct ids among ``n`` independent draws with probabilities ``p``.

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

from . import Check, NotDone, call_answer, is_stub, require_function

__all__ = [
    "PREDICTION_TASK",
    "check_prediction",
    "check_row_lookup",
    "check_bag_embed",
    "check_step_cost",
    "check_expected_rows",
    "prediction_quiz",
    "cost_quiz",
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

_STEP_COST = Check(
    "ex01-step-cost",
    hint=(
        "count n = np.size(ids) tokens (a (B, T) batch has B * T); the product route "
        "costs n V d forward, n V d backward and V d for the dense update; the lookup "
        "route costs 0 forward, n d for the scatter-add and rows * d for the lazy "
        "update, where rows is the number of distinct ids; any other route raises "
        "ValueError."
    ),
)
_EXPECTED_ROWS = Check(
    "ex01-expected-rows",
    hint=(
        "id v is missing from all n draws with probability (1 - p[v]) ** n, so it "
        "occurs with probability 1 - (1 - p[v]) ** n; by linearity of expectation the "
        "expected number of distinct ids is the sum of these over v."
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


# --------------------------------------------------------------------------
# step_cost
# --------------------------------------------------------------------------
def _step_cost_reference(ids: Any, V: int, d: int, route: str) -> int:
    n = int(np.size(ids))
    if route == "product":
        return 2 * n * V * d + V * d
    rows = len(np.unique(np.asarray(ids)))
    return n * d + rows * d


def _step_cost_cases() -> list[tuple[Any, int, int]]:
    rng = np.random.default_rng(303)
    return [
        (np.array([1, 2]), 3, 5),                    # the worked example
        (np.array([4, 0, 4, 4]), 5, 3),              # a repeated id
        (np.array([[1, 2, 2], [0, 1, 0]]), 6, 4),    # a batch (B, T)
        (np.array([], dtype=np.int64), 4, 2),        # no ids: the dense update still runs
        (np.array([0, 0, 0]), 1, 7),                 # V = 1
        (3, 10, 2),                                  # a single id
        (rng.integers(0, 50_000, size=256), 50_000, 64),   # the measurement's batch
    ]


def check_step_cost(step_cost: Any) -> bool:
    """Check ``step_cost(ids, V, d, route)``: the operations of one SGD step.

    For ``route="product"`` the answer must return ``2 n V d + V d`` (the
    one-hot product forward and backward, and a dense update of every entry);
    for ``route="lookup"`` it must return ``n d + rows d`` (no arithmetic
    forward, a scatter-add, and a lazy update of the ``rows`` distinct ids),
    where ``n`` is the number of ids, of a batch of any shape. Any other
    ``route`` must raise :class:`ValueError`.

    Examples
    --------
    >>> def step_cost(ids, V, d, route):
    ...     raise NotImplementedError
    >>> check_step_cost(step_cost)
    Not done yet (ex01-step-cost): fill in the cell above, then run this one again.
    False
    """

    def test() -> None:
        fn = require_function(step_cost, "step_cost")
        for ids, V, d in _step_cost_cases():
            n = int(np.size(ids))
            rows = len(np.unique(np.asarray(ids)))
            for route in ("product", "lookup"):
                label = f"step_cost({_show(ids) if n <= 6 else f'<{n} ids>'}, V={V}, d={d}, {route!r})"
                got = call_answer(fn, label, ids, V, d, route)
                want = _step_cost_reference(ids, V, d, route)
                try:
                    value = float(got)  # type: ignore[arg-type]
                except (TypeError, ValueError):
                    raise AssertionError(f"{label} returned {got!r}, not a number") from None
                if value == want:
                    continue
                if route == "product" and value == n * V * d + V * d:
                    raise AssertionError(
                        f"{label} returned {got}, which leaves out the backward pass O^T dY: "
                        "it costs as much as the forward pass"
                    )
                if route == "product" and value == 2 * n * V * d:
                    raise AssertionError(f"{label} returned {got}, which leaves out the dense update")
                if route == "lookup" and value == 2 * n * d and rows != n:
                    raise AssertionError(
                        f"{label} returned {got}, which updates a repeated id's row once per "
                        "occurrence; a lazy update rewrites each distinct row once"
                    )
                short = len(ids) if np.ndim(ids) > 1 else n    # the rows of a batch, not its ids
                if short != n and value in (2 * short * V * d + V * d, short * d + rows * d):
                    raise AssertionError(
                        f"{label} returned {got}, counting len(ids) = {short} tokens; a batch of "
                        f"shape {np.shape(ids)} has {n}"
                    )
                raise AssertionError(f"{label} returned {got}, expected {want}")
        try:
            fn(np.array([1, 2]), 3, 5, "sparse")
        except ValueError:
            return
        except (NotImplementedError, NotDone):
            raise
        except Exception as exc:  # noqa: BLE001
            raise AssertionError(
                f"step_cost(ids, 3, 5, 'sparse') raised {type(exc).__name__}, expected ValueError"
            ) from None
        raise AssertionError("step_cost(ids, 3, 5, 'sparse') returned a result; it must raise ValueError")

    return _STEP_COST.run(test, success="The update, not the lookup, grows with V.")


# --------------------------------------------------------------------------
# expected_rows
# --------------------------------------------------------------------------
def _expected_rows_cases() -> list[tuple[np.ndarray, int]]:
    zipf = 1 / np.arange(1, 1001)
    return [
        (np.full(4, 0.25), 2),                 # 4 (1 - (3/4)^2) = 1.75
        (np.full(4, 0.25), 0),                 # no draws, no ids
        (np.full(4, 0.25), 1),                 # one draw, one id
        (np.array([1.0, 0.0, 0.0]), 5),        # always the same id
        (np.array([0.5, 0.5]), 3),
        (zipf / zipf.sum(), 100),
        (np.full(50_000, 1 / 50_000), 256),    # the measurement's batch
        (np.full(1_000_000, 1e-6), 10),        # tiny probabilities
    ]


def _expected_rows_reference(p: np.ndarray, n: int) -> float:
    if n == 0:
        return 0.0
    with np.errstate(divide="ignore"):          # log1p(-1) = -inf: an id that is always drawn
        return float(np.sum(-np.expm1(n * np.log1p(-p))))


def check_expected_rows(expected_rows: Any) -> bool:
    """Check ``expected_rows(p, n)``: the expected number of distinct ids.

    ``n`` ids are drawn independently, id ``v`` with probability ``p[v]``;
    the answer must return ``sum(1 - (1 - p) ** n)`` within a relative
    tolerance of ``1e-9``, for ``n = 0`` too, without modifying ``p``.

    Examples
    --------
    >>> import numpy as np
    >>> check_expected_rows(lambda p, n: float(np.sum(1 - (1 - np.asarray(p)) ** n)))
    Correct! (ex01-expected-rows) Repeats cost nothing in a lazy update.
    True
    """

    def test() -> None:
        fn = require_function(expected_rows, "expected_rows")
        for p, n in _expected_rows_cases():
            before = p.copy()
            label = f"expected_rows(p, {n}) with {p.size} ids"
            got = call_answer(fn, label, p, n)
            assert np.array_equal(p, before), f"{label} changed p; it must only read it"
            try:
                value = float(got)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise AssertionError(f"{label} returned {got!r}, not a number") from None
            want = _expected_rows_reference(p, n)
            if np.isclose(value, want, rtol=1e-9, atol=1e-12):
                continue
            if n > 1 and np.isclose(value, min(n, int(np.count_nonzero(p)))):
                raise AssertionError(
                    f"{label} returned {value:.6g}, as if no id could be drawn twice; "
                    f"expected {want:.6g}"
                )
            raise AssertionError(f"{label} returned {value:.6g}, expected {want:.6g}")

    return _EXPECTED_ROWS.run(test, success="Repeats cost nothing in a lazy update.")


# --------------------------------------------------------------------------
# quizzes: instant feedback in the page, answers computed here
# --------------------------------------------------------------------------
def prediction_quiz() -> Any:
    """The predict-then-check exercise (:data:`PREDICTION_TASK`) as a quiz with instant feedback.

    The answers are computed from ``one_hot`` and a table of the task's shape.

    Examples
    --------
    >>> [q["kind"] for q in prediction_quiz().questions]
    ['choice', 'number', 'choice']
    """
    from ..figures.live import choice, number, quiz
    from ..onehot import one_hot

    ids, V, d = PREDICTION_TASK["ids"], PREDICTION_TASK["V"], PREDICTION_TASK["d"]
    O = one_hot(ids, V, dtype=np.float64)
    W = np.arange(1.0, V * d + 1).reshape(V, d)  # distinct entries: each row recognisable
    Y = O @ W
    shapes = [str(Y.shape), str(O.shape), str(W.shape), str((1, d))]
    row = [int(np.flatnonzero(np.all(W == Y[2], axis=1))[0])]
    return quiz(
        choice(f"W has shape {W.shape} and ids = {ids}. What is the shape of one_hot(ids, {V}) @ W?",
               shapes, 0, why=f"One row per id, one column per column of W: {Y.shape}.",
               feedback={1: "That is the one-hot matrix O itself: one row per id, V columns.",
                         2: "That is W; the product has one row per id."}),
        number(f"How many of the scalar multiplications inside one_hot({ids}, {V}) @ W multiply by 0?",
               int((O == 0).sum()) * d, tolerance=0,
               why=f"Each of the {Y.size} output numbers sums {V} products, and all but one have a 0 "
                   "from the one-hot row.",
               low="Count every product: each output number sums V of them.",
               high=f"The product does {O.shape[0] * V * d} multiplications in all; one per output "
                    "number has a nonzero factor."),
        choice(f"Row 2 of Y equals which row of W?", [f"row {i}" for i in range(V)], row[0],
               why=f"Id {ids[2]} selects row {ids[2]}: ids count rows from 0."),
    )


def cost_quiz() -> Any:
    """Concept checks on the cost of the one-hot product, answers computed from the sizes.

    Examples
    --------
    >>> len(cost_quiz().questions)
    2
    """
    from ..figures.live import number, quiz

    tokens, V = 32 * 512, 250_000
    gigabytes = tokens * V * np.dtype(np.float32).itemsize / 1e9
    share = 1 - 1 / 50_000
    return quiz(
        number(f"A batch of 32 x 512 tokens at V = {V:,}: how many GB does it take as a float32 "
               "one-hot matrix? (to 1 decimal)", round(gigabytes, 1), tolerance=0.051,
               why=f"{tokens:,} rows x {V:,} columns x 4 bytes = {gigabytes:.1f} GB.",
               low="Count 4 bytes for each of the B x T x V entries.",
               high="Each entry is one float32, 4 bytes; 1 GB is 10^9 bytes."),
        number("At V = 50,000, what fraction of the dense product's multiply-adds are on zeros? "
               "(to 5 decimals)", round(share, 5), tolerance=0.000005,
               why="All but 1 in V: 1 - 1/50,000 = 0.99998.",
               low="Only one of the V entries of a one-hot row is nonzero."),
    )
