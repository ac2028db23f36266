"""embedlab.language_model: next-token data, the unigram baseline and a tied or untied model."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab.language_model import NextTokenModel, next_token_data, unigram_cross_entropy
from embedlab.optim import Adam
from embedlab.training import fit


def test_next_token_data_stays_inside_sentences():
    X, y = next_token_data([[1, 2, 3, 4], [5], [6, 7, 8]], context=2)
    assert X.tolist() == [[1, 2], [2, 3], [6, 7]] and y.tolist() == [3, 4, 8]
    X1, y1 = next_token_data([np.array([1, 2]), [], [3, 4]])
    assert X1.tolist() == [[1], [3]] and y1.tolist() == [2, 4]


@pytest.mark.parametrize("sentences, context, error, message", [
    ([[1, 2]], 0, ValueError, "context must be a positive integer"),
    ([[1, 2]], 2, ValueError, "no sentence is longer than context=2"),
    ([[1.0, 2.0]], 1, TypeError, r"sentences\[0\] must be a flat sequence of integer ids"),
])
def test_next_token_data_refuses_bad_input(sentences, context, error, message):
    with pytest.raises(error, match=message):
        next_token_data(sentences, context=context)


def test_unigram_matches_counting_by_hand():
    train, test = [0, 1, 1, 2, 2, 2], [2, 0]
    p = (np.array([1, 2, 3]) + 0.5) / 7.5
    expected = -(np.log(p[2]) + np.log(p[0])) / 2
    assert unigram_cross_entropy(train, test, 3, smoothing=0.5) == pytest.approx(expected)
    # a uniform guess is log V; the frequencies do better on frequent words
    assert unigram_cross_entropy(train, [2, 2, 1], 3) < np.log(3)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"test_targets": [3]}, IndexError, r"test_targets contains 3 .* \(V=3\)"),
    ({"test_targets": []}, ValueError, "at least one id"),
    ({"smoothing": 0.0}, ValueError, "smoothing"),
    ({"V": 0}, ValueError, "V must be a positive integer"),
])
def test_unigram_refuses_bad_input(kwargs, error, message):
    args = {"train_targets": [0, 1], "test_targets": [1], "V": 3}
    args.update(kwargs)
    with pytest.raises(error, match=message):
        unigram_cross_entropy(**args)


@pytest.mark.parametrize("tied", [True, False])
def test_gradients_match_finite_differences(param_grads_match, tied):
    model = NextTokenModel(7, 3, tied=tied, seed=1)
    X, y = np.array([[1, 2], [3, 3], [6, 0]]), np.array([2, 5, 1])
    param_grads_match(model, X, y, atol=1e-8)


def test_tied_model_shares_one_table():
    tied, untied = NextTokenModel(9, 4, tied=True, seed=0), NextTokenModel(9, 4, seed=0)
    assert tied.O is tied.E and untied.O is not untied.E
    assert tied.n_parameters == 9 * 4 + 4 * 4 + 9
    assert untied.n_parameters == tied.n_parameters + 9 * 4
    assert [n for n, _, _ in tied.parameters()] == ["E", "W", "b"]


def test_training_learns_a_deterministic_successor():
    # word j is always followed by word (j + 1) mod V: both models learn it
    V = 6
    X = np.arange(V).repeat(20)[:, None]
    y = (X[:, 0] + 1) % V
    for tied in (True, False):
        model = NextTokenModel(V, 4, tied=tied, seed=0)
        history = fit(model, X, y, optimizer=Adam(model.layers, lr=0.05), epochs=30,
                      batch_size=20, seed=0)
        assert history.train_acc[-1] == 1.0 and history.train_loss[-1] < 0.2 * np.log(V)


def test_model_refuses_bad_input():
    model = NextTokenModel(5, 2, seed=0)
    with pytest.raises(IndexError, match=r"X contains 5 .* \(V=5\)"):
        model.forward(np.array([[5]]))
    with pytest.raises(ValueError, match=r"X must have shape \(B, k\)"):
        model.forward(np.array([1, 2]))
    with pytest.raises(RuntimeError, match="forward before backward"):
        NextTokenModel(5, 2).backward(np.zeros((1, 5)))
    model.forward(np.array([[1]]))
    with pytest.raises(ValueError, match=r"grad_logits must be a float array of shape \(1, 5\)"):
        model.backward(np.zeros((2, 5)))
    with pytest.raises(ValueError, match="V must be at least 2"):
        NextTokenModel(1, 2)
    with pytest.raises(TypeError, match="tied must be True or False"):
        NextTokenModel(5, 2, tied=1)
