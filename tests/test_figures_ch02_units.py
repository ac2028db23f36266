"""embedlab.figures.ch02_units: what each unit responds to, as bars and as alignment with
known features."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from embedlab.figures.ch02 import MAX_WIDTH  # noqa: E402
from embedlab.figures.ch02_units import alignment_figure, unit_bars  # noqa: E402


@pytest.fixture
def W() -> np.ndarray:
    return np.random.default_rng(2).uniform(-1, 1, size=(5, 3)).round(2)


def test_unit_bars_fit_the_page():
    W = np.random.default_rng(0).normal(size=(10, 3))
    fig = unit_bars(W, token_labels=[f"w{i}" for i in range(10)], k=3)
    renderer = fig.canvas.get_renderer()
    assert fig.get_tightbbox(renderer).width <= MAX_WIDTH + 0.01


def test_unit_bars_sorts_each_unit_and_colours_the_top_k():
    W = np.array([[0.9, 0.0], [0.1, 0.8], [0.7, -0.5]])
    fig = unit_bars(W, token_labels=["cat", "pie", "dog"], k=2, unit_names=["animal", "food"])
    first, second = fig.axes
    assert [t.get_text() for t in first.get_yticklabels()] == ["cat", "dog", "pie"]
    assert [t.get_text() for t in second.get_yticklabels()] == ["pie", "cat", "dog"]
    assert second.get_title() == "unit 1: food"
    colours = [matplotlib.colors.to_hex(bar.get_facecolor()) for bar in first.patches]
    assert colours[0] == colours[1] != colours[2]
    assert [bar.get_width() for bar in second.patches] == [0.8, 0.0, -0.5]
    assert first.get_xlabel() == "W[i, 0]"
    assert fig.get_supxlabel() == "W[i, j]: unit j's output for token i"


def test_unit_bars_errors():
    W = np.ones((3, 2))
    with pytest.raises(ValueError, match=r"k must be in 1\.\.3 \(W has 3 tokens\), got 4"):
        unit_bars(W, k=4)
    with pytest.raises(ValueError, match=r"k must be in 1\.\.3 \(W has 3 tokens\), got 0"):
        unit_bars(W, k=0)
    with pytest.raises(TypeError, match="k must be an integer, got '2'"):
        unit_bars(W, k="2")
    with pytest.raises(ValueError, match="unit_names has 1 entries, but W has 2 units"):
        unit_bars(W, unit_names=["a"])
    with pytest.raises(TypeError, match="unit_names must be a list of strings, got str"):
        unit_bars(W, unit_names="ab")
    with pytest.raises(ValueError, match=r"W has shape \(31, 2\); unit_bars shows at most 30 tokens"):
        unit_bars(np.ones((31, 2)))


# --------------------------------------------------------------- alignment_figure
def test_alignment_figure_draws_one_heat_map_per_matrix():
    fig = alignment_figure([np.eye(3), np.full((3, 3), 0.4)], ["a", "b"],
                           feature_labels=["x", "y", "z"])
    assert [ax.get_title() for ax in fig.axes[:2]] == ["a", "b"]
    assert fig.axes[2].get_ylabel() == "alignment (|correlation|)"      # the colour bar
    assert fig.get_size_inches()[0] <= MAX_WIDTH + 1e-9
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["x", "y", "z"]
    assert fig.axes[0].get_ylabel() == "unit j (column j of W)"
    assert fig.axes[0].get_xlabel() == r"planted feature $\ell$"   # the page's symbol


def test_alignment_figure_errors():
    with pytest.raises(TypeError, match="alignments must be a list of matrices"):
        alignment_figure(np.eye(2), ["a"])
    with pytest.raises(ValueError, match="at least one matrix, got 0"):
        alignment_figure([], [])
    with pytest.raises(ValueError, match=r"alignments\[0\] has values outside \[0, 1\]"):
        alignment_figure([np.full((2, 2), 1.5)], ["a"])
    with pytest.raises(ValueError, match=r"alignments\[1\] has shape \(3, 3\), but alignments\[0\] has \(2, 2\)"):
        alignment_figure([np.eye(2), np.eye(3)], ["a", "b"])
    with pytest.raises(ValueError, match=r"titles must hold one string per matrix \(2\)"):
        alignment_figure([np.eye(2), np.eye(2)], ["a"])
    with pytest.raises(ValueError, match="feature_labels has 3 entries, but there are 2 features"):
        alignment_figure([np.eye(2)], ["a"], feature_labels=["x", "y", "z"])
