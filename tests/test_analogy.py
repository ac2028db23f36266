"""3CosAdd and 3CosMul against a direct computation, the exclusion rule, and bad input."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab.analogy import ANALOGY_METHODS, analogy, analogy_accuracy, analogy_answers

# man, king, woman, queen, and a fifth word; king - man = queen - woman
E = np.array([[1.0, 0, 0], [1, 1, 0], [0, 0, 1], [0, 1, 1], [1, -1, 0]])


def reference_scores(vectors, a, b, c, method):
    """Score every row one at a time, straight from the formulas."""
    def cos(u, v):
        nu, nv = np.linalg.norm(u), np.linalg.norm(v)
        return 0.0 if nu == 0 or nv == 0 else float(u @ v / (nu * nv))

    out = []
    for d in vectors:
        ca, cb, cc = cos(d, vectors[a]), cos(d, vectors[b]), cos(d, vectors[c])
        if method == "3cosadd":
            out.append(cb - ca + cc)
        else:
            out.append((cb + 1) / 2 * (cc + 1) / 2 / ((ca + 1) / 2 + 1e-3))
    return np.array(out)


@pytest.mark.parametrize("method", ANALOGY_METHODS)
@pytest.mark.parametrize("exclude", [True, False])
def test_matches_the_formulas_on_random_tables(method, exclude):
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(40, 6))
    vectors[7] = 0.0  # a zero row has cosine 0 with everything
    questions = rng.integers(0, 40, size=(30, 4))
    answers = analogy_answers(vectors, questions, method=method, exclude_inputs=exclude)
    for (a, b, c, _), got in zip(questions, answers):
        scores = reference_scores(vectors, a, b, c, method)
        if exclude:
            scores[[a, b, c]] = -np.inf
        assert got == int(np.argmax(scores))
        ranked = analogy(vectors, a, b, c, method=method, exclude_inputs=exclude, n=5)
        assert ranked[0] == got
        assert np.all(np.diff(scores[ranked]) <= 1e-12)  # best first


def test_the_planted_analogy_and_its_accuracy():
    for method in ANALOGY_METHODS:
        assert analogy(E, 0, 1, 2, method=method).tolist() == [3]
        assert analogy(E, 2, 3, 0, method=method).tolist() == [1]
    q = np.array([[0, 1, 2, 3], [2, 3, 0, 1], [1, 0, 3, 2], [0, 1, 2, 4]])
    assert analogy_accuracy(E, q) == 0.75
    assert analogy_accuracy(E, q, method="3cosmul") == 0.75


def test_without_exclusion_an_input_can_win():
    assert analogy(E, 0, 4, 2, exclude_inputs=False).tolist() == [2]  # c itself
    assert analogy(E, 0, 4, 2).tolist() == [3]
    # with exclusion the inputs never come back, even asking for every other row
    everything = analogy(E, 0, 4, 2, n=2)
    assert not set(everything.tolist()) & {0, 2, 4}


def test_3cosmul_and_3cosadd_rank_differently():
    # The two rules weigh the three similarities differently, so on a random
    # table some questions get different answers (each checked above).
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(60, 5))
    q = rng.integers(0, 60, size=(200, 4))
    add = analogy_answers(vectors, q, method="3cosadd")
    mul = analogy_answers(vectors, q, method="3cosmul")
    assert 0 < np.mean(add != mul) < 0.9


def test_scale_of_rows_does_not_matter():
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(30, 5))
    q = rng.integers(0, 30, size=(20, 4))
    scaled = vectors * rng.uniform(0.1, 10.0, size=(30, 1))
    for method in ANALOGY_METHODS:
        assert np.array_equal(analogy_answers(vectors, q, method=method),
                              analogy_answers(scaled, q, method=method))


def test_many_questions_in_blocks_agree_with_one_at_a_time():
    rng = np.random.default_rng(2)
    vectors = rng.normal(size=(50, 4))
    q = rng.integers(0, 50, size=(600, 4))  # more than one block
    answers = analogy_answers(vectors, q, method="3cosmul")
    picks = rng.choice(600, size=15, replace=False)
    for i in picks:
        assert answers[i] == analogy(vectors, *q[i, :3], method="3cosmul")[0]


def test_bad_input_gets_clear_errors():
    with pytest.raises(IndexError, match=r"c must be a row id in 0..4 \(the table has 5 rows\), got 7"):
        analogy(E, 0, 1, 7)
    with pytest.raises(IndexError, match="a must be a row id"):
        analogy(E, -1, 1, 2)
    with pytest.raises(TypeError, match="b must be one integer row id"):
        analogy(E, 0, 1.0, 2)
    with pytest.raises(TypeError, match="b must be one integer row id"):
        analogy(E, 0, True, 2)
    with pytest.raises(ValueError, match="method must be one of '3cosadd', '3cosmul'; got 'cosadd'"):
        analogy(E, 0, 1, 2, method="cosadd")
    with pytest.raises(ValueError, match=r"n must be in 1..2 \(the table has 5 rows, 3 of them"):
        analogy(E, 0, 1, 2, n=3)
    with pytest.raises(ValueError, match=r"n must be in 1..5"):
        analogy(E, 0, 1, 2, n=0, exclude_inputs=False)
    assert analogy(E, 0, 1, 2, n=5, exclude_inputs=False).size == 5
    with pytest.raises(TypeError, match="exclude_inputs must be True or False"):
        analogy(E, 0, 1, 2, exclude_inputs="yes")
    with pytest.raises(ValueError, match=r"vectors must be a non-empty 2-D array \(V, d\)"):
        analogy(E[0], 0, 0, 0)
    with pytest.raises(ValueError, match="values must be finite"):
        analogy(np.where(E == 1, np.nan, E), 0, 1, 2)
    with pytest.raises(ValueError, match="all of them inputs"):
        analogy(E[:2], 0, 1, 0)
    with pytest.raises(ValueError, match=r"questions must be an integer array of shape \(k, 4\)"):
        analogy_answers(E, [[0, 1, 2]])
    with pytest.raises(ValueError, match=r"shape \(k, 4\).*got shape \(0, 4\)"):
        analogy_accuracy(E, np.zeros((0, 4), dtype=int))
    with pytest.raises(IndexError, match=r"questions contains 9 at position \(1, 3\)"):
        analogy_accuracy(E, [[0, 1, 2, 3], [0, 1, 2, 9]])
    with pytest.raises(TypeError, match="questions must be integers, got dtype float64"):
        analogy_accuracy(E, [[0.0, 1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match="at least 4 rows"):
        analogy_answers(E[:3], [[0, 1, 2, 0]])
    with pytest.raises(ValueError, match="method must be one of"):
        analogy_accuracy(E, [[0, 1, 2, 3]], method="3CosAdd")
