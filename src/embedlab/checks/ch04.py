"""Checks for the exercises of the chapter on training.

Each ``check_*`` function takes the reader's answer, compares it with what
:mod:`embedlab` computes on several cases (repeated ids, rows never looked
up, batches of any rank, padding, empty input) and reports through
:class:`embedlab.checks.Check`.

Examples
--------
>>> import numpy as np
>>> def table_grad(ids, grad_out, num_rows):
...     raise NotImplementedError
>>> check_table_grad(table_grad)
Not done yet (ex04-table-grad): fill in the cell above, then run this one again.
False
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import Check, NotDone, call_answer, is_stub, require_function

__all__ = [
    "MOVING_ROWS_TASK",
    "ZERO_INIT_TASK",
    "check_table_grad",
    "check_moving_rows",
    "check_zero_init",
    "check_mean_pool_backward",
    "moving_rows_quiz",
    "zero_init_quiz",
]

#: The setting of the "which rows move?" exercise, a table of ``V`` rows and
#: two training steps whose batches look up these ids.
MOVING_ROWS_TASK: dict[str, Any] = {
    "V": 8,
    "d": 3,
    "step1": [[2, 5, 5], [0, 2, 7]],
    "step2": [[1, 1, 4]],
}

#: The setting of the zeros-initialisation exercise. For each set-up, how the
#: table and the Dense layer after the mean are initialised.
ZERO_INIT_TASK: dict[str, tuple[str, str]] = {
    "zeros + zeros": ("zeros", "zeros"),
    "zeros + random": ("zeros", "glorot_uniform"),
    "random + zeros": ("uniform", "zeros"),
    "random + random": ("uniform", "glorot_uniform"),
}

TABLE_GRAD = Check(
    "ex04-table-grad",
    hint=(
        "start from np.zeros((num_rows, d)) and add grad_out at every position into the "
        "row that position looked up: np.add.at(dE, ids, grad_out) sums repeated ids, "
        "whereas dE[ids] += grad_out keeps only one of them; the result equals "
        "one_hot(ids).reshape(-1, V).T @ grad_out.reshape(-1, d)"
    ),
)
MOVING_ROWS = Check(
    "ex04-moving-rows",
    hint=(
        "a row has a non-zero gradient only if the step's batch looked it up; plain SGD "
        "moves exactly those rows, and so does RMSprop without momentum, which divides the "
        "current gradient by a memory of its size; Adam also moves every row whose running average "
        "of past gradients is not zero, i.e. every row looked up at any earlier step"
    ),
)
ZERO_INIT = Check(
    "ex04-zero-init",
    hint=(
        "each looked-up row of sentence b receives (1/n_b) dL/dh_b with dL/dh_b = (dL/dz_b) U^T, "
        "so the table's gradient is zero whenever the Dense weights U are zero; U's own "
        "gradient is h^T (dL/dz), which is "
        "zero whenever the pooled vectors h are zero, i.e. whenever the table is zero"
    ),
)
MEAN_POOL_BACKWARD = Check(
    "ex04-mean-pool-backward",
    hint=(
        "each real position of row b received weight 1/n_b in the mean, where n_b is the "
        "number of True entries in mask[b]; so its gradient is grad_pooled[b] / n_b, and a "
        "padding position gets 0 (divide by the count of real tokens, not by T)"
    ),
)


# --------------------------------------------------------------------------
# the gradient of the table
# --------------------------------------------------------------------------
def _table_grad_reference(ids: np.ndarray, grad_out: np.ndarray, num_rows: int) -> np.ndarray:
    d = grad_out.shape[-1]
    flat_ids = ids.reshape(-1)
    onehot = (flat_ids[:, None] == np.arange(num_rows)).astype(np.float64)
    return onehot.T @ grad_out.reshape(-1, d).astype(np.float64)


def _table_grad_cases() -> list[tuple[str, np.ndarray, np.ndarray, int]]:
    rng = np.random.default_rng(404)
    return [
        ("the formula chapter's ids [[4, 1, 3, 3, 3]]", np.array([[4, 1, 3, 3, 3]]),
         rng.normal(size=(1, 5, 2)), 5),
        ("one sequence without repeats", np.array([0, 2, 1]), rng.normal(size=(3, 4)), 6),
        ("one id looked up six times", np.array([3, 3, 3, 3, 3, 3]), rng.normal(size=(6, 2)), 4),
        ("a batch of shape (2, 3) with padding id 0", np.array([[0, 0, 5], [2, 5, 5]]),
         rng.normal(size=(2, 3, 3)), 7),
        ("ids of shape (2, 2, 2)", rng.integers(0, 3, size=(2, 2, 2)),
         rng.normal(size=(2, 2, 2, 1)), 3),
        ("a large table of which few rows are used", np.array([[9, 1], [1, 9]]),
         rng.normal(size=(2, 2, 5)), 50),
        ("no ids at all", np.zeros((0,), dtype=np.int64), np.zeros((0, 3)), 4),
    ]


def check_table_grad(table_grad: Any) -> bool:
    """Check ``table_grad(ids, grad_out, num_rows)``: the gradient of an embedding table.

    ``ids`` has any shape, ``grad_out`` has shape ``(*ids.shape, d)`` (the
    gradient of the loss with respect to the looked-up vectors) and the
    answer must return the ``(num_rows, d)`` gradient of the table: zero in
    every row not looked up, and the sum of all its positions' gradients in
    every row that was (to 1e-10).
    """
    cases = _table_grad_cases()

    def test() -> None:
        fn = require_function(table_grad, "table_grad")
        for what, ids, g, V in cases:
            got = call_answer(fn, "table_grad", ids.copy(), g.copy(), V)
            want = _table_grad_reference(ids, g, V)
            arr = np.asarray(got)
            if arr.shape != want.shape:
                raise AssertionError(
                    f"for {what}, table_grad returned shape {arr.shape}; the table's gradient "
                    f"has the table's shape (num_rows, d) = {want.shape}"
                )
            if arr.dtype.kind not in "iuf":
                raise AssertionError(f"for {what}, table_grad returned dtype {arr.dtype}, not numbers")
            if np.allclose(arr, want, rtol=1e-10, atol=1e-10):
                continue
            buffered = np.zeros_like(want)
            buffered[ids] += g
            if np.allclose(arr, buffered, rtol=1e-10, atol=1e-10):
                counts = np.bincount(ids.reshape(-1), minlength=V)
                row = int(np.argmax(counts))
                raise AssertionError(
                    f"for {what}, row {row} was looked up {counts[row]} times but received only "
                    "one contribution: fancy-index += writes each row once"
                )
            unused = np.setdiff1d(np.arange(V), ids.reshape(-1))
            if unused.size and np.any(arr[unused] != 0):
                raise AssertionError(
                    f"for {what}, rows {unused.tolist()} were never looked up, so their "
                    "gradient must be exactly 0"
                )
            raise AssertionError(f"for {what}, the gradient differs from the expected one")

    return TABLE_GRAD.run(test, success="Repeated ids add up; unused rows stay at zero.")


# --------------------------------------------------------------------------
# which rows move
# --------------------------------------------------------------------------
def _moving_rows_truth() -> dict[str, set[int]]:
    from ..embedding import Embedding
    from ..optim import SGD, Adam, RMSprop

    V, d = MOVING_ROWS_TASK["V"], MOVING_ROWS_TASK["d"]
    steps = [np.array(MOVING_ROWS_TASK["step1"]), np.array(MOVING_ROWS_TASK["step2"])]
    rng = np.random.default_rng(4)
    grads = [rng.normal(size=s.shape + (d,)) for s in steps]
    truth: dict[str, set[int]] = {}
    makers = (("sgd", lambda e: SGD(e, lr=0.1)), ("rmsprop", lambda e: RMSprop(e, lr=0.01)),
              ("adam", lambda e: Adam(e, lr=0.01)))
    for name, make in makers:
        emb = Embedding(V, d, seed=0, dtype=np.float64)
        opt = make(emb)
        for step, (ids, g) in enumerate(zip(steps, grads), start=1):
            before = emb.weight.copy()
            emb(ids)
            emb.backward(g)
            opt.step()
            opt.zero_grad()
            truth[f"{name}_step{step}"] = set(
                np.flatnonzero(np.any(emb.weight != before, axis=1)).tolist()
            )
    return truth


def check_moving_rows(prediction: Any) -> bool:
    """Check the predicted sets of rows that change in :data:`MOVING_ROWS_TASK`.

    ``prediction`` is a dict with keys ``"sgd_step1"``, ``"sgd_step2"``,
    ``"rmsprop_step2"`` and ``"adam_step2"``, each a set (or list) of row ids
    that change at that step. The truth is computed by running the two steps
    with :class:`~embedlab.optim.SGD`, :class:`~embedlab.optim.RMSprop`
    (without momentum) and :class:`~embedlab.optim.Adam`.

    Examples
    --------
    >>> check_moving_rows({"sgd_step1": ..., "sgd_step2": ..., "rmsprop_step2": ...,
    ...                    "adam_step2": ...})
    Not done yet (ex04-moving-rows): fill in the cell above, then run this one again.
    False
    """
    keys = ("sgd_step1", "sgd_step2", "rmsprop_step2", "adam_step2")

    def test() -> None:
        if is_stub(prediction):
            raise NotDone
        assert isinstance(prediction, dict), (
            f"prediction must be a dict with keys {list(keys)}, got {type(prediction).__name__}"
        )
        missing = set(keys) - set(prediction)
        assert not missing, f"prediction is missing the keys {sorted(missing)}"
        if any(is_stub(prediction[k]) for k in keys):
            raise NotDone
        truth = _moving_rows_truth()
        for key in keys:
            value = prediction[key]
            try:
                rows = {int(r) for r in value}
            except (TypeError, ValueError):
                raise AssertionError(f"{key} must be a set of row ids, got {value!r}") from None
            want = truth[key]
            if rows != want:
                extra, lacking = sorted(rows - want), sorted(want - rows)
                parts = []
                if extra:
                    parts.append(f"rows {extra} do not change")
                if lacking:
                    parts.append(f"rows {lacking} change too")
                raise AssertionError(f"{key}: " + " and ".join(parts))

    return MOVING_ROWS.run(test, success="SGD and RMSprop move only the rows of the batch; Adam remembers.")


# --------------------------------------------------------------------------
# zeros initialisation
# --------------------------------------------------------------------------
def _zero_init_truth() -> dict[str, tuple[bool, bool]]:
    from ..optim import SGD
    from ..classifiers import MeanPoolClassifier
    from ..losses import softmax_cross_entropy

    ids = np.array([[1, 2, 3], [4, 2, 5], [1, 5, 5], [3, 4, 0]])
    labels = np.array([1, 0, 1, 0])
    truth = {}
    for name, (table_init, dense_init) in ZERO_INIT_TASK.items():
        model = MeanPoolClassifier(6, 3, 2, seed=0, embeddings_initializer=table_init,
                                   dense_initializer=dense_init, dtype=np.float64)
        start = model.embedding.weight.copy()
        opt = SGD(model.layers, lr=0.5)
        first_zero = None
        for _ in range(5):
            _, g = softmax_cross_entropy(model.forward(ids), labels)
            model.backward(g)
            if first_zero is None:
                first_zero = bool(np.all(model.embedding.grad == 0))
            opt.step()
            opt.zero_grad()
        truth[name] = (first_zero, bool(np.any(model.embedding.weight != start)))
    return truth


def check_zero_init(prediction: Any) -> bool:
    """Check the predictions for the four set-ups of :data:`ZERO_INIT_TASK`.

    ``prediction`` maps each set-up name to a pair of booleans:
    ``(first_gradient_is_zero, table_changes_within_5_steps)``. The truth
    is computed by training a :class:`~embedlab.classifiers.MeanPoolClassifier`
    with plain SGD for 5 steps.

    Examples
    --------
    >>> check_zero_init({name: (..., ...) for name in ZERO_INIT_TASK})
    Not done yet (ex04-zero-init): fill in the cell above, then run this one again.
    False
    """

    def test() -> None:
        if is_stub(prediction):
            raise NotDone
        assert isinstance(prediction, dict), (
            f"prediction must be a dict with keys {list(ZERO_INIT_TASK)}, got {type(prediction).__name__}"
        )
        missing = set(ZERO_INIT_TASK) - set(prediction)
        assert not missing, f"prediction is missing the set-ups {sorted(missing)}"
        for name in ZERO_INIT_TASK:
            value = prediction[name]
            if is_stub(value) or (isinstance(value, tuple) and any(is_stub(v) for v in value)):
                raise NotDone
        truth = _zero_init_truth()
        for name in ZERO_INIT_TASK:
            value = prediction[name]
            if not (isinstance(value, (tuple, list)) and len(value) == 2
                    and all(isinstance(v, (bool, np.bool_)) for v in value)):
                raise AssertionError(
                    f"prediction[{name!r}] must be a pair of True/False, got {value!r}"
                )
            first, moves = truth[name]
            if bool(value[0]) != first:
                raise AssertionError(
                    f"{name}: the table's first gradient is {'exactly zero' if first else 'not zero'}"
                )
            if bool(value[1]) != moves:
                raise AssertionError(
                    f"{name}: the table {'does change' if moves else 'never changes'} within 5 steps"
                )

    return ZERO_INIT.run(test, success="Only an all-zero start is stuck for good.")


# --------------------------------------------------------------------------
# backward of the masked mean
# --------------------------------------------------------------------------
def _mean_pool_cases() -> list[tuple[str, np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(44)
    return [
        ("no padding", rng.normal(size=(2, 3)), np.ones((2, 4), dtype=bool)),
        ("padding at the front", rng.normal(size=(3, 2)),
         np.array([[False, False, True, True], [True, True, True, True],
                   [False, False, False, True]])),
        ("padding at the back", rng.normal(size=(2, 1)),
         np.array([[True, True, False], [True, False, False]])),
        ("one sentence of one token", rng.normal(size=(1, 5)), np.array([[True]])),
        ("a row that is all padding", rng.normal(size=(2, 2)),
         np.array([[False, False, False], [True, False, True]])),
        ("float32 gradients", rng.normal(size=(2, 3)).astype(np.float32),
         np.array([[True, True, True, False, False], [True, False, False, False, False]])),
    ]


def check_mean_pool_backward(mean_pool_backward: Any) -> bool:
    """Check ``mean_pool_backward(grad_pooled, mask)`` for the masked mean over time.

    ``grad_pooled`` has shape ``(B, d)`` and ``mask`` shape ``(B, T)``
    (True marks a real token). The answer must return the ``(B, T, d)``
    gradient with respect to the vectors that were averaged: for a real
    position, ``grad_pooled[b] / n_b`` with ``n_b`` real tokens in row ``b``;
    zero at padding, and zero in a row with no real token.
    """
    cases = _mean_pool_cases()

    def test() -> None:
        fn = require_function(mean_pool_backward, "mean_pool_backward")
        for what, g, mask in cases:
            got = np.asarray(call_answer(fn, "mean_pool_backward", g.copy(), mask.copy()))
            counts = np.maximum(mask.sum(axis=1, keepdims=True), 1)
            want = (mask / counts)[:, :, None] * g[:, None, :]
            if got.shape != want.shape:
                raise AssertionError(
                    f"for {what}, the result has shape {got.shape}; expected (B, T, d) = {want.shape}"
                )
            if not np.all(np.isfinite(got)):
                raise AssertionError(
                    f"for {what}, the result contains NaN or infinity; a row without real "
                    "tokens must get zeros, not a division by 0"
                )
            tol = 1e-6 if g.dtype == np.float32 else 1e-12
            if np.allclose(got, want, rtol=tol, atol=tol):
                continue
            if np.any(got[~mask] != 0):
                raise AssertionError(f"for {what}, padding positions must get exactly zero gradient")
            by_T = mask[:, :, None] * g[:, None, :] / mask.shape[1]
            if np.allclose(got, by_T, rtol=tol, atol=tol):
                raise AssertionError(
                    f"for {what}, you divided by T = {mask.shape[1]}; the mean divides by the "
                    "number of real tokens in each row"
                )
            raise AssertionError(f"for {what}, the gradient differs from the expected one")

    return MEAN_POOL_BACKWARD.run(test, success="Each real token gets an equal share.")


# --------------------------------------------------------------------------
# quizzes: instant feedback in the page, answers computed here
# --------------------------------------------------------------------------
def moving_rows_quiz() -> Any:
    """The "which rows move?" exercise (:data:`MOVING_ROWS_TASK`) as a quiz, answers from running it.

    Examples
    --------
    >>> [q["options"][q["correct"]] for q in moving_rows_quiz().questions]
    ['{1, 4}', '{0, 1, 2, 4, 5, 7}']
    """
    from ..figures.live import choice, quiz

    truth = _moving_rows_truth()
    step1 = set(np.ravel(MOVING_ROWS_TASK["step1"]).tolist())
    step2 = set(np.ravel(MOVING_ROWS_TASK["step2"]).tolist())

    def show(rows: set[int]) -> str:
        return "{" + ", ".join(map(str, sorted(rows))) + "}"

    def options(right: set[int]) -> list[str]:
        out = [show(right)]
        for other in (step2, step1 | step2, step1, set(range(MOVING_ROWS_TASK["V"]))):
            if show(other) not in out:
                out.append(show(other))
        return out

    return quiz(
        choice(f"Step 1 looks up {MOVING_ROWS_TASK['step1']}, step 2 looks up {MOVING_ROWS_TASK['step2']}. "
               "Which rows does RMSprop (no momentum) change at step 2?", options(truth["rmsprop_step2"]), 0,
               why="RMSprop divides the current gradient by a memory of its size: rows with no "
                   "gradient now do not move."),
        choice("Which rows does Adam change at step 2?", options(truth["adam_step2"]), 0,
               why="Adam's running mean m still holds the step-1 gradient of the rows looked up "
                   "then, so they move again."),
    )


def zero_init_quiz() -> Any:
    """The "which zeros are fatal?" exercise (:data:`ZERO_INIT_TASK`) as a quiz, answers from training.

    Examples
    --------
    >>> len(zero_init_quiz().questions)
    2
    """
    from ..figures.live import choice, quiz

    truth = _zero_init_truth()
    labels = {(True, False): "the first gradient of the table is zero, and the table never moves",
              (True, True): "the first gradient of the table is zero, but the table moves later",
              (False, True): "the table gets a gradient at once and moves",
              (False, False): "the table gets a gradient but does not move"}
    options = list(labels.values())
    why = {"zeros + zeros": "With U = 0 the table gets no gradient, and with E = 0 the gradient of U "
                            "is 0 too (the mean is 0): nothing ever moves but the bias.",
           "zeros + random": "A random U sends a gradient back to every row that was looked up."}
    return quiz(*(choice(f"Table {name.split(' + ')[0]}, Dense layer {name.split(' + ')[1]}, 5 SGD "
                         "steps: what happens?", options, options.index(labels[truth[name]]), why=why[name])
                  for name in ("zeros + zeros", "zeros + random")))
