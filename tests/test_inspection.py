"""Tests for embedlab.inspection: reading a table (top tokens, a 2-D projection), how
well its columns align with known features, and Procrustes alignment of two tables."""

from __future__ import annotations

import re

import numpy as np
import pytest

from embedlab.inspection import (
    Alignment,
    column_alignment,
    procrustes_align,
    project_2d,
    top_tokens,
)


# --------------------------------------------------------------------------- reading tables
def test_top_tokens_and_project_2d():
    table = np.array([[0.5, 0.0], [-1.0, 2.0], [2.0, 1.0], [2.0, -3.0]])
    words = ["a", "b", "c", "d"]
    assert top_tokens(table, words, 0, 2) == (["c", "d"], ["b", "a"])
    assert top_tokens(table, words, 1, 1) == (["b"], ["d"])
    with pytest.raises(ValueError, match="column must be in 0..1 \\(the table has 2 columns\\), got 2"):
        top_tokens(table, words, 2)
    with pytest.raises(ValueError, match="k must be in 1..4 \\(the table has 4 rows\\), got 5"):
        top_tokens(table, words, 0, 5)
    with pytest.raises(TypeError, match="column must be an integer"):
        top_tokens(table, words, 0.0)
    with pytest.raises(TypeError, match="k must be an integer"):
        top_tokens(table, words, 0, "2")
    with pytest.raises(ValueError, match="words has 3 entries, but the table has 4 rows"):
        top_tokens(table, words[:3], 0)
    xy = project_2d(np.random.default_rng(0).normal(size=(10, 4)))
    assert xy.shape == (10, 2) and np.allclose(xy.mean(axis=0), 0)
    with pytest.raises(ValueError, match="at least 2 rows and 2 columns"):
        project_2d(np.zeros((3, 1)))
    with pytest.raises(
        ValueError, match=re.escape("table contains nan at position (0, 0); values must be finite")
    ):
        project_2d(np.array([[np.nan, 0.0], [0.0, 1.0]]))
    with pytest.raises(TypeError, match="table must be a numeric matrix"):
        project_2d(np.array([["a", "b"]]))
    with pytest.raises(ValueError, match="non-empty 2-D array"):
        project_2d(np.zeros(4))


# --------------------------------------------------------------- column_alignment
def test_alignment_is_one_for_the_feature_itself_and_ignores_scale_and_shift():
    rng = np.random.default_rng(0)
    features = rng.normal(size=(50, 3))
    A = column_alignment(3.0 * features - 7.0, features)
    assert np.allclose(np.diag(A), 1.0)
    assert np.allclose(A, column_alignment(features, features))
    assert np.allclose(A, A.T)
    assert A.min() >= 0 and A.max() <= 1


def test_alignment_is_unchanged_by_flipping_a_sign():
    rng = np.random.default_rng(1)
    W, features = rng.normal(size=(40, 2)), rng.normal(size=(40, 3))
    flipped = W * np.array([-1.0, 1.0])
    assert np.allclose(column_alignment(W, features), column_alignment(flipped, features))


def test_column_alignment_errors():
    with pytest.raises(ValueError, match="W has 3 rows but features has 4"):
        column_alignment(np.ones((3, 2)), np.ones((4, 2)))
    with pytest.raises(ValueError, match="need at least 2 tokens"):
        column_alignment(np.ones((1, 2)), np.ones((1, 2)))
    with pytest.raises(ValueError, match="W column 1 is constant"):
        column_alignment(np.array([[1.0, 2.0], [3.0, 2.0]]), np.array([[0.0], [1.0]]))
    with pytest.raises(ValueError, match="features column 0 is constant"):
        column_alignment(np.array([[1.0], [3.0]]), np.array([[5.0], [5.0]]))
    with pytest.raises(ValueError, match=re.escape(
            "features must be a non-empty 2-D array (rows, columns), got shape (3,)")):
        column_alignment(np.ones((3, 2)), np.ones(3))


# ---------------------------------------------------------------- Procrustes
def test_procrustes_recovers_a_rotation_and_a_scale():
    rng = np.random.default_rng(5)
    A = rng.normal(size=(20, 3))
    Q = np.linalg.qr(rng.normal(size=(3, 3)))[0]
    result = procrustes_align(A, 2.5 * A @ Q, scale=True)
    assert isinstance(result, Alignment)
    assert np.allclose(result.rotation, Q) and result.scale == pytest.approx(2.5)
    assert result.error < 1e-10
    plain = procrustes_align(A, 2.5 * A @ Q)
    assert plain.scale == 1.0 and plain.error > 0.5


def test_procrustes_cannot_undo_a_shear():
    rng = np.random.default_rng(6)
    A = rng.normal(size=(20, 2))
    shear = np.array([[1.0, 2.0], [0.0, 1.0]])
    assert procrustes_align(A @ shear, A, scale=True).error > 0.2


@pytest.mark.parametrize(
    "source, target, kwargs, error, message",
    [
        (np.ones((3, 2)), np.ones((3, 3)), {}, ValueError, "source and target must have the same shape"),
        (np.ones((3, 2)), np.zeros((3, 2)), {}, ValueError, "target is all zeros"),
        (np.zeros((3, 2)), np.ones((3, 2)), {"scale": True}, ValueError, "source is all zeros"),
        (np.ones((3, 2)), np.ones((3, 2)), {"scale": 1}, TypeError, "scale must be True or False"),
        (np.ones(3), np.ones(3), {}, ValueError, "source must be a non-empty 2-D array"),
    ],
)
def test_procrustes_rejects_bad_input(source, target, kwargs, error, message):
    with pytest.raises(error, match=message):
        procrustes_align(source, target, **kwargs)
