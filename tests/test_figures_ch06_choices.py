"""The figures of chapter 6, part 2: embedlab.figures.ch06_choices."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from embedlab.figures.ch06_choices import (  # noqa: E402
    PAGE_WIDTH,
    dimension_figure,
    evaluation_figure,
    pictures_figure,
    rare_words_figure,
)


def _width(fig):
    return fig.get_size_inches()[0]


def test_dimension_figure_draws_both_curves_and_every_mark():
    fig = dimension_figure([1, 2, 4, 8], [4.0, 3.0, 2.5, 3.5], [9.0, 8.0, 7.0, 7.5],
                           {"best": 4, "rule": 2})
    left, right = fig.axes
    assert left.get_xscale() == right.get_xscale() == "log"
    assert np.allclose(left.lines[0].get_ydata(), [4.0, 3.0, 2.5, 3.5])
    assert len(left.lines) == len(right.lines) == 3  # the curve and two marks
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["best: 4", "rule: 2"]
    assert _width(fig) <= PAGE_WIDTH


def test_dimension_figure_refuses_bad_input():
    with pytest.raises(ValueError, match="heldout_error has 2 values, but dims has 3"):
        dimension_figure([1, 2, 3], [1.0, 2.0], [1.0, 2.0, 3.0], {})
    with pytest.raises(ValueError, match="positive and increasing"):
        dimension_figure([3, 2, 1], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0], {})
    with pytest.raises(TypeError, match="marks must be a dict"):
        dimension_figure([1, 2], [1.0, 2.0], [1.0, 2.0], [1])


def test_pictures_figure_one_panel_per_picture_one_colour_per_cluster():
    xy = np.random.default_rng(0).normal(size=(6, 2))
    fig = pictures_figure({"PCA": xy, "t-SNE": 2 * xy}, [0, 0, 1, 1, 2, 2], names=["a", "b", "c"])
    assert [ax.get_title() for ax in fig.axes] == ["PCA", "t-SNE"]
    assert len(fig.axes[0].collections) == 3
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["a", "b", "c"]
    assert _width(fig) <= PAGE_WIDTH


def test_pictures_figure_refuses_bad_input():
    xy = np.zeros((4, 2))
    with pytest.raises(TypeError, match="non-empty dict"):
        pictures_figure({}, [0, 1, 0, 1])
    with pytest.raises(ValueError, match="must have 2 columns"):
        pictures_figure({"a": np.zeros((4, 3))}, [0, 1, 0, 1])
    with pytest.raises(ValueError, match="same number of points"):
        pictures_figure({"a": xy, "b": xy[:3]}, [0, 1, 0, 1])
    with pytest.raises(ValueError, match="names has 1 entries, but there are 2 cluster ids"):
        pictures_figure({"a": xy}, [0, 1, 0, 1], names=["x"])


def test_rare_words_and_evaluation_figures():
    fig = rare_words_figure(["1", "2-4"], [0.001, 0.02], chance=0.001, ylabel="overlap")
    assert [p.get_height() for p in fig.axes[0].patches] == [0.001, 0.02]
    assert fig.axes[0].get_legend().get_texts()[0].get_text() == "chance (0.0010)"
    with pytest.raises(ValueError, match="bands has 1 entries, but values has 2"):
        rare_words_figure(["1"], [0.1, 0.2], chance=0.0, ylabel="y")
    fig = evaluation_figure(["a", "b", "c"], [0.1, 0.2, 0.3], [0.5, 0.7, 0.6], xlabel="x", ylabel="y")
    assert [t.get_text() for t in fig.axes[0].texts] == ["a", "b", "c"]
    assert fig.axes[0].get_xlabel() == "x"
    with pytest.raises(ValueError, match="extrinsic has 2 values, but dims has 3"):
        evaluation_figure(["a", "b", "c"], [0.1, 0.2, 0.3], [0.5, 0.7], xlabel="x", ylabel="y")
