"""The figures and slider frames of chapter 5: embedlab.figures.ch05."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from embedlab.figures.style import FRAME_DPI  # noqa: E402
from embedlab.figures.ch05 import (  # noqa: E402
    autoencoder_figure,
    category_map,
    columns_figure,
    matrices_figure,
    pca_figure,
    rank_frames,
    rotation_frames,
    sgns_frames,
    spectrum_figure,
)

PNG = b"\x89PNG\r\n\x1a\n"


def _data(seed=0, n=60, scales=(3.0, 2.0, 1.0, 0.2, 0.1)):
    rng = np.random.default_rng(seed)
    Q = np.linalg.qr(rng.normal(size=(len(scales), len(scales))))[0]
    X = rng.normal(size=(n, len(scales))) * scales @ Q.T
    return X - X.mean(axis=0)


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


def test_labels_count_from_one():
    fig = pca_figure(_data(n=20, scales=(2.0, 0.5)))
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {"component 1", "component 2"} <= texts and fig.axes[0].get_xlabel() == "feature 1"
    fig = spectrum_figure({"a": [0.5, 0.3, 0.2]})
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["1", "2", "3"]
    fig = columns_figure({"a": np.random.default_rng(5).normal(size=(10, 3))})
    assert [t.get_text() for t in fig.axes[1].get_xticklabels()] == ["1", "2", "3"]
    assert category_map(np.eye(6, 2), WORDS, GROUPS).get_xlabel() == "dimension 1"


def test_category_map_keeps_the_labels_of_near_points_apart():
    xy = np.array([[2.0, 1.0], [2.2, 0.8], [-2.0, 1.0], [-2.0, -1.5], [0.02, 0.01], [0.0, 0.0]])
    ax = category_map(xy, WORDS, GROUPS, label=[True] * 6)
    fig = ax.figure
    assert fig.get_figwidth() <= 6.9
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = {t.get_text(): t.get_window_extent(renderer) for t in ax.texts}
    assert set(boxes) == set(WORDS)
    assert not boxes["good"].overlaps(boxes["the"])  # their points almost coincide


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


def test_rank_frames_are_deterministic_pngs():
    rng = np.random.default_rng(0)
    M = rng.random((6, 6))
    frames = rank_frames(M, GROUPS, [1, 2, 3], dpi=30)
    assert len(frames) == 3 and all(f.startswith(PNG) for f in frames)
    assert len(set(frames)) == 3
    assert frames == rank_frames(M, GROUPS, [1, 2, 3], dpi=30)
    with pytest.raises(ValueError, match="groups has 2 entries, but matrix has 6 rows"):
        rank_frames(M, GROUPS[:2], [1])
    with pytest.raises(ValueError, match=r"ranks must be a non-empty list of ranks in 1..6"):
        rank_frames(M, GROUPS, [0, 7])
    with pytest.raises(ValueError, match=r"ranks must be a non-empty list of ranks in 1..6"):
        rank_frames(M, GROUPS, [])


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


def test_columns_figure_prints_cosines_to_two_decimals():
    # A nearly orthogonal table (cosines of a few hundredths) must not print
    # the same "0.0" as PCA's exact zeros.
    rng = np.random.default_rng(6)
    basis = np.linalg.qr(rng.normal(size=(40, 3)))[0]
    nearly = basis + 0.03 * rng.normal(size=(40, 3))
    fig = columns_figure({"nearly": nearly})
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert len(texts) == 9 and "1.00" in texts
    assert all(len(t.lstrip("-").split(".")[1]) == 2 for t in texts)
    assert any(t not in ("0.00", "1.00") for t in texts)   # the small cosines show
    assert "-0.00" not in texts


def test_figures_and_frames_fit_the_text_column():
    """The text column is about 690 px wide: at 100 dpi, figures no wider than 7 inches
    (and frames no wider than 700 px) are shown at their real size, so 9 pt stays 9 pt."""
    import io

    from embedlab.figures import set_style
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
    frames = (rank_frames(M, GROUPS, [1, 2])
              + sgns_frames(_snapshots(2), rng.normal(size=(6, 2)), WORDS, GROUPS, max_points=20)
              + rotation_frames({"E": rng.normal(size=(6, 8))}, {"E": [0.2, 0.9, 0.5]}, WORDS,
                                ["a sentence of some length and more words", "s1", "s2"]))
    widths = [Image.open(io.BytesIO(frame)).width for frame in frames]
    assert all(600 <= w * 100 / FRAME_DPI <= 700 for w in widths), widths  # as shown on the page
