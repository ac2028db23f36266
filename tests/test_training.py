"""The training loop of embedlab.training: minibatches, fit, evaluate, the progress line
and the numerical gradient."""

from __future__ import annotations

import re

import numpy as np
import pytest

from embedlab import SGD, Adam
from embedlab.classifiers import MeanPoolClassifier
from embedlab.training import (
    History,
    ProgressLine,
    evaluate,
    fit,
    minibatches,
    numerical_gradient,
)


def test_minibatches_cover_every_index_once():
    batches = list(minibatches(10, 3, np.random.default_rng(0)))
    assert [len(b) for b in batches] == [3, 3, 3, 1]
    assert sorted(np.concatenate(batches).tolist()) == list(range(10))
    again = list(minibatches(10, 3, np.random.default_rng(0)))
    assert all(np.array_equal(a, b) for a, b in zip(batches, again))
    with pytest.raises(ValueError, match="n must be a positive integer"):
        list(minibatches(0, 3, np.random.default_rng(0)))
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        list(minibatches(5, 0, np.random.default_rng(0)))
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator, got int"):
        list(minibatches(5, 2, 0))


def _toy():
    rng = np.random.default_rng(0)
    X = rng.integers(1, 7, size=(60, 4))
    y = (np.isin(X, [1, 2]).sum(axis=1) > np.isin(X, [3, 4]).sum(axis=1)).astype(int)
    return X, y


def test_fit_learns_and_is_deterministic():
    X, y = _toy()
    results = []
    for _ in range(2):
        model = MeanPoolClassifier(7, 4, 2, seed=3)
        seen = []
        history = fit(model, X[:40], y[:40], optimizer=Adam(model.layers, lr=0.05), epochs=30,
                      batch_size=8, seed=1, X_test=X[40:], y_test=y[40:],
                      callback=lambda e, m, h: seen.append(e), eval_every=10)
        results.append((history, model.embedding.weight.copy()))
        assert seen == [0, 10, 20, 30] == history.epochs
        assert history.steps == 30 * 5
    (h1, w1), (h2, w2) = results
    assert h1 == h2 and np.array_equal(w1, w2)
    assert h1.train_acc[-1] > 0.9 and h1.train_loss[-1] < h1.train_loss[0]
    assert len(h1.test_acc) == 4


def test_fit_and_evaluate_reject_bad_arguments():
    X, y = _toy()
    model = MeanPoolClassifier(7, 2, 2, seed=0)
    opt = SGD(model.layers, lr=0.1)
    cases = [
        (dict(y=y[:5]), ValueError, "y must have shape (60,)"),
        (dict(y=y.astype(float)), TypeError, "y must be integer class ids"),
        (dict(optimizer="sgd"), TypeError, "optimizer must have step() and zero_grad()"),
        (dict(epochs=0), ValueError, "epochs must be a positive integer"),
        (dict(X_test=X), ValueError, "give both X_test and y_test, or neither"),
        (dict(callback=3), TypeError, "callback must be callable, got 3"),
        (dict(X=X[:0], y=y[:0]), ValueError, "X must hold at least one example"),
        (dict(batch_size=0), ValueError, "batch_size must be a positive integer"),
        (dict(eval_every=0), ValueError, "eval_every must be a positive integer"),
        (dict(seed=-3), ValueError, "seed must be None, a non-negative int"),
    ]
    for change, error, message in cases:
        args = dict(X=X, y=y, optimizer=opt, epochs=1)
        args.update(change)
        with pytest.raises(error) as info:
            fit(model, args.pop("X"), args.pop("y"), **args)
        assert message in str(info.value)
    with pytest.raises(ValueError, match="X must hold at least one example"):
        evaluate(model, X[:0], y[:0])
    with pytest.raises(ValueError, match="y contains 2, outside the valid class ids 0..1"):
        evaluate(model, X[:2], np.array([0, 2]))
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        evaluate(model, X, y, batch_size=0)


def test_progress_line_prints_short_lines(capsys):
    history = History([0, 1, 2, 3], [0.7, 0.6, 0.5, 0.4], [0.5, 0.6, 0.7, 0.8])
    show = ProgressLine(every=2, total=3)
    for epoch in range(4):
        show(epoch, None, History(history.epochs[:epoch + 1], history.train_loss[:epoch + 1],
                                  history.train_acc[:epoch + 1]))
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["epoch 0/3: train loss 0.700, acc 0.500",
                     "epoch 2/3: train loss 0.500, acc 0.700",
                     "epoch 3/3: train loss 0.400, acc 0.800"]
    assert History().last() == "no epochs yet"
    with pytest.raises(ValueError, match="every must be a positive integer"):
        ProgressLine(every=0)


def test_numerical_gradient_restores_and_validates():
    x = np.array([[1.0, 2.0], [3.0, -1.0]])
    before = x.copy()
    g = numerical_gradient(lambda: float(np.sum(x ** 2)), x)
    assert np.allclose(g, 2 * before) and np.array_equal(x, before)
    with pytest.raises(TypeError, match="f must be callable"):
        numerical_gradient(3, x)
    with pytest.raises(TypeError, match="x must be a float64 numpy array .* got float32"):
        numerical_gradient(lambda: 0.0, x.astype(np.float32))
    with pytest.raises(TypeError, match="got list"):
        numerical_gradient(lambda: 0.0, [1.0])
    with pytest.raises(ValueError, match="eps must be a finite number > 0, got 0"):
        numerical_gradient(lambda: 0.0, x, eps=0)
    with pytest.raises(TypeError, match=re.escape("eps must be a finite number > 0, got True")):
        numerical_gradient(lambda: 0.0, x, eps=True)
    view = np.arange(12.0).reshape(3, 4)[:, ::2]           # a strided view works too
    assert np.allclose(numerical_gradient(lambda: float(np.sum(view ** 2)), view), 2 * view)
