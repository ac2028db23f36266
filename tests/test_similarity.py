"""Similarity and recovery scores of embedlab.similarity: cosine similarity, nearest
neighbours, k-NN accuracy, cluster purity and neighbour overlap."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab.similarity import (
    all_but_the_top,
    average_cosine,
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


# ------------------------------------------------------------ the common direction
def test_average_cosine_equals_the_brute_force_mean():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 4)) + np.array([2.0, 0.0, 0.0, 0.0])
    X[5] = 0.0  # a zero row: cosine 0 with everything
    C = cosine_similarity(X)
    brute = (C.sum() - np.trace(C)) / (30 * 29)
    assert average_cosine(X) == pytest.approx(brute)
    assert average_cosine(X) > 0.3  # the shift is a common direction
    assert abs(average_cosine(rng.normal(size=(400, 20)))) < 0.01  # random directions
    assert average_cosine(3 * X) == pytest.approx(average_cosine(X))


def test_average_cosine_bad_input():
    with pytest.raises(ValueError, match="vectors must have at least 2 rows"):
        average_cosine([[1.0, 2.0]])
    with pytest.raises(ValueError, match=r"vectors must be a non-empty 2-D array \(V, d\)"):
        average_cosine([1.0, 2.0])
    with pytest.raises(TypeError, match="vectors must be a numeric matrix"):
        average_cosine([["a", "b"], ["c", "d"]])


def test_all_but_the_top_centres_and_removes_the_top_directions():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(50, 6)) @ np.diag([5.0, 3.0, 1.0, 1.0, 0.5, 0.2]) + 4.0
    for D in (0, 1, 3, 5):
        Y = all_but_the_top(X, D)
        assert Y.shape == X.shape and np.allclose(Y.mean(axis=0), 0.0)
        centred = X - X.mean(axis=0)
        top = np.linalg.svd(centred, full_matrices=False)[2][:D]
        assert np.allclose(Y @ top.T, 0.0)  # nothing left along u_1 .. u_D
        assert np.linalg.matrix_rank(Y, tol=1e-6 * np.abs(X).max()) == min(X.shape[1] - D, X.shape[0] - 1)
        # what remains is the rest of the centred rows, unchanged
        rest = np.linalg.svd(centred, full_matrices=False)[2][D:]
        assert np.allclose(Y @ rest.T, centred @ rest.T)
    assert average_cosine(X) > 0.5 and abs(average_cosine(all_but_the_top(X, 0))) < 0.05


def test_all_but_the_top_bad_input():
    X = np.ones((4, 3))
    with pytest.raises(ValueError, match=r"n_components must be in 0..2 \(the vectors have d=3 columns\), got 3"):
        all_but_the_top(X, 3)
    with pytest.raises(TypeError, match="n_components must be an integer"):
        all_but_the_top(X, 1.0)
    with pytest.raises(ValueError, match="vectors must have at least 2 rows"):
        all_but_the_top(X[:1], 0)
