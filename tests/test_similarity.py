"""Similarity and recovery scores of embedlab.similarity: cosine similarity, nearest
neighbours, k-NN accuracy, cluster purity and neighbour overlap."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab.similarity import (
    cluster_purity,
    cosine_similarity,
    knn_accuracy,
    nearest_neighbours,
    neighbour_overlap,
)


def test_cosine_similarity_and_zero_rows():
    sims = cosine_similarity([[1.0, 0.0], [2.0, 0.0], [0.0, 0.0], [0.0, -3.0]])
    assert sims[0, 1] == pytest.approx(1.0) and sims[0, 3] == pytest.approx(0.0)
    assert np.all(sims[2] == 0) and np.all(sims[:, 2] == 0)
    with pytest.raises(ValueError, match="vectors must be a non-empty 2-D array"):
        cosine_similarity([1.0, 2.0])


def test_nearest_neighbours_exclude_self_and_break_ties_by_index():
    X = np.array([[1.0, 0.0], [1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    nn = nearest_neighbours(X, n_neighbours=2)
    assert nn[0].tolist() == [1, 2] and nn[2].tolist() == [0, 1]
    assert 3 not in nn[:3]


@pytest.mark.parametrize(
    "vectors, n_neighbours, error, message",
    [
        ([[1.0, 0.0]], 1, ValueError, "vectors must have at least 2 rows"),
        (np.eye(3), 3, ValueError, r"n_neighbours must be in 1..2"),
        (np.eye(3), 0, ValueError, r"n_neighbours must be in 1..2"),
        (np.eye(3), 1.0, TypeError, "n_neighbours must be an integer"),
    ],
)
def test_nearest_neighbours_reject_bad_input(vectors, n_neighbours, error, message):
    with pytest.raises(error, match=message):
        nearest_neighbours(vectors, n_neighbours=n_neighbours)


def test_knn_accuracy_agrees_with_scikit_learn():
    from sklearn.model_selection import LeaveOneOut, cross_val_score
    from sklearn.neighbors import KNeighborsClassifier

    rng = np.random.default_rng(2)
    X = rng.normal(size=(30, 4))
    y = rng.integers(0, 3, size=30)
    X[y == 1] += 1.5
    ours = knn_accuracy(X, y)
    theirs = cross_val_score(KNeighborsClassifier(n_neighbors=1, metric="cosine"), X, y,
                             cv=LeaveOneOut()).mean()
    assert ours == pytest.approx(theirs)


def test_knn_accuracy_with_several_neighbours_and_ties():
    X = np.array([[1.0, 0.0], [0.9, 0.1], [0.8, 0.2], [0.0, 1.0], [0.1, 0.9]])
    labels = ["a", "a", "b", "b", "b"]
    # row 2's two neighbours are rows 1 ("a", nearer) and 0 ("a"): a wrong vote
    assert knn_accuracy(X, labels, n_neighbours=2) == pytest.approx(0.8)
    # a 1-1 tie goes to the label of the nearer neighbour
    assert knn_accuracy([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]], ["x", "x", "y"], n_neighbours=2) == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    "vectors, labels, n_neighbours, error, message",
    [
        (np.eye(3), ["a", "b"], 1, ValueError, r"labels must have one entry per row \(3\)"),
        (np.eye(3), ["a", "b", "c"], 5, ValueError, r"n_neighbours must be in 1..2"),
        ([[1.0, 0.0]], ["a"], 1, ValueError, "vectors must have at least 2 rows"),
    ],
)
def test_knn_accuracy_rejects_bad_input(vectors, labels, n_neighbours, error, message):
    with pytest.raises(error, match=message):
        knn_accuracy(vectors, labels, n_neighbours=n_neighbours)


def test_cluster_purity():
    assert cluster_purity([0, 0, 1, 1, 1], ["x", "x", "y", "y", "x"]) == pytest.approx(0.8)
    assert cluster_purity([5, 5, 7], [1, 2, 3]) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="clusters must be a non-empty 1-D sequence"):
        cluster_purity([], [])
    with pytest.raises(ValueError, match=r"labels must have one entry per row \(2\)"):
        cluster_purity([0, 1], [0])


def test_neighbour_overlap():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(40, 5))
    Q = np.linalg.qr(rng.normal(size=(5, 5)))[0]
    assert neighbour_overlap(X, X @ Q * 3.0, n_neighbours=5) == pytest.approx(1.0)   # rotation, scale
    chance = neighbour_overlap(X, rng.normal(size=(40, 8)), n_neighbours=5)
    assert chance < 0.4
    with pytest.raises(ValueError, match="a and b must have the same number of rows"):
        neighbour_overlap(X, X[:3])
    with pytest.raises(ValueError, match="a must have at least 2 rows"):
        neighbour_overlap(X[:1], X[:1])
