"""The figures of chapter 7, part 3: embedlab.figures.ch07_transformer."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from embedlab.figures.ch07_transformer import (  # noqa: E402
    attention_figure,
    describe_attention,
    describe_losses,
    describe_positions,
    loss_figure,
    positions_figure,
)
from embedlab.positions import sinusoidal_positions  # noqa: E402


def test_positions_figure_and_text_use_the_same_numbers():
    P = sinusoidal_positions(30, 16)
    fig = positions_figure(P)
    image = fig.axes[0].images[0]
    assert np.array_equal(image.get_array(), P)
    text = describe_positions(P)
    assert "30 position vectors" in text and "length 16" in text and "Column 0 changes fastest" in text
    with pytest.raises(ValueError, match=r"P must be a non-empty 2-D array \(T, d\)"):
        positions_figure(np.ones(4))


def test_attention_figure_one_map_per_setting():
    w = {"no mask": np.full((3, 3), 1 / 3), "causal": np.tril(np.ones((3, 3))) / np.arange(1, 4)[:, None]}
    fig = attention_figure(w, ["dog", "bites", "man"])
    assert [ax.get_title() for ax in fig.axes] == ["no mask", "causal"]
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["dog", "bites", "man"]
    text = describe_attention(w, ["dog", "bites", "man"])
    assert "causal: dog reads dog (1.00)" in text and "3 of 9 weights are zero" in text
    assert "no mask: dog reads dog (0.33)" in text and "0 of 9 weights are zero" in text


def test_attention_figure_refuses_bad_input():
    with pytest.raises(ValueError, match=r"has shape \(2, 2\), but 3 tokens need \(3, 3\)"):
        attention_figure({"a": np.eye(2)}, ["a", "b", "c"])
    with pytest.raises(TypeError, match="weights must be a non-empty dict"):
        attention_figure(np.eye(2), ["a", "b"])


def test_loss_figure_and_text():
    fig = loss_figure({"untied": [6.9, 4.3, 4.1], "tied": [6.9, 4.4, 4.2]}, 5.3)
    ax = fig.axes[0]
    assert len(ax.lines) == 3 and list(ax.lines[0].get_ydata()) == [6.9, 4.3, 4.1]
    fig = loss_figure({"a": [6.9, 4.3]}, 5.3, x=[0, 0.5], xlabel="epochs")
    assert list(fig.axes[0].lines[0].get_xdata()) == [0, 0.5] and fig.axes[0].get_xlabel() == "epochs"
    with pytest.raises(ValueError, match="x has 3 entries, but curves"):
        loss_figure({"a": [6.9, 4.3]}, 5.3, x=[0, 1, 2])
    text = describe_losses({"untied": [6.9, 4.1], "bad": [6.9, 5.5]}, 5.3)
    assert "2 measurements per model" in text
    assert "untied: from 6.90 at the start to 4.10 at the end, 1.20 below" in text
    assert "bad: from 6.90 at the start to 5.50 at the end, 0.20 above" in text
    with pytest.raises(ValueError, match="baseline must be a finite number"):
        loss_figure({"a": [1.0]}, float("nan"))
    with pytest.raises(TypeError, match="curves must be a non-empty dict"):
        describe_losses([], 1.0)
