"""Word analogies: "a is to b as c is to ?" answered with the rows of a table.

Given the vectors of three words a, b and c, an analogy asks for the word d
that stands to c as b stands to a (``man : king :: woman : ?``). Two rules
score every row d of the table by cosine similarities (Levy and Goldberg,
2014):

3CosAdd (Mikolov, Yih and Zweig, 2013)
    ``cos(d, b) - cos(d, a) + cos(d, c)``: the row closest in angle to
    ``b - a + c`` when all rows have length 1.
3CosMul (Levy and Goldberg, 2014)
    ``cos'(d, b) * cos'(d, c) / (cos'(d, a) + eps)``, with every cosine
    shifted to ``cos' = (cos + 1) / 2`` in ``[0, 1]`` and ``eps = 1e-3``, so
    that one large similarity cannot outweigh the other two.

By convention the three input words are not allowed as the answer
(``exclude_inputs=True``). Without that rule the best row is usually one of
them, most often b or c (Linzen, 2016): :func:`analogy_answers` with
``exclude_inputs=False`` measures how often.

:func:`analogy` answers one question; :func:`analogy_answers` and
:func:`analogy_accuracy` answer many at once, given as an integer array of
shape ``(k, 4)`` whose rows are ``(a, b, c, expected d)``.

References
----------
Mikolov, T., Yih, W. and Zweig, G. (2013). Linguistic regularities in
continuous space word representations. *NAACL-HLT 2013*, 746-751.

Levy, O. and Goldberg, Y. (2014). Linguistic regularities in sparse and
explicit word representations. *CoNLL 2014*, 171-180.

Linzen, T. (2016). Issues in evaluating semantic spaces using word
analogies. *Proceedings of the 1st Workshop on Evaluating Vector-Space
Representations for NLP*, 13-18.

Examples
--------
Rows 0-3 are "man", "king", "woman", "queen": king - man = queen - woman.

>>> E = np.array([[1.0, 0, 0], [1, 1, 0], [0, 0, 1], [0, 1, 1], [1, -1, 0]])
>>> analogy(E, 0, 1, 2).tolist()      # man : king :: woman : queen
[3]
>>> analogy_accuracy(E, [[0, 1, 2, 3], [0, 1, 2, 4]])
0.5
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validation import check_bool, check_choice, check_ids, check_int_in_range, check_matrix

__all__ = [
    "ANALOGY_METHODS",
    "analogy",
    "analogy_answers",
    "analogy_accuracy",
]

#: The scoring rules :func:`analogy` accepts.
ANALOGY_METHODS: tuple[str, ...] = ("3cosadd", "3cosmul")

#: 3CosMul's epsilon, as in Levy and Goldberg (2014).
_EPS = 1e-3

#: Questions scored per block in :func:`analogy_answers` (bounds the memory).
_BLOCK = 1024


def _unit_rows(vectors: Any) -> np.ndarray:
    arr = check_matrix(vectors, "vectors", axes="(V, d)")
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    return np.divide(arr, norms, out=np.zeros_like(arr), where=norms > 0)


def _check_questions(questions: Any, V: int) -> np.ndarray:
    arr = check_ids(questions, V, "questions", "the number of rows of vectors")
    if arr.ndim != 2 or arr.shape[1] != 4 or arr.shape[0] == 0:
        raise ValueError(
            "questions must be an integer array of shape (k, 4), one row (a, b, c, expected d) "
            f"per question with k >= 1, got shape {arr.shape}"
        )
    return arr.astype(np.intp, copy=False)


def _scores(unit: np.ndarray, abc: np.ndarray, method: str, exclude_inputs: bool) -> np.ndarray:
    """Scores of every row (columns) for each question (rows of ``abc``, shape (k, 3))."""
    k = abc.shape[0]
    cosines = unit[abc.T.ravel()] @ unit.T                 # (3k, V): one product for a, b, c
    cos_a, cos_b, cos_c = cosines[:k], cosines[k:2 * k], cosines[2 * k:]
    if method == "3cosadd":
        scores = cos_b - cos_a + cos_c
    else:
        shift_a, shift_b, shift_c = ((x + 1.0) / 2.0 for x in (cos_a, cos_b, cos_c))
        scores = shift_b * shift_c / (shift_a + _EPS)
    if exclude_inputs:
        rows = np.arange(abc.shape[0])[:, None]
        scores[rows, abc] = -np.inf
    return scores


def _options(method: Any, exclude_inputs: Any) -> tuple[str, bool]:
    method = check_choice(method, "method", ANALOGY_METHODS)
    return method, check_bool(exclude_inputs, "exclude_inputs")


def analogy(
    vectors: Any,
    a: int,
    b: int,
    c: int,
    *,
    method: str = "3cosadd",
    exclude_inputs: bool = True,
    n: int = 1,
) -> np.ndarray:
    """The ``n`` best answers d to "a is to b as c is to d".

    Parameters
    ----------
    vectors : array-like, shape (V, d)
        The table; its rows are the candidate answers. A row of zeros has
        cosine 0 with every row.
    a, b, c : int
        Row ids in ``0 .. V-1``.
    method : {"3cosadd", "3cosmul"}, default "3cosadd"
        The scoring rule (see the module docstring).
    exclude_inputs : bool, default True
        Refuse ``a``, ``b`` and ``c`` as answers, as analogy benchmarks do.
    n : int, default 1
        How many answers, ``1 .. V`` (``1 .. V - k`` when ``k`` distinct
        inputs are excluded).

    Returns
    -------
    numpy.ndarray of int, shape (n,)
        Row ids, best first; ties go to the lower id.

    Raises
    ------
    IndexError
        If ``a``, ``b`` or ``c`` is outside ``0 .. V-1``.
    TypeError, ValueError
        If ``vectors`` is not a finite 2-D numeric array, ``method`` is not
        one of :data:`ANALOGY_METHODS` or ``n`` is out of range.

    Examples
    --------
    >>> E = np.array([[1.0, 0, 0], [1, 1, 0], [0, 0, 1], [0, 1, 1], [1, -1, 0]])
    >>> analogy(E, 0, 1, 2, n=2).tolist()   # inputs 0, 1, 2 excluded
    [3, 4]
    >>> analogy(E, 0, 4, 2, exclude_inputs=False).tolist()   # the input c wins
    [2]
    >>> analogy(E, 0, 1, 7)
    Traceback (most recent call last):
    ...
    IndexError: c must be a row id in 0..4 (the table has 5 rows), got 7
    """
    unit = _unit_rows(vectors)
    V = unit.shape[0]
    method, exclude_inputs = _options(method, exclude_inputs)
    ids = []
    for name, value in (("a", a), ("b", b), ("c", c)):
        arr = np.asarray(value)
        if arr.ndim != 0 or arr.dtype.kind not in "iu" or isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{name} must be one integer row id, got {value!r}")
        if not 0 <= int(arr) < V:
            raise IndexError(f"{name} must be a row id in 0..{V - 1} (the table has {V} rows), "
                             f"got {int(arr)}")
        ids.append(int(arr))
    allowed = V - len(set(ids)) if exclude_inputs else V
    if allowed < 1:
        raise ValueError(f"vectors has {V} rows, all of them inputs: there is no answer to give")
    n = check_int_in_range(n, "n", 1, allowed, f" (the table has {V} rows"
                           + (f", {V - allowed} of them excluded inputs)" if exclude_inputs else ")"))
    scores = _scores(unit, np.array([ids]), method, exclude_inputs)[0]
    return np.argsort(-scores, kind="stable")[:n].astype(np.intp)


def analogy_answers(
    vectors: Any, questions: Any, *, method: str = "3cosadd", exclude_inputs: bool = True
) -> np.ndarray:
    """The best answer d to each question (a, b, c, ...), all questions at once.

    Parameters
    ----------
    vectors : array-like, shape (V, d)
    questions : array-like of int, shape (k, 4)
        One row ``(a, b, c, expected d)`` per question; the fourth column
        is not used here (it is there so the same array serves
        :func:`analogy_accuracy`).
    method : {"3cosadd", "3cosmul"}, default "3cosadd"
    exclude_inputs : bool, default True

    Returns
    -------
    numpy.ndarray of int, shape (k,)
        The top-scoring row for each question, as :func:`analogy` with
        ``n=1`` would give it.

    Raises
    ------
    IndexError
        If a question holds an id outside ``0 .. V-1``.
    TypeError, ValueError
        If ``questions`` is not an integer array of shape ``(k, 4)``, or
        for a bad ``vectors`` or ``method``.

    Examples
    --------
    >>> E = np.array([[1.0, 0, 0], [1, 1, 0], [0, 0, 1], [0, 1, 1], [1, -1, 0]])
    >>> q = [[0, 1, 2, 3], [0, 4, 2, 3]]
    >>> analogy_answers(E, q).tolist()
    [3, 3]
    >>> analogy_answers(E, q, exclude_inputs=False).tolist()  # c wins the second
    [3, 2]
    """
    unit = _unit_rows(vectors)
    method, exclude_inputs = _options(method, exclude_inputs)
    q = _check_questions(questions, unit.shape[0])
    if exclude_inputs and unit.shape[0] < 4:
        raise ValueError(f"vectors must have at least 4 rows to leave an answer, got {unit.shape[0]}")
    out = np.empty(q.shape[0], dtype=np.intp)
    for start in range(0, q.shape[0], _BLOCK):
        block = q[start:start + _BLOCK, :3]
        out[start:start + _BLOCK] = np.argmax(_scores(unit, block, method, exclude_inputs), axis=1)
    return out


def analogy_accuracy(
    vectors: Any, questions: Any, *, method: str = "3cosadd", exclude_inputs: bool = True
) -> float:
    """Share of questions (a, b, c, d) whose best answer is the expected d.

    Parameters
    ----------
    vectors : array-like, shape (V, d)
    questions : array-like of int, shape (k, 4)
        One row ``(a, b, c, expected d)`` per question.
    method : {"3cosadd", "3cosmul"}, default "3cosadd"
    exclude_inputs : bool, default True

    Returns
    -------
    float
        In ``[0, 1]``.

    Raises
    ------
    IndexError, TypeError, ValueError
        As :func:`analogy_answers`.

    Examples
    --------
    >>> E = np.array([[1.0, 0, 0], [1, 1, 0], [0, 0, 1], [0, 1, 1], [1, -1, 0]])
    >>> analogy_accuracy(E, [[0, 1, 2, 3], [2, 3, 0, 1], [1, 0, 3, 2]], method="3cosmul")
    1.0
    """
    answers = analogy_answers(vectors, questions, method=method, exclude_inputs=exclude_inputs)
    q = np.asarray(questions)
    return float(np.mean(answers == q[:, 3]))
