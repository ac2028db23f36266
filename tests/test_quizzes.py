"""The chapters' quizzes: every right answer passes the exercise's own check, a wrong one does not.

The quizzes compute their answers (from embedlab, NumPy and scikit-learn);
these tests feed those answers to the ``check_*`` function of the same
exercise, so a quiz and its check cannot disagree.
"""

from __future__ import annotations

import ast

import numpy as np
import pytest

from embedlab.checks import CheckFailed, ch01, ch02, ch03, ch04, ch05


def _right(q):
    return q["options"][q["correct"]] if q["kind"] == "choice" else q["answer"]


def _sets(text):
    return set() if text == "none" else {t.strip() for t in text.split(",")}


def test_prediction_quiz_answers_pass_the_check():
    shape, zeros, row = (_right(q) for q in ch01.prediction_quiz().questions)
    ids = ch01.PREDICTION_TASK["ids"]
    assert row == f"row {ids[2]}"
    good = {"shape": ast.literal_eval(shape), "rows": ids, "zero_products": int(zeros)}
    assert ch01.check_prediction(good)
    with pytest.raises(CheckFailed):
        ch01.check_prediction({**good, "zero_products": int(zeros) + 3})


def test_cost_quiz_matches_the_chapter_numbers():
    gigabytes, share = (_right(q) for q in ch01.cost_quiz().questions)
    assert gigabytes == 16.4 and share == 0.99998  # the summary of chapter 1.2 says 16.4 GB


def test_edges_quiz_counts_the_drawn_layer():
    from embedlab.figures.ch02 import draw_layer  # noqa: F401 - the page draws with it

    edges, column, terms = (_right(q) for q in ch02.count_edges_quiz().questions)
    assert (edges, terms) == (28, 1) and column.startswith("column 2")


def test_undo_truth_is_found_numerically_and_passes_the_check():
    truth = ch02.undo_truth()
    assert truth == ch02._UNDO_ANSWERS
    assert ch02.check_undoable({k: set(v) for k, v in truth.items()})
    wrong = {k: set(v) for k, v in truth.items()} | {"scaling": {"linear", "rmsnorm"}}
    with pytest.raises(CheckFailed):
        ch02.check_undoable(wrong)
    labels = {"all three": set(ch02.UNDO_READERS), "linear and RMSNorm": {"linear", "rmsnorm"},
              "linear and LayerNorm": {"linear", "layernorm"}, "linear only": {"linear"}, "none": set()}
    for q, name in zip(ch02.undoable_quiz().questions, ("sign flip", "scaling", "add unit 0")):
        assert labels[_right(q)] == truth[name]


def test_shape_quiz_answers_are_what_the_check_expects():
    shapes = [ast.literal_eval(_right(q)) for q in ch03.shape_quiz().questions]
    assert shapes == [(2, 3, 5, 4), (32, 100, 300), (4,)]
    assert ch03.check_output_shape(lambda ids_shape, input_dim, output_dim: (*ids_shape, output_dim))


def test_post_padding_quiz_agrees_with_the_masked_lstm():
    last, step = (_right(q) for q in ch03.post_padding_quiz().questions)
    assert (last, step) == ("No", "Yes")


def test_moving_rows_quiz_answers_pass_the_check():
    rmsprop, adam = (_right(q) for q in ch04.moving_rows_quiz().questions)
    step1 = set(np.ravel(ch04.MOVING_ROWS_TASK["step1"]).tolist())
    step2 = set(np.ravel(ch04.MOVING_ROWS_TASK["step2"]).tolist())
    good = {"sgd_step1": step1, "sgd_step2": step2, "rmsprop_step2": {int(r) for r in _sets(rmsprop.strip("{}"))},
            "adam_step2": {int(r) for r in _sets(adam.strip("{}"))}}
    assert ch04.check_moving_rows(good)
    with pytest.raises(CheckFailed):
        ch04.check_moving_rows({**good, "adam_step2": step2})


def test_zero_init_quiz_agrees_with_training():
    truth = ch04._zero_init_truth()
    assert ch04.check_zero_init(truth)
    first, second = (_right(q) for q in ch04.zero_init_quiz().questions)
    assert "never moves" in first and truth["zeros + zeros"] == (True, False)
    assert "at once" in second and truth["zeros + random"] == (False, True)


def test_one_hot_pca_quiz_answers_pass_the_check():
    largest, smallest = (_right(q) for q in ch05.one_hot_pca_quiz().questions)
    V = ch05.ONE_HOT_PCA_TASK["V"]
    assert ch05.check_one_hot_pca([largest] * (V - 1) + [smallest])
    with pytest.raises(CheckFailed):
        ch05.check_one_hot_pca([1 / V] * V)


def test_absorbed_quiz_answers_pass_the_check():
    rms, relu = (_sets(_right(q)) for q in ch05.absorbed_quiz().questions)
    good = {"linear": set(ch05.ABSORB_TASK["changes"]), "rmsnorm": rms, "relu": relu}
    assert ch05.check_absorbed(good)
    with pytest.raises(CheckFailed):
        ch05.check_absorbed({**good, "relu": rms})
