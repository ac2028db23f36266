"""The figures of chapter 7.2: embedlab.figures.ch07_scale."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from embedlab.figures.ch07_scale import PAGE_WIDTH, bag_figure, lazy_adam_figure, sharding_figure  # noqa: E402


def test_bag_figure_draws_the_pooled_values_it_describes():
    E = np.arange(12.0).reshape(4, 3)
    fig, alt = bag_figure(E, [0, 3, 3, 1], [0, 2, 2], mode="sum")
    assert len(fig.axes) == 2 and fig.get_figwidth() <= PAGE_WIDTH
    assert "bag 0 (ids [0, 3]) gives [9.0, 11.0, 13.0]" in alt
    assert "bag 1 (ids []) gives [0.0, 0.0, 0.0]" in alt
    assert [t.get_text() for t in fig.axes[1].get_yticklabels()][0] == "bag 0: [0, 3]"
    assert len(fig.axes[0].patches) >= 3  # one outline per distinct row of each bag
    with pytest.raises(ValueError, match=r"offsets\[0\] must be 0"):
        bag_figure(E, [0, 1], [1])


def test_sharding_figure_stacks_bytes_per_device():
    placements = {"table-wise": [{"a": 4e9}, {"b": 1e9}], "row-wise": [{"a": 2e9, "b": 0.5e9}] * 2}
    fig, alt = sharding_figure(placements)
    assert len(fig.axes) == 2
    assert "table-wise: largest device 4.0 GB, smallest 1.0 GB" in alt
    assert "row-wise: largest device 2.5 GB, smallest 2.5 GB" in alt
    with pytest.raises(ValueError, match="same, non-zero number of devices"):
        sharding_figure({"x": [{"a": 1.0}], "y": [{"a": 1.0}, {"a": 1.0}]})
    with pytest.raises(TypeError, match="per_device must be a non-empty dict"):
        sharding_figure({})


def test_lazy_adam_figure():
    fig, alt = lazy_adam_figure({"Adam": [0.0, -0.1, -0.19], "SparseAdam": [0.0, -0.1, -0.1]}, [1], row=4)
    assert len(fig.axes[0].lines) == 2
    assert "Adam ends at -0.190, SparseAdam ends at -0.100" in alt and "row 4" in alt
    with pytest.raises(ValueError, match="same length"):
        lazy_adam_figure({"a": [0, 1], "b": [0]}, [1])
    with pytest.raises(TypeError, match="non-empty dict"):
        lazy_adam_figure([], [1])
    with pytest.raises(IndexError, match="looked_up contains 3"):
        lazy_adam_figure({"a": [0, 1, 2]}, [3])
