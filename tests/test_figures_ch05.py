"""The linear autoencoder, skip-gram with negative sampling, Procrustes and the figures
of embedlab.analogy."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from scipy.linalg import subspace_angles  # noqa: E402

from embedlab.analogy import (  # noqa: E402
    Alignment,
    LinearAutoencoder,
    SkipGramNS,
    autoencoder_figure,
    category_map,
    columns_figure,
    matrices_figure,
    pca_figure,
    procrustes_align,
    rank_k_frames,
    rotation_frames,
    sgns_frames,
    spectrum_figure,
)
from embedlab.cooccurrence import pmi  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _data(seed=0, n=60, scales=(3.0, 2.0, 1.0, 0.2, 0.1)):
    rng = np.random.default_rng(seed)
    Q = np.linalg.qr(rng.normal(size=(len(scales), len(scales))))[0]
    X = rng.normal(size=(n, len(scales))) * scales @ Q.T
    return X - X.mean(axis=0)


def _pca_basis(X, k):
    return np.linalg.svd(X, full_matrices=False)[2][:k].T


# ------------------------------------------------------- linear autoencoder
def test_autoencoder_learns_the_pca_subspace_and_error():
    X = _data()
    model = LinearAutoencoder(5, 2, seed=0)
    losses = model.fit(X, steps=3000, lr=0.03)
    assert len(losses) == 3001 and losses[-1] < losses[0]
    angles = np.degrees(subspace_angles(model.decoder.weight.T, _pca_basis(X, 2)))
    assert angles.max() < 0.5
    s = np.linalg.svd(X, compute_uv=False)
    assert model.loss(X) == pytest.approx(np.sum(s[2:] ** 2) / len(X), rel=1e-3)


def test_autoencoder_is_invariant_under_invertible_mixing():
    X = _data(1)
    model = LinearAutoencoder(5, 2, seed=1)
    model.fit(X, steps=50, lr=0.02)
    G = np.array([[2.0, 1.0], [0.5, 3.0]])
    other = LinearAutoencoder(5, 2, seed=2)
    other.encoder.weight[...] = model.encoder.weight @ G
    other.decoder.weight[...] = np.linalg.inv(G) @ model.decoder.weight
    assert other.loss(X) == pytest.approx(model.loss(X), rel=1e-10)
    assert model.encode(X).shape == (60, 2) and model.reconstruct(X).shape == (60, 5)


def test_autoencoder_callback_and_seed():
    X = _data(2)
    seen = []
    a = LinearAutoencoder(5, 3, seed=4)
    a.fit(X, steps=10, lr=0.01, callback=lambda step, m: seen.append(step), every=4)
    assert seen == [0, 4, 8, 10]
    b = LinearAutoencoder(5, 3, seed=4)
    b.fit(X, steps=10, lr=0.01)
    assert np.array_equal(a.decoder.weight, b.decoder.weight)


@pytest.mark.parametrize(
    "args, kwargs, error, message",
    [
        ((3, 4), {}, ValueError, r"k must be in 1..3 \(n_features=3\)"),
        ((0, 1), {}, ValueError, "n_features must be a positive integer"),
        ((3, 0), {}, ValueError, "k must be a positive integer"),
        ((3, 1), {"dtype": np.int32}, TypeError, "dtype must be float32 or float64"),
        ((3, 1), {"seed": -1}, ValueError, "seed must be None, a non-negative int"),
    ],
)
def test_autoencoder_rejects_bad_construction(args, kwargs, error, message):
    with pytest.raises(error, match=message):
        LinearAutoencoder(*args, **kwargs)


@pytest.mark.parametrize(
    "X, kwargs, error, message",
    [
        (np.ones((4, 2)), {}, ValueError, r"X must have 3 columns \(n_features\)"),
        (np.array([[1.0, np.nan, 0.0]]), {}, ValueError, "X contains NaN"),
        (np.array([["a", "b", "c"]]), {}, TypeError, "X must be a numeric matrix"),
        (np.ones(3), {}, ValueError, "X must be a non-empty 2-D array"),
        (np.ones((4, 3)), {"steps": 0}, ValueError, "steps must be a positive integer"),
        (np.ones((4, 3)), {"lr": 0.0}, ValueError, "lr must be a finite number > 0"),
        (np.ones((4, 3)), {"every": 0}, ValueError, "every must be a positive integer"),
        (np.ones((4, 3)), {"callback": 3}, TypeError, "callback must be callable"),
    ],
)
def test_autoencoder_fit_rejects_bad_input(X, kwargs, error, message):
    model = LinearAutoencoder(3, 1, seed=0)
    args = {"steps": 5, "lr": 0.1, **kwargs}
    with pytest.raises(error, match=message):
        model.fit(X, **args)


def test_autoencoder_reports_divergence():
    model = LinearAutoencoder(5, 2, seed=0)
    with pytest.raises(FloatingPointError, match="the loss diverged at step"):
        with np.errstate(over="ignore", invalid="ignore"):
            model.fit(_data() * 100, steps=200, lr=10.0)


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


# -------------------------------------------------------------------- figures
WORDS = ["dog", "cat", "car", "bus", "good", "the"]
GROUPS = ["animal", "animal", "vehicle", "vehicle", "positive", "neutral"]


def test_pca_figure_and_its_errors():
    fig = pca_figure(_data(n=20, scales=(2.0, 0.5)))
    assert fig.axes[0].get_title() == "PCA of a cloud of points"
    with pytest.raises(ValueError, match=r"points must have shape \(n, 2\)"):
        pca_figure(np.ones((5, 3)))


def test_spectrum_figure_and_its_errors():
    fig = spectrum_figure({"a": [0.5, 0.3, 0.2], "b": [0.9, 0.1]}, top=2)
    assert len(fig.axes) == 2 and len(fig.axes[0].patches) == 2
    with pytest.raises(TypeError, match="spectra must be a non-empty dict"):
        spectrum_figure([0.5, 0.5])
    with pytest.raises(ValueError, match="top must be a positive integer"):
        spectrum_figure({"a": [1.0]}, top=0)


def test_category_map_and_matrices_figure():
    xy = np.arange(12, dtype=float).reshape(6, 2) - 5
    ax = category_map(xy, WORDS, GROUPS, label=[True] * 6, title="t")
    assert ax.get_title() == "t" and len(ax.texts) == 6
    fig = matrices_figure({"counts": np.eye(3), "PPMI": np.eye(3)}, ["a", "b", "c"],
                          outline_rows=[1], fmts=["{:.0f}", "{:.2f}"])
    assert [a.get_title() for a in fig.axes] == ["counts", "PPMI"]
    with pytest.raises(ValueError, match="fmts has 1 entries, but there are 2 panels"):
        matrices_figure({"a": np.eye(2), "b": np.eye(2)}, ["x", "y"], fmts=["{:.1f}"])
    with pytest.raises(TypeError, match="panels must be a non-empty dict"):
        matrices_figure({}, ["x"])


def test_rank_k_frames_are_deterministic_pngs():
    rng = np.random.default_rng(0)
    M = rng.random((6, 6))
    frames = rank_k_frames(M, GROUPS, [1, 2, 3], dpi=30)
    assert len(frames) == 3 and all(f.startswith(PNG) for f in frames)
    assert len(set(frames)) == 3
    assert frames == rank_k_frames(M, GROUPS, [1, 2, 3], dpi=30)
    with pytest.raises(ValueError, match="groups has 2 entries, but matrix has 6 rows"):
        rank_k_frames(M, GROUPS[:2], [1])
    with pytest.raises(ValueError, match=r"ks must be a non-empty list of ranks in 1..6"):
        rank_k_frames(M, GROUPS, [0, 7])
    with pytest.raises(ValueError, match=r"ks must be a non-empty list of ranks in 1..6"):
        rank_k_frames(M, GROUPS, [])


def test_autoencoder_figure_and_its_errors():
    fig = autoencoder_figure([0, 1, 2], [3.0, 2.0, 1.0], [90.0, 1.0, 0.0], 1.0)
    assert fig.axes[1].get_yscale() == "log"
    with pytest.raises(ValueError, match="steps, losses and angles must be 1-D"):
        autoencoder_figure([0, 1], [1.0], [1.0, 2.0], 1.0)


def _snapshots(n=3):
    rng = np.random.default_rng(1)
    return [{"epoch": e, "pmi": rng.normal(size=50), "dots": rng.normal(size=50),
             "map": rng.normal(size=(6, 2))} for e in range(n)]


def test_sgns_frames_and_their_errors():
    target = np.random.default_rng(2).normal(size=(6, 2))
    frames = sgns_frames(_snapshots(), target, WORDS, GROUPS, max_points=20, dpi=30)
    assert len(frames) == 3 and all(f.startswith(PNG) for f in frames)
    assert frames == sgns_frames(_snapshots(), target, WORDS, GROUPS, max_points=20, dpi=30)
    quiet = sgns_frames(_snapshots(1), target, WORDS, GROUPS, legend=False, label=[False] * 6, dpi=30)
    assert len(quiet) == 1
    with pytest.raises(ValueError, match="snapshots must hold at least one checkpoint"):
        sgns_frames([], target, WORDS, GROUPS)
    with pytest.raises(ValueError, match=r"snapshots\[0\] lacks the keys \['dots'\]"):
        sgns_frames([{"epoch": 0, "pmi": [0.0], "map": target}], target, WORDS, GROUPS)
    with pytest.raises(ValueError, match="words and groups need one entry per row"):
        sgns_frames(_snapshots(), target, WORDS[:3], GROUPS)
    with pytest.raises(ValueError, match="max_points must be a positive integer"):
        sgns_frames(_snapshots(), target, WORDS, GROUPS, max_points=0)
    with pytest.raises(TypeError, match="legend must be True or False"):
        sgns_frames(_snapshots(), target, WORDS, GROUPS, legend="no")


def test_columns_figure_and_rotation_frames():
    rng = np.random.default_rng(3)
    fig = columns_figure({"a": rng.normal(size=(10, 3)), "b": rng.normal(size=(10, 3))})
    assert len(fig.axes) == 4
    with pytest.raises(TypeError, match="tables must be a non-empty dict"):
        columns_figure([np.eye(2)])
    frames = rotation_frames({"E": np.eye(2), "EQ": -np.eye(2)}, {"E": [0.2, 0.9], "EQ": [0.2, 0.9]},
                             ["x", "y"], ["s0", "s1"], dpi=30)
    assert len(frames) == 2 and frames[0] != frames[1]
    with pytest.raises(ValueError, match="tables and outputs must be dicts with the same keys"):
        rotation_frames({"E": np.eye(2)}, {"F": [0.1]}, ["x", "y"], ["s0"])
    with pytest.raises(ValueError, match=r"outputs\['E'\] has 1 values, but there are 2 output labels"):
        rotation_frames({"E": np.eye(2)}, {"E": [0.1]}, ["x", "y"], ["s0", "s1"])


def test_figures_and_frames_fit_the_text_column():
    """The text column is about 690 px wide: at 100 dpi, figures no wider than 7 inches
    (and frames no wider than 700 px) are shown at their real size, so 9 pt stays 9 pt."""
    import io

    from embedlab import set_style
    from PIL import Image

    set_style()
    rng = np.random.default_rng(4)
    figures = [
        pca_figure(_data(n=20, scales=(2.0, 0.5))),
        spectrum_figure({"a": [0.5, 0.3, 0.2], "b": [0.9, 0.1]}),
        matrices_figure({"counts": np.eye(7), "PPMI": np.eye(7)}, list("abcdefg")),
        autoencoder_figure([0, 1, 2], [3.0, 2.0, 1.0], [90.0, 1.0, 0.0], 1.0),
        columns_figure({"a": rng.normal(size=(10, 8)), "b": rng.normal(size=(10, 8))}),
    ]
    assert all(fig.get_figwidth() <= 7.0 for fig in figures)
    M = rng.random((6, 6))
    frames = (rank_k_frames(M, GROUPS, [1, 2])
              + sgns_frames(_snapshots(2), rng.normal(size=(6, 2)), WORDS, GROUPS, max_points=20)
              + rotation_frames({"E": rng.normal(size=(6, 8))}, {"E": [0.2, 0.9, 0.5]}, WORDS,
                                ["a sentence of some length and more words", "s1", "s2"]))
    widths = [Image.open(io.BytesIO(frame)).width for frame in frames]
    assert all(600 <= w <= 700 for w in widths), widths
