"""Models, loss, training loop and figures of embedlab.training."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from embedlab import SGD, Adam, Embedding  # noqa: E402
from embedlab.training import (  # noqa: E402
    History,
    LSTMClassifier,
    MaskedMeanPool,
    MeanPoolClassifier,
    ProgressLine,
    SkipGram,
    context_pairs,
    evaluate,
    fit,
    minibatches,
    moved_rows_figure,
    numerical_gradient,
    plot_accuracy_bars,
    plot_curves,
    plot_history,
    project_2d,
    projection_figure,
    scatter_add_figure,
    scatter_add_frames,
    softmax_cross_entropy,
    table_frames,
    table_heatmaps,
    table_scatter,
    top_tokens,
    top_tokens_figure,
    training_step_figure,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _param_grads_match(model, X, y, atol=1e-7):
    """Every parameter's analytic gradient agrees with finite differences."""
    def loss():
        return softmax_cross_entropy(model.forward(X), y)[0]

    model.zero_grad()
    model.backward(softmax_cross_entropy(model.forward(X), y)[1])
    for name, value, grad in model.parameters():
        analytic = grad.copy()
        numeric = numerical_gradient(loss, value, eps=1e-6)
        assert np.allclose(numeric, analytic, rtol=1e-5, atol=atol), name


# --------------------------------------------------------------------------- loss
def test_softmax_cross_entropy_value_and_gradient():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(4, 3))
    y = np.array([0, 2, 1, 2])
    loss, grad = softmax_cross_entropy(z, y)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    assert np.isclose(loss, -np.mean(np.log(p[np.arange(4), y])))
    numeric = numerical_gradient(lambda: softmax_cross_entropy(z, y)[0], z)
    assert np.allclose(grad, numeric, atol=1e-8)
    assert np.allclose(grad.sum(axis=1), 0)


def test_softmax_cross_entropy_is_stable_and_keeps_dtype():
    loss, grad = softmax_cross_entropy(np.array([[1000.0, -1000.0]]), np.array([0]))
    assert loss == 0.0 and np.all(np.isfinite(grad))
    _, g32 = softmax_cross_entropy(np.zeros((2, 2), dtype=np.float32), np.array([0, 1]))
    assert g32.dtype == np.float32


@pytest.mark.parametrize(
    ("logits", "labels", "error", "message"),
    [
        (np.zeros((2, 2), dtype=int), [0, 1], TypeError, "logits must contain floating-point"),
        (np.zeros(3), [0], ValueError, "logits must have shape (B, k)"),
        (np.zeros((2, 1)), [0, 0], ValueError, "k >= 2 classes, got (2, 1)"),
        (np.array([[np.nan, 0.0]]), [0], ValueError, "logits contains NaN"),
        (np.zeros((2, 2)), [0, 2], ValueError, "labels contains 2, outside the valid class ids 0..1"),
        (np.zeros((2, 2)), [0], ValueError, "labels must have shape (2,)"),
        (np.zeros((2, 2)), [0.0, 1.0], TypeError, "labels must be integer class ids"),
    ],
)
def test_softmax_cross_entropy_rejects_bad_input(logits, labels, error, message):
    with pytest.raises(error) as info:
        softmax_cross_entropy(logits, np.asarray(labels))
    assert message in str(info.value)


# --------------------------------------------------------------------------- pooling
def test_masked_mean_pool_forward_and_backward():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(3, 4, 2))
    mask = np.array([[True, True, True, True], [False, False, True, True], [False] * 4])
    pool = MaskedMeanPool()
    out = pool(x, mask)
    assert np.allclose(out[0], x[0].mean(axis=0))
    assert np.allclose(out[1], x[1, 2:].mean(axis=0))
    assert np.array_equal(out[2], np.zeros(2))
    g = rng.normal(size=(3, 2))
    numeric = numerical_gradient(lambda: float(np.sum(pool.forward(x, mask) * g)), x)
    assert np.allclose(pool.backward(g), numeric, atol=1e-8)
    assert np.allclose(pool(x), x.mean(axis=1))
    assert pool.parameters() == [] and pool.zero_grad() is None


def test_masked_mean_pool_rejects_bad_input():
    pool = MaskedMeanPool()
    with pytest.raises(RuntimeError, match="backward\\(\\) was called before forward"):
        pool.backward(np.zeros((1, 2)))
    with pytest.raises(ValueError, match="x must have shape \\(B, T, d\\), got \\(2, 3\\)"):
        pool(np.zeros((2, 3)))
    with pytest.raises(TypeError, match="mask must be boolean"):
        pool(np.zeros((1, 2, 3)), np.ones((1, 2)))
    with pytest.raises(ValueError, match="mask has shape \\(2, 2\\), but x has \\(B, T\\) = \\(1, 2\\)"):
        pool(np.zeros((1, 2, 3)), np.ones((2, 2), dtype=bool))
    pool(np.zeros((1, 2, 3)))
    with pytest.raises(ValueError, match="grad_out has shape \\(1, 2\\)"):
        pool.backward(np.zeros((1, 2)))


# --------------------------------------------------------------------------- models
def test_mean_pool_classifier_gradients_match_finite_differences():
    model = MeanPoolClassifier(7, 3, 3, seed=0, dtype=np.float64)
    X = np.array([[0, 0, 2, 5], [1, 6, 6, 6], [0, 3, 4, 1]])
    _param_grads_match(model, X, np.array([2, 0, 1]))


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
        ((5, 2), {"pad_id": True}, TypeError, "pad_id must be None or an int, got True"),
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


def test_lstm_classifier_gradients_and_padding():
    model = LSTMClassifier(6, 3, 4, 2, seed=0, dtype=np.float64)
    X = np.array([[0, 2, 5, 1], [3, 3, 4, 1]])
    _param_grads_match(model, X, np.array([1, 0]), atol=1e-6)
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


def test_skipgram_gradients_and_arguments():
    model = SkipGram(6, 3, seed=0, dtype=np.float64)
    _param_grads_match(model, np.array([1, 1, 4]), np.array([2, 5, 0]))
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


# --------------------------------------------------------------------------- training
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
    with pytest.raises(TypeError, match="eps must be a number > 0, got True"):
        numerical_gradient(lambda: 0.0, x, eps=True)
    view = np.arange(12.0).reshape(3, 4)[:, ::2]           # a strided view works too
    assert np.allclose(numerical_gradient(lambda: float(np.sum(view ** 2)), view), 2 * view)


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
    with pytest.raises(ValueError, match="contains NaN"):
        project_2d(np.array([[np.nan, 0.0], [0.0, 1.0]]))
    with pytest.raises(TypeError, match="table must be a numeric matrix"):
        project_2d(np.array([["a", "b"]]))
    with pytest.raises(ValueError, match="non-empty 2-D array"):
        project_2d(np.zeros(4))


# --------------------------------------------------------------------------- figures
def test_figures_are_built_with_labels():
    fig = training_step_figure(2, 5, 7, 2, 2)
    assert fig.axes[0].get_title().startswith("One training step")
    fig = scatter_add_figure([4, 1, 3], np.ones((3, 2)), 5, 0)
    assert fig.axes[1].get_title() == "dL/dE after 0 of 3 positions"
    frames = scatter_add_frames([0, 1], np.ones((2, 1)), 2, dpi=20)
    assert len(frames) == 3 and len(set(frames)) == 3
    tables = np.zeros((3, 2, 1))
    tables[1, 0] = 1
    fig = moved_rows_figure({"SGD": tables, "Adam": tables}, row_labels=["x", "y"],
                            looked_up=np.array([[True, False], [False, True]]))
    assert [ax.get_xlabel() for ax in fig.axes] == ["step", "step"]
    fig = plot_history(History([0, 1], [0.7, 0.5], [0.5, 0.7]))
    assert fig.axes[0].get_xlabel() == "epoch"
    ax = plot_curves({"a": [1, 2, 3]}, x=[8, 16, 32], xscale="log", xlabel="n", ylabel="acc",
                     title="t", ylim=(0, 4))
    assert ax.get_xscale() == "log" and ax.get_title() == "t"
    ax = table_scatter(np.zeros((2, 2)), ["a", "b"], ["positive", "neutral"],
                       start=np.ones((2, 2)), label=[True, False], limits=2.0, title="t")
    assert [t.get_text() for t in ax.texts] == ["a"] and ax.get_xlim() == (-2.0, 2.0)
    frames = table_frames(np.zeros((2, 2, 2)), ["a", "b"], ["food", "place"],
                          titles=["x", "y"], dpi=20)
    assert len(frames) == 2
    fig = plot_accuracy_bars({"m": {"a": 0.5}}, chance=0.5, title="t")
    assert fig.axes[0].get_ylabel() == "test accuracy"
    fig = table_heatmaps({"a": np.eye(2)}, row_labels=["x", "y"], outline_rows=[1])
    assert fig.axes[0].get_title() == "a"
    fig = top_tokens_figure(np.arange(8.0).reshape(4, 2), list("abcd"),
                            ["positive", "negative", "neutral", "animal"], k=2)
    assert len(fig.axes[0].patches) == 4
    fig = projection_figure({"a": np.eye(3), "b": np.eye(3)[:, :2] + 1}, list("xyz"),
                            ["food"] * 3, label=[True, False, False])
    assert len(fig.axes) == 2


def test_labels_placed_without_overlap_and_projection_on_one_scale():
    # two words at almost the same point: the fixed offset would print "badd"
    xy = np.array([[0.0, 0.0], [0.02, 0.0], [1.0, 1.0], [-1.0, -1.0]])
    names = ["good", "bad", "x", "y"]
    ax = table_scatter(xy, names, ["positive", "negative", "food", "food"],
                       label=[True, True, False, False], limits=1.2, avoid_overlap=True)
    renderer = ax.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert [t.get_text() for t in ax.texts] == ["good", "bad"]
    assert not boxes[0].overlaps(boxes[1])
    plt.close(ax.figure)
    # the second axis has 1% of the first axis' spread: one scale keeps it small
    table = np.array([[1.0, 0.01], [-1.0, -0.01], [1.0, -0.01], [-1.0, 0.01]])
    fig = projection_figure({"t": table}, list("abcd"), ["food"] * 4)
    coords = fig.axes[0].collections[0].get_offsets()
    assert np.isclose(np.abs(coords).max(), 1.0) and np.abs(coords[:, 1]).max() < 0.02
    assert fig.axes[0].get_xlabel() == "principal axis 1"
    assert fig.get_size_inches()[0] <= 7.0
    plt.close(fig)


def test_figures_reject_bad_input():
    cases = [
        (lambda: training_step_figure(0, 5, 7, 2, 2), ValueError, "B must be a positive integer"),
        (lambda: scatter_add_figure([[1]], np.ones((1, 1)), 3, 0), ValueError,
         "ids must be a non-empty 1-D array"),
        (lambda: scatter_add_figure([1], np.ones((2, 1)), 3, 0), ValueError,
         "grads has 2 rows, but ids has 1 positions"),
        (lambda: scatter_add_figure([1], np.ones((1, 1)), 3, 2), ValueError, "step must be in 0..1, got 2"),
        (lambda: scatter_add_figure([1], np.ones((1, 1)), 3, 1.0), TypeError, "step must be an integer"),
        (lambda: scatter_add_figure([3], np.ones((1, 1)), 3, 0), IndexError, "ids contains 3"),
        (lambda: scatter_add_figure([1], np.ones((1, 1)), 3, 0, row_labels=["a"]), ValueError,
         "row_labels has 1 entries, but the table has 3 rows"),
        (lambda: moved_rows_figure({}), TypeError, "runs must be a non-empty dict"),
        (lambda: moved_rows_figure({"a": np.zeros((1, 2, 2))}), ValueError,
         "runs['a'] must have shape (steps + 1, V, d) with at least one step"),
        (lambda: moved_rows_figure({"a": np.zeros((2, 2, 2)), "b": np.zeros((3, 2, 2))}),
         ValueError, "every run must have the same shape"),
        (lambda: moved_rows_figure({"a": np.zeros((2, 2, 2))}, looked_up=np.ones((1, 2))),
         ValueError, "looked_up must be a boolean array of shape (1, 2)"),
        (lambda: plot_history("h"), TypeError, "history must be a History, got str"),
        (lambda: plot_history(History()), ValueError, "history is empty"),
        (lambda: plot_curves({}, xlabel="x", ylabel="y"), TypeError, "curves must be a non-empty dict"),
        (lambda: plot_curves({"a": [1], "b": [1, 2]}, xlabel="x", ylabel="y"), ValueError,
         "every curve must have the same, non-zero length"),
        (lambda: plot_curves({"a": [1, 2]}, x=[1], xlabel="x", ylabel="y"), ValueError,
         "x must have 2 values"),
        (lambda: plot_curves({"a": [1, 2]}, xlabel="", ylabel="y"), ValueError,
         "xlabel and ylabel must be non-empty strings"),
        (lambda: plot_curves({"a": [1, 2]}, xlabel="x", ylabel="y", xscale="symlog"), ValueError,
         "xscale must be 'linear' or 'log', got 'symlog'"),
        (lambda: table_scatter(np.zeros((2, 3)), ["a", "b"], ["food", "food"]), ValueError,
         "table must have exactly 2 columns"),
        (lambda: table_scatter(np.zeros((2, 2)), ["a", "b"], ["food", "colour"]), ValueError,
         "groups contains 'colour'"),
        (lambda: table_scatter(np.zeros((2, 2)), ["a", "b"], ["food"] * 2, start=np.zeros((3, 2))),
         ValueError, "start has shape (3, 2), but table has shape (2, 2)"),
        (lambda: table_scatter(np.zeros((2, 2)), ["a", "b"], ["food"] * 2, label=[True]),
         ValueError, "label must have one entry per row (2)"),
        (lambda: table_scatter(np.zeros((2, 2)), "ab", ["food"] * 2), TypeError,
         "words must be a list of strings, got str"),
        (lambda: table_frames(np.zeros((2, 2)), ["a", "b"], ["food"] * 2), ValueError,
         "snapshots must have shape (n, V, 2)"),
        (lambda: table_frames(np.zeros((2, 1, 2)), ["a"], ["food"], titles=["x"]), ValueError,
         "titles has 1 entries, but there are 2 snapshots"),
        (lambda: plot_accuracy_bars([]), TypeError, "results must be a non-empty dict"),
        (lambda: plot_accuracy_bars({"m": []}), TypeError, "results['m'] must be a non-empty dict"),
        (lambda: plot_accuracy_bars({"m": {"a": 0.5}, "n": {"b": 0.5}}), ValueError,
         "results['n'] has subsets ['b'], expected ['a']"),
        (lambda: plot_accuracy_bars({"m": {"a": 1.5}}), ValueError,
         "results['m']['a'] must be a number in [0, 1], got 1.5"),
        (lambda: table_heatmaps({}), TypeError, "tables must be a non-empty dict"),
        (lambda: table_heatmaps({"a": np.eye(2), "b": np.ones((2, 3))}), ValueError,
         "every table must have the same shape"),
        (lambda: table_heatmaps({"a": np.eye(2), "b": np.eye(3)}), ValueError,
         "every table must have the same number of rows"),
        (lambda: top_tokens_figure(np.eye(4), list("abcd"), ["food"] * 4, k=3), ValueError,
         "k must be in 1..2 (half of the table's 4 rows), got 3"),
        (lambda: top_tokens_figure(np.eye(4), list("abcd"), ["food"] * 4, k=1.0), TypeError,
         "k must be an integer"),
        (lambda: projection_figure({}, [], []), TypeError, "tables must be a non-empty dict"),
        (lambda: projection_figure({"a": np.eye(3), "b": np.eye(2)}, list("abc"), ["food"] * 3),
         ValueError, "every table must have the same number of rows"),
    ]
    for make, error, message in cases:
        with pytest.raises(error) as info:
            make()
        assert message in str(info.value), message
