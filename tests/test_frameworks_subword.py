"""Chapter 7.1's claims about PyTorch: a fastText-style word vector is an EmbeddingBag.

* ``nn.EmbeddingBag(mode="sum")`` over a word's unit ids, with one offset per
  word, equals :meth:`embedlab.subword.SubwordTable.vectors` (``mode="sum"``),
  and ``mode="mean"`` equals the mean, for known words, unknown words and a
  hashed table;
* an empty bag (an unknown word with no known n-gram) gives the zero vector in
  both;
* a word's gradient reaches exactly the rows of its units, each once per
  occurrence, as the sum says.

Skipped without PyTorch, unless ``REQUIRE_FRAMEWORKS=1`` (as in continuous
integration), where a missing PyTorch fails.
"""

from __future__ import annotations

import importlib
import os

import numpy as np
import pytest

from embedlab.subword import SubwordTable

WORDS = ["where", "here", "there", "embedding", "embed"]
QUERIES = ["where", "wherever", "embeddings", "her", "xq", "here"]


def need(name: str):
    """Import a framework; skip without it, unless REQUIRE_FRAMEWORKS=1 demands it."""
    if os.environ.get("REQUIRE_FRAMEWORKS") == "1":
        return importlib.import_module(name)
    return pytest.importorskip(name)


def _bag(torch, table: SubwordTable, mode: str):
    bag = torch.nn.EmbeddingBag(table.n_rows, table.dim, mode=mode, dtype=torch.float64)
    with torch.no_grad():
        bag.weight.copy_(torch.from_numpy(table.weight))
    return bag


@pytest.mark.parametrize("mode", ["sum", "mean"])
@pytest.mark.parametrize("num_buckets", [None, 97])
def test_embedding_bag_equals_the_subword_vector(mode, num_buckets):
    torch = need("torch")
    table = SubwordTable(WORDS, 6, num_buckets=num_buckets, seed=3)
    flat, offsets = table.bags(QUERIES)
    theirs = _bag(torch, table, mode)(torch.from_numpy(flat), torch.from_numpy(offsets))
    ours = table.vectors(QUERIES, mode=mode)
    np.testing.assert_allclose(theirs.detach().numpy(), ours, rtol=1e-12, atol=1e-12)
    assert not np.allclose(ours[0], ours[1])          # different words, different vectors


def test_an_empty_bag_is_zero_in_both():
    torch = need("torch")
    table = SubwordTable(WORDS, 4, seed=0)
    assert table.ids("xq").size == 0                  # no known n-gram, not a known word
    flat, offsets = table.bags(["xq", "where"])
    out = _bag(torch, table, "sum")(torch.from_numpy(flat), torch.from_numpy(offsets))
    assert torch.all(out[0] == 0) and not torch.all(out[1] == 0)


def test_gradient_reaches_the_rows_of_the_units():
    torch = need("torch")
    table = SubwordTable(WORDS, 3, seed=1)
    flat, offsets = table.bags(["there", "there", "her"])
    bag = _bag(torch, table, "sum")
    bag(torch.from_numpy(flat), torch.from_numpy(offsets)).sum().backward()
    counts = np.bincount(flat, minlength=table.n_rows)
    np.testing.assert_allclose(bag.weight.grad.numpy(), np.repeat(counts[:, None], 3, axis=1))
