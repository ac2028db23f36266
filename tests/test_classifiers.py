"""Tests for embedlab.classifiers: the mean-pooling and the LSTM classifier."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab import Embedding
from embedlab.classifiers import LSTMClassifier, MeanPoolClassifier
from embedlab.skipgram import SkipGram


def test_mean_pool_classifier_gradients_match_finite_differences(param_grads_match):
    model = MeanPoolClassifier(7, 3, 3, seed=0, dtype=np.float64)
    X = np.array([[0, 0, 2, 5], [1, 6, 6, 6], [0, 3, 4, 1]])
    param_grads_match(model, X, np.array([2, 0, 1]))


def test_mean_pool_classifier_ignores_padding():
    model = MeanPoolClassifier(6, 2, 2, seed=0, dtype=np.float64)
    short = model.forward(np.array([[3, 4]]))
    padded = model.forward(np.array([[0, 0, 3, 4]]))
    assert np.allclose(short, padded)
    no_mask = MeanPoolClassifier(6, 2, 2, pad_id=None, seed=0, dtype=np.float64)
    assert not np.allclose(no_mask.forward(np.array([[0, 3]])), no_mask.forward(np.array([[3]])))


def test_mean_pool_classifier_from_an_existing_embedding():
    table = Embedding(5, 2, seed=0, trainable=False)
    model = MeanPoolClassifier(None, None, 2, seed=0, embedding=table)
    assert model.embedding is table and model.dense.in_features == 2
    assert [name for name, _, _ in model.parameters()] == ["dense.weight", "dense.bias"]
    proba = model.predict_proba(np.array([[1, 2]]))
    assert np.isclose(proba.sum(), 1.0)


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "message"),
    [
        ((0, 2), {}, ValueError, "vocab_size must be a positive integer (>= 1), got 0"),
        ((5, 2, 1), {}, ValueError, "n_classes must be at least 2, got 1"),
        ((5, 2), {"pad_id": 5}, ValueError, "pad_id must be in 0..4 (vocab_size=5), got 5"),
        ((5, 2), {"pad_id": True}, TypeError, "pad_id must be None or an integer in 0..4, got True"),
        ((5, 2), {"embedding": "table"}, TypeError, "embedding must be an Embedding, got str"),
        ((4, None), {"embedding": Embedding(5, 2, seed=0)}, ValueError,
         "vocab_size=4 disagrees with the given embedding (vocab_size=5)"),
        ((5, 2), {"dtype": np.int32}, TypeError, "dtype must be float32 or float64"),
    ],
)
def test_mean_pool_classifier_rejects_bad_arguments(args, kwargs, error, message):
    with pytest.raises(error) as info:
        MeanPoolClassifier(*args, **kwargs)
    assert message in str(info.value)


def test_models_reject_bad_ids():
    model = MeanPoolClassifier(5, 2, seed=0)
    with pytest.raises(ValueError, match="ids must have shape \\(B, T\\), got \\(3,\\)"):
        model.forward(np.array([1, 2, 3]))
    with pytest.raises(IndexError, match="ids contains 5"):
        model.forward(np.array([[1, 5]]))
    lstm = LSTMClassifier(5, 2, 3, seed=0)
    with pytest.raises(ValueError, match="ids must have shape \\(B, T\\), got \\(3,\\)"):
        lstm.forward(np.array([1, 2, 3]))
    sg = SkipGram(5, 2, seed=0)
    with pytest.raises(ValueError, match="centers must be a 1-D array of ids, got shape \\(1, 2\\)"):
        sg.forward(np.array([[1, 2]]))


def test_lstm_classifier_gradients_and_padding(param_grads_match):
    model = LSTMClassifier(6, 3, 4, 2, seed=0, dtype=np.float64)
    X = np.array([[0, 2, 5, 1], [3, 3, 4, 1]])
    param_grads_match(model, X, np.array([1, 0]), atol=1e-6)
    assert np.allclose(model.forward(np.array([[0, 0, 2, 5]])), model.forward(np.array([[2, 5]])))
    assert [name for name, _, _ in model.parameters()][0] == "embedding.weight"


def test_lstm_classifier_rejects_bad_arguments():
    with pytest.raises(ValueError, match="hidden_dim must be a positive integer"):
        LSTMClassifier(5, 2, 0)
    with pytest.raises(ValueError, match="n_classes must be at least 2"):
        LSTMClassifier(5, 2, 3, 1)
    with pytest.raises(TypeError, match="dtype must be float32 or float64, got int64"):
        LSTMClassifier(5, 2, 3, dtype=np.int64)
    with pytest.raises(ValueError, match="pad_id must be in 0..4"):
        LSTMClassifier(5, 2, 3, pad_id=9)
    with pytest.raises(ValueError, match="dim must be a positive integer"):
        SkipGram(5, 0)
