"""Tests for embedlab.skipgram: the full-softmax skip-gram, its context pairs, and
skip-gram with negative sampling (SGNS)."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab.cooccurrence import pmi
from embedlab.skipgram import SkipGram, SkipGramNS, context_pairs


def test_skipgram_gradients_and_arguments(param_grads_match):
    model = SkipGram(6, 3, seed=0, dtype=np.float64)
    param_grads_match(model, np.array([1, 1, 4]), np.array([2, 5, 0]))
    assert model.forward(np.array([0, 5])).shape == (2, 6)
    with pytest.raises(ValueError, match="vocab_size must be at least 2, got 1"):
        SkipGram(1, 3)


def test_context_pairs():
    ids = np.array([[0, 5, 6, 7], [8, 9, 0, 0]])
    centers, contexts = context_pairs(ids, window=2)
    pairs = set(zip(centers.tolist(), contexts.tolist()))
    assert pairs == {(5, 6), (6, 5), (6, 7), (7, 6), (5, 7), (7, 5), (8, 9), (9, 8)}
    assert len(centers) == 8
    assert len(context_pairs(ids, window=50)[0]) == 8
    assert len(context_pairs(ids, window=1, pad_id=None)[0]) == 12
    assert context_pairs(np.array([[3]]), window=2)[0].size == 0
    with pytest.raises(TypeError, match="ids must be integers, got dtype float64"):
        context_pairs(np.zeros((2, 2)), 1)
    with pytest.raises(ValueError, match="ids must have shape \\(n, T\\), got \\(3,\\)"):
        context_pairs(np.array([1, 2, 3]), 1)
    with pytest.raises(ValueError, match="window must be a positive integer"):
        context_pairs(ids, 0)


# ---------------------------------------------------------------- SGNS
def _pairs(seed=0, n=20000):
    """Pairs drawn from a fixed joint distribution over 6 words: two blocks of 3
    words that mostly meet each other, with uneven probabilities inside the blocks."""
    rng = np.random.default_rng(seed)
    joint = np.kron(np.eye(2), np.ones((3, 3))) * np.random.default_rng(42).gamma(2.0, size=(6, 6))
    joint = joint + joint.T + 0.02
    joint /= joint.sum()
    cells = rng.choice(36, size=n, p=joint.ravel())
    return cells // 6, cells % 6


def test_sgns_dot_products_approach_shifted_pmi():
    centres, contexts = _pairs()
    counts = np.zeros((6, 6))
    np.add.at(counts, (centres, contexts), 1)
    model = SkipGramNS(6, 6, negatives=2, noise_power=1.0, seed=0)
    losses = model.fit(centres, contexts, epochs=40, batch_size=256, lr=0.02)
    assert losses[-1] < losses[0]
    seen = counts >= 50
    target = pmi(counts, shift=2.0)[seen]
    assert np.corrcoef(model.scores()[seen], target)[0, 1] > 0.9
    assert np.abs(model.scores()[seen] - target).mean() < 0.2


def test_sgns_noise_distribution_seed_and_callback():
    centres, contexts = _pairs(1, n=600)
    epochs_seen = []
    a = SkipGramNS(6, 3, negatives=3, noise_power=0.5, seed=7)
    a.fit(centres, contexts, epochs=2, batch_size=100, callback=lambda e, m: epochs_seen.append(e))
    assert epochs_seen == [0, 1, 2]
    freq = np.bincount(contexts, minlength=6) ** 0.5
    assert np.allclose(a.noise, freq / freq.sum())
    b = SkipGramNS(6, 3, negatives=3, noise_power=0.5, seed=7)
    b.fit(centres, contexts, epochs=2, batch_size=100)
    assert np.array_equal(a.words.weight, b.words.weight)
    assert np.array_equal(a.contexts.weight, b.contexts.weight)


def test_sgns_never_draws_unseen_contexts():
    model = SkipGramNS(5, 2, negatives=4, seed=0)
    model.fit([0, 1, 0, 1], [1, 0, 1, 0], epochs=1, batch_size=2)
    assert model.noise[2:].tolist() == [0.0, 0.0, 0.0]
    assert np.all(model.contexts.weight[2:] == 0)               # never a target, never moved


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"vocab_size": 1}, ValueError, "vocab_size must be at least 2"),
        ({"dim": 0}, ValueError, "dim must be a positive integer"),
        ({"negatives": 0}, ValueError, "negatives must be a positive integer"),
        ({"noise_power": 1.5}, ValueError, r"noise_power must be in \[0, 1\]"),
        ({"noise_power": True}, TypeError, "noise_power must be a number"),
    ],
)
def test_sgns_rejects_bad_construction(kwargs, error, message):
    args = {"vocab_size": 4, "dim": 2, **kwargs}
    with pytest.raises(error, match=message):
        SkipGramNS(**args)


@pytest.mark.parametrize(
    "centres, contexts, kwargs, error, message",
    [
        ([0.0, 1.0], [1, 0], {}, TypeError, "centres must be integer ids"),
        ([[0, 1]], [1, 0], {}, ValueError, "centres must be a non-empty 1-D array"),
        (np.array([], dtype=int), [], {}, ValueError, "centres must be a non-empty 1-D array"),
        ([0, 4], [1, 0], {}, ValueError, r"centres contains 4, outside the valid range 0..3"),
        ([0, 1], [1, -1], {}, ValueError, r"contexts contains -1"),
        ([0, 1], [1], {}, ValueError, "centres and contexts must have the same length"),
        ([0, 1], [1, 0], {"epochs": 0}, ValueError, "epochs must be a positive integer"),
        ([0, 1], [1, 0], {"batch_size": 0}, ValueError, "batch_size must be a positive integer"),
        ([0, 1], [1, 0], {"lr": -1.0}, ValueError, "lr must be a finite number > 0"),
        ([0, 1], [1, 0], {"callback": "x"}, TypeError, "callback must be callable"),
    ],
)
def test_sgns_fit_rejects_bad_input(centres, contexts, kwargs, error, message):
    model = SkipGramNS(4, 2, seed=0)
    args = {"epochs": 1, **kwargs}
    with pytest.raises(error, match=message):
        model.fit(np.asarray(centres), np.asarray(contexts), **args)
