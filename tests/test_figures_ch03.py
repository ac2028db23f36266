"""Tests for embedlab.figures.ch03: the chapter's Matplotlib figures (lookup, padded
batch, initialisers, vectors, states and the cost of padding)."""

from __future__ import annotations

import re

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest

from embedlab import pad_sequences
from embedlab.figures.ch03 import (
    plot_init_histograms,
    plot_lookup,
    plot_padded_batch,
    plot_padding_cost,
    plot_states,
    plot_vector_bars,
)
from embedlab.sequences import padding_stats


@pytest.fixture(autouse=True)
def _clean_figures():
    with mpl.rc_context():
        yield
    plt.close("all")


def _titled(fig) -> bool:
    return all(ax.get_xlabel() and ax.get_ylabel() for ax in fig.axes if ax.get_visible())


def test_plot_lookup_outlines_the_looked_up_rows():
    E = np.arange(12.0).reshape(4, 3) - 6
    fig = plot_lookup(E, [0, 1, 0, 3], ["cat", "dog", "bird", "fish"])
    table_ax, out_ax = fig.axes
    assert len(table_ax.patches) == 3  # rows 0, 1 and 3
    assert [t.get_text() for t in out_ax.get_yticklabels()] == [
        "t=0: cat", "t=1: dog", "t=2: cat", "t=3: fish"]
    assert _titled(fig) and fig._suptitle.get_text()


def test_plot_lookup_errors():
    E = np.zeros((3, 2))
    with pytest.raises(IndexError, match="ids contains 3"):
        plot_lookup(E, [3])
    with pytest.raises(ValueError, match="ids must be a non-empty one-dimensional"):
        plot_lookup(E, [[0, 1]])
    with pytest.raises(ValueError, match="row_labels has 2 entries, but 3 are needed"):
        plot_lookup(E, [0], ["a", "b"])
    with pytest.raises(ValueError, match=re.escape("table must be a non-empty 2-D array, got shape (3,)")):
        plot_lookup(np.zeros(3), [0])
    with pytest.raises(TypeError, match=re.escape("table must be a numeric matrix, got dtype <U1")):
        plot_lookup(np.array([["a"]]), [0])
    with pytest.raises(
        ValueError, match=re.escape("table contains nan at position (0, 0); values must be finite")
    ):
        plot_lookup(np.array([[np.nan]]), [0])


def test_plot_padded_batch_marks_padding():
    fig = plot_padded_batch(pad_sequences([[3, 4], [5, 6, 7]]), ["short", "long"])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["pad", "3", "4", "5", "6", "7"]
    assert _titled(fig)
    with pytest.raises(TypeError, match="ids must be integers"):
        plot_padded_batch(np.zeros((2, 2)))
    with pytest.raises(ValueError, match=r"ids must be a non-empty 2-D array"):
        plot_padded_batch([1, 2])
    with pytest.raises(TypeError, match="pad_id must be an int"):
        plot_padded_batch([[1, 2]], pad_id="0")
    with pytest.raises(ValueError, match="row_labels has 2 entries"):
        plot_padded_batch([[1, 2]], ["a", "b"])


def test_plot_init_histograms():
    fig = plot_init_histograms({"rand": np.linspace(0, 1, 50), "uniform": np.linspace(-0.05, 0.05, 50)})
    assert [ax.get_title() for ax in fig.axes] == ["rand", "uniform"] and _titled(fig)
    with pytest.raises(TypeError, match="tables must be a mapping"):
        plot_init_histograms([np.zeros(3)])
    with pytest.raises(ValueError, match="tables must not be empty"):
        plot_init_histograms({})
    with pytest.raises(TypeError, match=r"tables\['a'\] must be numeric"):
        plot_init_histograms({"a": np.array(["x"])})
    with pytest.raises(ValueError, match=r"tables\['a'\] must be non-empty and finite"):
        plot_init_histograms({"a": np.array([np.inf])})
    with pytest.raises(ValueError, match="bins must be a positive integer"):
        plot_init_histograms({"a": np.zeros(3)}, bins=0)


def test_plot_init_histograms_end_bins_are_full():
    """Bins aligned to the data: a uniform sample has no half-empty bin at either end."""
    rng = np.random.default_rng(0)
    fig = plot_init_histograms({"rand": rng.random(30_000),
                                "uniform": rng.uniform(-0.05, 0.05, 30_000)})
    for ax in fig.axes:
        heights = np.array([p.get_height() for p in ax.patches])
        assert heights.size == 30
        assert heights.min() > 0.85 * np.median(heights), ax.get_title()
        lo, hi = ax.get_xlim()
        assert lo < 0 < hi  # zero is always in view


def test_figures_fit_the_page_column():
    """At 100 dpi every figure is at most 690 pixels wide, so it is shown at full size."""
    from embedlab.figures import figure_to_png, set_style

    set_style()  # the book's style saves with a tight bounding box
    E = np.arange(12.0).reshape(4, 3) - 6
    figures = [
        plot_lookup(E, [0, 1, 0, 3], ["cat", "dog", "bird", "fish"]),
        plot_init_histograms({"a": np.linspace(0, 1, 50), "b": np.linspace(-1, 1, 50)}),
        plot_vector_bars({"a long legend entry number one": [1.0, 2.0, 3.0, 4.0],
                          "another long legend entry": [0.0, 1.0, -1.0, 2.0],
                          "third": [1.0, 1.0, 1.0, 1.0], "fourth": [0.5, 0.5, 0.5, 0.5]}),
        plot_padding_cost({"per batch, sorted by length": padding_stats([1, 5, 2], 1)}),
        plot_padded_batch(pad_sequences([[3, 4], [5, 6, 7, 8, 9, 10, 11]]),
                          ["a short one", "I saw a fish and a cat"]),
        plot_states(np.zeros((7, 3)), list("abcdefg")),
    ]
    for fig in figures:
        png = figure_to_png(fig, dpi=100)
        width = int.from_bytes(png[16:20], "big")
        assert width <= 690, (fig.axes[0].get_title(), width)


def test_plot_vector_bars():
    fig = plot_vector_bars({"a": [1.0, 2.0, 3.0], "b": [0.0, 1.0, -1.0]}, title="means")
    assert len(fig.axes[0].patches) == 6 and fig.axes[0].get_title() == "means" and _titled(fig)
    with pytest.raises(TypeError, match="vectors must be a mapping"):
        plot_vector_bars([[1.0]])
    with pytest.raises(ValueError, match="vectors must not be empty"):
        plot_vector_bars({})
    with pytest.raises(ValueError, match="vectors must all have the same length"):
        plot_vector_bars({"a": [1.0], "b": [1.0, 2.0]})
    with pytest.raises(
        ValueError, match=re.escape("vectors['a'] must be a non-empty 1-D array, got shape (1, 1)")
    ):
        plot_vector_bars({"a": [[1.0]]})


def test_plot_states():
    fig = plot_states(np.zeros((4, 3)), ["a", "b", "c", "d"], outline=[0, 1], title="h")
    assert len(fig.axes[0].patches) == 2 and _titled(fig)
    with pytest.raises(ValueError, match="tokens has 2 entries, but 4 are needed"):
        plot_states(np.zeros((4, 3)), ["a", "b"])
    with pytest.raises(IndexError, match="outline_rows contains 9"):
        plot_states(np.zeros((4, 3)), list("abcd"), outline=[9])
    with pytest.raises(TypeError, match=re.escape("tokens must be a list with one label per row, got str")):
        plot_states(np.zeros((1, 3)), "a")


def test_plot_padding_cost():
    stats = {"one width": padding_stats([1, 5, 2], 3), "bucketed": padding_stats([1, 5, 2], 1)}
    fig = plot_padding_cost(stats, title="cost")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["one width", "bucketed"]
    assert len(ax.patches) == 6 and _titled(fig)
    with pytest.raises(TypeError, match="stats must be a mapping"):
        plot_padding_cost([1])
    with pytest.raises(ValueError, match="stats must not be empty"):
        plot_padding_cost({})
    with pytest.raises(TypeError, match=r"stats\['x'\] must be a PaddingStats"):
        plot_padding_cost({"x": (1, 2, 3)})


# ----------------------------------------------------------- alt texts
def test_describe_lookup_follows_the_ids():
    from embedlab.figures.ch03 import describe_lookup

    E = np.arange(12.0).reshape(4, 3)
    text = describe_lookup(E, [0, 1, 0, 3], ["cat", "dog", "bird", "fish"])
    assert "the 4 by 3 table E" in text and "the 4 by 3 output" in text
    assert "rows of cat, dog and fish outlined" in text
    assert "rows 0 and 2 (cat) are identical" in text
    assert "identical" not in describe_lookup(E, [0, 1], ["cat", "dog", "bird", "fish"])
    with pytest.raises(IndexError):
        describe_lookup(E, [4])
    with pytest.raises(ValueError, match="one-dimensional"):
        describe_lookup(E, [[0]])


def test_describe_padded_batch_says_where_the_padding_is():
    from embedlab.figures.ch03 import describe_padded_batch

    ids = np.array([[0, 0, 5], [5, 6, 0], [5, 6, 7], [5, 0, 6], [0, 0, 0]])
    text = describe_padded_batch(ids, list("abcde"), title="mixed")
    assert "A grid of 5 sequences by 3 positions, titled \"mixed\"" in text
    assert "'a': 2 padding positions, then 1 token;" in text
    assert "'b': 2 tokens, then 1 padding position;" in text
    assert "'c': 3 tokens, no padding" in text
    assert "'d': 2 tokens and 1 padding position, mixed" in text
    assert "'e': 3 padding positions, then 0 tokens" in text
    with pytest.raises(ValueError, match="2-D integer array"):
        describe_padded_batch([1, 2])


def test_describe_histograms_reports_range_and_mean():
    from embedlab.figures.ch03 import describe_histograms

    text = describe_histograms({"rand\nU[0, 1)": np.linspace(0, 1, 11)}, xlabel="cosine")
    assert text == ("1 histograms, zero marked by a dashed line. rand U[0, 1): 11 values of "
                    "cosine from 0 to 1, mean 0.5.")
    with pytest.raises(TypeError):
        describe_histograms({})


def test_describe_vector_bars_compares_with_the_first():
    from embedlab.figures.ch03 import describe_vector_bars

    ref = np.array([1.0, -2.0, 0.5])
    text = describe_vector_bars({"true": ref, "masked": ref.copy(), "zero row": ref * 5 / 8,
                                 "naive": ref + [0.0, 0.25, 0.0]})
    assert "the 3 components of 4 vectors" in text
    assert "'masked' equals 'true' in every component" in text
    assert "'zero row' is 0.625 times 'true' in every component" in text
    assert "'naive' differs from 'true' by up to 0.25" in text
    with pytest.raises(ValueError, match="same length"):
        describe_vector_bars({"a": [1.0], "b": [1.0, 2.0]})
    with pytest.raises(TypeError, match="at least two"):
        describe_vector_bars({"a": [1.0]})


def test_describe_states_contrasts_the_outlined_steps():
    from embedlab.figures.ch03 import describe_states

    states = np.array([[0.0, 0.0], [0.0, 0.0], [0.3, -0.6]])
    text = describe_states(states, ["<pad>", "<pad>", "bird"], outline=[0, 1], title="masked")
    assert "a hidden state (masked) over 3 time steps (<pad>, <pad>, bird)" in text
    assert "Outlined steps 0 and 1: every entry exactly 0." in text
    assert "Other steps: entries up to 0.6 in size." in text
    assert "All steps" in describe_states(states, ["a", "b", "c"])
    with pytest.raises(IndexError, match="outline must hold steps in 0..2"):
        describe_states(states, ["a", "b", "c"], outline=[3])


def test_describe_padding_cost_matches_the_stats():
    from embedlab.figures.ch03 import describe_padding_cost

    stats = {"all": padding_stats([1, 3], 2), "capped": padding_stats([1, 3], 2, maxlen=2)}
    text = describe_padding_cost(stats)
    assert "'all': 6 positions, 33.3% padding, no token truncated" in text
    assert "'capped': 4 positions, 25.0% padding, 1 tokens truncated" in text
    with pytest.raises(TypeError, match="must be a PaddingStats"):
        describe_padding_cost({"x": 1})


def test_plot_init_histograms_takes_an_x_label():
    fig = plot_init_histograms({"a": np.linspace(-1, 1, 9)}, xlabel="cosine of two rows")
    assert fig.axes[0].get_xlabel() == "cosine of two rows"
