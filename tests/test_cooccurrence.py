"""Counting, PMI and SVD vectors of embedlab.cooccurrence."""

from __future__ import annotations

import re

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given
from hypothesis import strategies as st

from embedlab.cooccurrence import cooccurrence_counts, pmi, ppmi, svd_vectors


def brute_counts(sequences, V, window):
    counts = np.zeros((V, V))
    for seq in sequences:
        for i, a in enumerate(seq):
            for j, b in enumerate(seq):
                if i != j and abs(i - j) <= window:
                    counts[a, b] += 1
    return counts


# ------------------------------------------------------------------ counts
def test_counts_of_the_two_phrases():
    ids = [[0, 1, 2, 3, 4], [5, 1, 2, 3, 6]]
    counts = cooccurrence_counts(ids, 7, window=1, sparse=False)
    assert counts[1, 2] == 2 and counts[0, 1] == 1 and counts[0, 2] == 0
    assert np.array_equal(counts, counts.T)
    assert counts.sum() == 2 * 8          # 8 neighbouring pairs, both directions


@given(
    st.lists(st.lists(st.integers(0, 5), min_size=0, max_size=7), min_size=1, max_size=5),
    st.integers(1, 4),
)
def test_counts_match_brute_force(sequences, window):
    counts = cooccurrence_counts(sequences, 6, window=window, sparse=False)
    assert np.array_equal(counts, brute_counts(sequences, 6, window))


def test_sparse_and_dense_agree_and_padded_arrays_work():
    padded = np.array([[0, 0, 3, 4, 5], [0, 2, 2, 3, 1]])
    dense = cooccurrence_counts(padded, 6, window=2, pad_id=0, sparse=False)
    sparse = cooccurrence_counts(padded, 6, window=2, pad_id=0)
    assert sp.issparse(sparse) and np.array_equal(sparse.toarray(), dense)
    assert dense[0].sum() == 0 and dense[:, 0].sum() == 0
    assert np.array_equal(dense, brute_counts([[3, 4, 5], [2, 2, 3, 1]], 6, 2))


def test_pad_id_outside_the_vocabulary_is_allowed():
    counts = cooccurrence_counts(np.array([[-1, 0, 1]]), 2, window=1, pad_id=-1, sparse=False)
    assert counts.tolist() == [[0.0, 1.0], [1.0, 0.0]]


def test_a_window_wider_than_the_sentence_and_empty_input():
    assert cooccurrence_counts([[0, 1]], 2, window=10, sparse=False).sum() == 2
    assert cooccurrence_counts([[]], 3, sparse=False).sum() == 0
    assert cooccurrence_counts([[1]], 3, sparse=False).sum() == 0


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"vocab_size": 0}, ValueError, "vocab_size must be a positive integer"),
        ({"vocab_size": "3"}, TypeError, "vocab_size must be a positive integer"),
        ({"window": 0}, ValueError, "window must be a positive integer"),
        ({"sparse": 1}, TypeError, "sparse must be True or False"),
        ({"pad_id": 1.5}, TypeError, "pad_id must be None or an int"),
    ],
)
def test_counts_reject_bad_arguments(kwargs, error, message):
    args = {"sequences": [[0, 1]], "vocab_size": 3, **kwargs}
    with pytest.raises(error, match=message):
        cooccurrence_counts(**args)


@pytest.mark.parametrize(
    "sequences, error, message",
    [
        ("the cat", TypeError, "sequences must be a 2-D integer array or a list"),
        (5, TypeError, "sequences must be a 2-D integer array or a list"),
        (np.zeros((2, 2, 2), dtype=int), ValueError, r"got shape \(2, 2, 2\)"),
        (np.array([[0.0, 1.0]]), TypeError, "sequences must hold integer ids, got dtype float64"),
        ([[[0, 1]]], ValueError, r"sequences\[0\] must be a 1-D sequence"),
        ([[0, 1], [0.5]], TypeError, r"sequences\[1\] must hold integer ids"),
        ([[0, 3]], ValueError, r"sequences\[0\] contains id 3, outside the valid range 0..2"),
        ([[0], [-1, 1]], ValueError, r"sequences\[1\] contains id -1"),
    ],
)
def test_counts_reject_bad_sequences(sequences, error, message):
    with pytest.raises(error, match=message):
        cooccurrence_counts(sequences, 3)


# --------------------------------------------------------------------- PMI
def test_pmi_by_the_formula():
    counts = np.array([[4.0, 1.0, 0.0], [1.0, 2.0, 2.0]])
    total = counts.sum()
    with np.errstate(divide="ignore"):
        expected = np.log(counts * total / np.outer(counts.sum(1), counts.sum(0)))
    got = pmi(counts)
    seen = counts > 0
    assert np.allclose(got[seen], expected[seen])
    assert np.all(np.isneginf(got[~seen]))
    assert np.allclose(pmi(counts, shift=5.0)[seen], expected[seen] - np.log(5.0))


def test_ppmi_clips_and_handles_empty_rows():
    counts = np.array([[3.0, 0.0, 1.0], [0.0, 0.0, 0.0], [1.0, 0.0, 2.0]])
    result = ppmi(counts)
    assert np.all(np.isfinite(result)) and np.all(result >= 0)
    assert np.all(result[1] == 0) and np.all(result[:, 1] == 0)
    assert np.array_equal(ppmi(sp.csr_matrix(counts)), result)


def test_shift_and_smoothing():
    rng = np.random.default_rng(0)
    counts = rng.poisson(3.0, size=(6, 6)).astype(float)
    assert np.all(ppmi(counts, shift=3.0) <= ppmi(counts))
    assert np.array_equal(pmi(counts, alpha=1.0), pmi(counts))
    smoothed = pmi(counts, alpha=0.75)
    assert smoothed.shape == (6, 6) and not np.allclose(smoothed, pmi(counts))


def test_integer_counts_are_accepted():
    assert np.allclose(ppmi(np.array([[1, 1], [1, 0]])), ppmi(np.array([[1.0, 1.0], [1.0, 0.0]])))


@pytest.mark.parametrize(
    "counts, kwargs, error, message",
    [
        ([["a"]], {}, TypeError, "counts must be a numeric matrix"),
        ([[True]], {}, TypeError, "counts must be a numeric matrix"),
        ([1.0, 2.0], {}, ValueError,
         re.escape("counts must be a non-empty 2-D array (words, contexts), got shape (2,)")),
        (np.zeros((0, 3)), {}, ValueError,
         re.escape("counts must be a non-empty 2-D array (words, contexts), got shape (0, 3)")),
        ([[1.0, np.nan]], {}, ValueError,
         re.escape("counts contains nan at position (0, 1); values must be finite")),
        ([[1.0, -2.0]], {}, ValueError, r"counts must be >= 0, got -2 at position \(0, 1\)"),
        ([[0.0, 0.0]], {}, ValueError, "counts is all zeros"),
        ([[1.0]], {"shift": 0.0}, ValueError, r"shift must be in \(0, inf\]"),
        ([[1.0]], {"shift": True}, TypeError, "shift must be a number"),
        ([[1.0]], {"alpha": 0.0}, ValueError, r"alpha must be in \(0, 1\]"),
        ([[1.0]], {"alpha": 1.5}, ValueError, r"alpha must be in \(0, 1\]"),
        ([[1.0]], {"alpha": "x"}, TypeError, "alpha must be a number"),
    ],
)
def test_pmi_rejects_bad_input(counts, kwargs, error, message):
    with pytest.raises(error, match=message):
        pmi(counts, **kwargs)
    with pytest.raises(error, match=message):
        ppmi(counts, **kwargs)


# ------------------------------------------------------------- SVD vectors
def test_svd_vectors_match_scikit_learn_up_to_sign():
    from sklearn.decomposition import TruncatedSVD

    rng = np.random.default_rng(1)
    M = rng.random((12, 9))
    ours = svd_vectors(M, 3)
    theirs = TruncatedSVD(3, algorithm="arpack", random_state=0).fit_transform(M)
    flip = np.sign(np.sum(ours * theirs, axis=0))
    assert np.allclose(theirs * flip, ours, atol=1e-8)
    largest = np.abs(ours).argmax(axis=0)
    assert np.all(ours[largest, np.arange(3)] > 0)           # sign convention


def test_svd_vectors_power_and_sparse_input():
    M = np.diag([4.0, 1.0, 0.0])
    assert np.allclose(svd_vectors(M, 2, power=0.5), np.diag([2.0, 1.0, 0.0])[:, :2])
    assert np.array_equal(svd_vectors(sp.csr_matrix(M), 2), svd_vectors(M, 2))


@pytest.mark.parametrize(
    "matrix, dim, kwargs, error, message",
    [
        (np.eye(3), 0, {}, ValueError, r"dim must be in 1..3"),
        (np.eye(3), 4, {}, ValueError, r"dim must be in 1..3"),
        (np.eye(3), 2.0, {}, TypeError, "dim must be an integer"),
        (np.eye(3), 1, {"power": 2.0}, ValueError, r"power must be in \[0, 1\]"),
        ([[np.inf]], 1, {}, ValueError,
         re.escape("matrix contains inf at position (0, 0); values must be finite")),
        ([1.0, 2.0], 1, {}, ValueError, "matrix must be a non-empty 2-D array"),
        ([["a"]], 1, {}, TypeError, "matrix must be a numeric matrix"),
    ],
)
def test_svd_vectors_reject_bad_input(matrix, dim, kwargs, error, message):
    with pytest.raises(error, match=message):
        svd_vectors(matrix, dim, **kwargs)
