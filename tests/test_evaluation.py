"""embedlab.evaluation: rules for d, held-out error, PIP loss, pictures, subsampling, scores."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.stats import spearmanr

from embedlab.evaluation import (
    classification_accuracy,
    cluster_geometry,
    fastai_rule,
    fourth_root_rule,
    heldout_reconstruction_error,
    pip_loss,
    pip_loss_estimate,
    sentence_features,
    similarity_correlation,
    subsample_keep_probability,
    word_ids,
)


def _noisy_pair(seed=0, n=40, rank=3, noise=0.5, scale=1.0):
    rng = np.random.default_rng(seed)
    signal = scale * rng.normal(size=(n, rank)) @ rng.normal(size=(rank, n))
    return signal, [signal + noise * rng.normal(size=(n, n)) for _ in range(2)]


# ------------------------------------------------------------ rules of thumb
def test_rules_of_thumb_follow_their_formulas():
    for V in (1, 2, 50, 1002, 12_345, 10**7):
        assert fourth_root_rule(V) == max(1, round(V**0.25))
        assert fastai_rule(V) == min(600, round(1.6 * V**0.56))
    assert fastai_rule(10**7) == 600 and fourth_root_rule(10_000) == 10


@pytest.mark.parametrize("rule", [fourth_root_rule, fastai_rule])
def test_rules_refuse_an_empty_vocabulary(rule):
    with pytest.raises(ValueError, match=r"n_categories must be a positive integer \(>= 1\), got 0"):
        rule(0)
    with pytest.raises(TypeError, match="n_categories"):
        rule(10.5)


# ------------------------------------------------------------ held-out error
def test_heldout_error_matches_a_direct_computation_and_finds_the_rank():
    _, (A, B) = _noisy_pair(rank=3, noise=0.3)
    dims = list(range(1, 41))
    got = heldout_reconstruction_error(A, B, dims)
    L, s, Rt = np.linalg.svd(A)
    want = [np.linalg.norm((L[:, :d] * s[:d]) @ Rt[:d] - B) for d in dims]
    assert np.allclose(got, want)
    assert int(np.argmin(got)) + 1 == 3
    assert got[-1] > got[2]  # the full rank over-fits


def test_heldout_error_accepts_sparse_matrices():
    _, (A, B) = _noisy_pair()
    assert np.allclose(heldout_reconstruction_error(sp.csr_matrix(A), B, [2, 5]),
                       heldout_reconstruction_error(A, B, [2, 5]))


def test_heldout_error_refuses_bad_input():
    _, (A, B) = _noisy_pair(n=10)
    with pytest.raises(ValueError, match=r"needs d in 1\.\.10"):
        heldout_reconstruction_error(A, B, [11])  # d larger than the vocabulary
    with pytest.raises(ValueError, match="dims contains 0"):
        heldout_reconstruction_error(A, B, [0, 2])
    with pytest.raises(ValueError, match="same vocabulary"):
        heldout_reconstruction_error(A, B[:9], [2])
    with pytest.raises(TypeError, match="non-empty list of integers"):
        heldout_reconstruction_error(A, B, [])
    with pytest.raises(TypeError, match="non-empty list of integers"):
        heldout_reconstruction_error(A, B, [1.5])
    with pytest.raises(ValueError, match="train_matrix must be a non-empty 2-D array"):
        heldout_reconstruction_error(np.zeros((0, 0)), B, [1])  # an empty corpus


# ------------------------------------------------------------ PIP loss
def test_pip_loss_equals_the_definition_and_ignores_rotations():
    rng = np.random.default_rng(3)
    A, B = rng.normal(size=(30, 4)), rng.normal(size=(30, 6))
    assert np.isclose(pip_loss(A, B), np.linalg.norm(A @ A.T - B @ B.T))
    Q = np.linalg.qr(rng.normal(size=(4, 4)))[0]
    assert pip_loss(A, A @ Q) < 1e-9 * np.linalg.norm(A) ** 2
    assert pip_loss(A, B) == pytest.approx(pip_loss(B, A))
    assert pip_loss(A, 2 * A) > 1.0  # a scale is not a rotation


def test_pip_loss_refuses_tables_of_different_words():
    with pytest.raises(ValueError, match="E has 3 rows and E_hat has 2"):
        pip_loss(np.ones((3, 2)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="E must be a non-empty 2-D array"):
        pip_loss(np.ones(3), np.ones((3, 1)))


def test_pip_estimate_finds_the_planted_rank():
    _, (A, B) = _noisy_pair(n=60, rank=4, noise=1.0, scale=3.0)
    est = pip_loss_estimate(A, B, range(1, 31), seed=1)
    assert len(est.signal_spectrum) == 4 and est.best_dim == 4
    assert 0.7 < est.noise_std < 1.3  # half the difference of two draws of noise 1, times sqrt 2
    assert est.losses[3] < est.losses[0] and est.losses[3] < est.losses[-1]
    assert np.all(est.signal_spectrum > est.threshold)


def test_pip_estimate_is_reproducible_and_validates():
    _, (A, B) = _noisy_pair(n=20)
    a, b = (pip_loss_estimate(A, B, [1, 2, 3], seed=5) for _ in range(2))
    assert np.array_equal(a.losses, b.losses)
    with pytest.raises(ValueError, match="identical"):
        pip_loss_estimate(A, A, [1])
    with pytest.raises(ValueError, match=r"d in 1\.\.20"):
        pip_loss_estimate(A, B, [21])
    with pytest.raises(ValueError, match=r"alpha must be in \[0, 1\]"):
        pip_loss_estimate(A, B, [1], alpha=2.0)
    with pytest.raises(ValueError, match="same vocabulary"):
        pip_loss_estimate(A, B[:, :5], [1])


# ------------------------------------------------------------ cluster geometry
def test_cluster_geometry_measures_spreads_and_distances():
    rng = np.random.default_rng(0)
    labels = np.repeat([0, 1], 400)
    centres = np.array([[0.0, 0, 0], [5.0, 0, 0]])
    x = centres[labels] + np.array([1.0, 3.0])[labels, None] * rng.normal(size=(800, 3))
    spreads, distances = cluster_geometry(x, labels)
    assert spreads[1] / spreads[0] == pytest.approx(3.0, rel=0.1)
    assert distances[0, 1] == pytest.approx(5.0, abs=0.5) and distances[0, 0] == 0


def test_cluster_geometry_refuses_bad_labels():
    with pytest.raises(ValueError, match="each used at least once"):
        cluster_geometry(np.ones((3, 2)), [0, 2, 2])
    with pytest.raises(ValueError, match="one class id per row"):
        cluster_geometry(np.ones((3, 2)), [0, 1])
    with pytest.raises(TypeError, match="integer class ids"):
        cluster_geometry(np.ones((2, 2)), [0.0, 1.0])


# ------------------------------------------------------------ subsampling
def test_subsampling_follows_mikolovs_formula():
    counts = np.array([1000.0, 100.0, 10.0, 1.0, 0.0])
    keep = subsample_keep_probability(counts, threshold=0.01)
    f = counts / counts.sum()
    with np.errstate(divide="ignore"):
        want = np.minimum(1.0, np.sqrt(0.01 / f))
    assert np.allclose(keep, want) and keep[-1] == 1.0
    assert np.all(np.diff(keep) >= 0)  # rarer words keep more


def test_subsampling_refuses_an_empty_corpus():
    with pytest.raises(ValueError, match="all zeros: the corpus is empty"):
        subsample_keep_probability([0, 0])
    with pytest.raises(ValueError, match="non-empty 1-D"):
        subsample_keep_probability([])
    with pytest.raises(ValueError, match="counts must be >= 0"):
        subsample_keep_probability([3, -1])
    with pytest.raises(ValueError, match=r"threshold must be in \(0, 1\]"):
        subsample_keep_probability([3, 1], threshold=0)


# ------------------------------------------------------------ word ids and scores
def test_word_ids_keep_the_shape_and_name_an_unknown_word():
    words = ["<pad>", "<unk>", "row", "column", "matrix"]
    assert word_ids(words, [("row", "column"), ("matrix", "row")]).tolist() == [[2, 3], [4, 2]]
    assert word_ids(words, "matrix").tolist() == 4
    with pytest.raises(KeyError, match="'tensor' \\(at position \\(1, 0\\)\\) is not in the vocabulary of 5"):
        word_ids(words, [("row", "column"), ("tensor", "row")])
    with pytest.raises(ValueError, match="queries is empty"):
        word_ids(words, [])
    with pytest.raises(TypeError, match="must hold words"):
        word_ids(words, [[1, 2]])
    with pytest.raises(TypeError, match="words must be a list of strings"):
        word_ids("row column", ["row"])


def test_similarity_correlation_is_spearman_of_cosines():
    rng = np.random.default_rng(2)
    E = rng.normal(size=(20, 5))
    pairs = rng.integers(0, 20, size=(15, 2))
    ratings = rng.uniform(0, 10, size=15)
    unit = E / np.linalg.norm(E, axis=1, keepdims=True)
    cosines = np.sum(unit[pairs[:, 0]] * unit[pairs[:, 1]], axis=1)
    assert similarity_correlation(E, pairs, ratings) == pytest.approx(spearmanr(cosines, ratings).statistic)
    assert similarity_correlation(E, pairs, cosines * 3 + 1) == pytest.approx(1.0)  # order only


def test_similarity_correlation_refuses_bad_input():
    E = np.eye(4)
    with pytest.raises(ValueError, match=r"shape \(k, 2\) with k >= 3"):
        similarity_correlation(E, [[0, 1], [1, 2]], [1.0, 2.0])
    with pytest.raises(IndexError, match="pairs contains 4"):
        similarity_correlation(E, [[0, 4], [1, 2], [2, 3]], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="ratings must have 3 columns"):
        similarity_correlation(E, [[0, 1], [1, 2], [2, 3]], [1.0, 2.0])


def test_sentence_features_average_words_and_skip_padding():
    E = np.array([[9.0, 9.0], [5.0, 5.0], [1.0, 0.0], [0.0, 1.0]])
    X = np.array([[0, 2, 3], [0, 1, 3], [0, 0, 0]])
    got = sentence_features(X, E, ignore=[1])
    assert got.tolist() == [[0.5, 0.5], [0.0, 1.0], [0.0, 0.0]]
    assert sentence_features(X, E, pad_id=None)[2].tolist() == [9.0, 9.0]
    with pytest.raises(ValueError, match="ids must be a non-empty 2-D array"):
        sentence_features(np.zeros((0, 3), dtype=int), E)  # an empty corpus
    with pytest.raises(IndexError, match="ids contains 4"):
        sentence_features([[4]], E)
    with pytest.raises(ValueError, match=r"ignore must be in 0\.\.3"):
        sentence_features(X, E, ignore=[7])


def test_classification_accuracy_beats_chance_only_with_signal():
    rng = np.random.default_rng(4)
    y = rng.integers(0, 2, size=400)
    informative = y[:, None] + 0.5 * rng.normal(size=(400, 3))
    noise = rng.normal(size=(400, 3))
    good = classification_accuracy(informative[:300], y[:300], informative[300:], y[300:])
    chance = classification_accuracy(noise[:300], y[:300], noise[300:], y[300:])
    assert good > 0.9 and abs(chance - 0.5) < 0.15


def test_classification_accuracy_refuses_bad_input():
    X = np.ones((4, 2))
    with pytest.raises(ValueError, match="single class"):
        classification_accuracy(X, np.zeros(4, dtype=int), X, np.zeros(4, dtype=int))
    with pytest.raises(ValueError, match="test_features must have 2 columns"):
        classification_accuracy(X, np.array([0, 1, 0, 1]), np.ones((4, 3)), np.array([0, 1, 0, 1]))
    with pytest.raises(ValueError, match=r"train_labels must have shape \(4,\)"):
        classification_accuracy(X, np.array([0, 1]), X, np.array([0, 1, 0, 1]))
    with pytest.raises(ValueError, match=r"C must be in \(0, inf\]"):
        classification_accuracy(X, np.array([0, 1, 0, 1]), X, np.array([0, 1, 0, 1]), C=0)
