"""Framework facts behind the chapter on one-hot vectors and the lookup.

The chapter runs on NumPy alone. What it says about PyTorch and Keras is
checked here instead:

* where each framework stores a Dense weight: PyTorch's ``nn.Linear(V, d)``
  keeps ``(d, V)`` and computes ``x @ weight.T``, Keras' ``Dense`` kernel is
  ``(V, d)``, and both keep an embedding table as ``(V, d)``; so
  ``linear.weight = emb.weight.T`` reproduces a lookup. The two snippets the
  chapter shows (not run there) must appear in it word for word, and run;
* ``torch.nn.EmbeddingBag`` averages by default (``mode="mean"``), sums with
  ``mode="sum"``, and takes ``per_sample_weights`` in that mode only;
* under PyTorch's autocast (CPU, bfloat16) a ``Linear`` layer on one-hot input
  returns the row rounded to bfloat16, while the lookup returns the stored
  float32 row; the chapter's ``round_to_bits`` is that rounding, bit for bit.

The tests are skipped when a framework is missing, unless the environment
sets ``REQUIRE_FRAMEWORKS=1`` (as CI does): then a missing framework fails.
Keras runs on its PyTorch backend unless ``KERAS_BACKEND`` says otherwise.
"""

from __future__ import annotations

import importlib
import json
import os
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "book" / "01_one_hot_vs_lookup_1_product.ipynb"


def need(name: str) -> ModuleType:
    """Import ``name``; skip the test without it, or fail under REQUIRE_FRAMEWORKS=1."""
    if os.environ.get("REQUIRE_FRAMEWORKS") == "1":
        return importlib.import_module(name)
    return pytest.importorskip(name)


TORCH_LAYOUT_SNIPPET = '''\
# Not run here: checked by tests/test_frameworks_layouts.py
import torch

V, d = 3, 5
emb = torch.nn.Embedding(V, d)               # weight: (V, d)
linear = torch.nn.Linear(V, d, bias=False)   # weight: (d, V)
assert tuple(emb.weight.shape) == (V, d)
assert tuple(linear.weight.shape) == (d, V)
with torch.no_grad():
    linear.weight.copy_(emb.weight.T)        # the transpose
ids = torch.tensor([1, 2])
O = torch.nn.functional.one_hot(ids, V).float()
assert torch.equal(linear(O), emb(ids))      # the same rows
'''

KERAS_LAYOUT_SNIPPET = '''\
# Not run here: checked by tests/test_frameworks_layouts.py
import keras

V, d = 3, 5
dense = keras.layers.Dense(d, use_bias=False)
dense.build((None, V))
assert tuple(dense.kernel.shape) == (V, d)   # a row per input: no transpose
'''

SNIPPETS = {"torch": TORCH_LAYOUT_SNIPPET, "keras": KERAS_LAYOUT_SNIPPET}


def _cells() -> list[dict]:
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def _markdown() -> str:
    return "\n".join("".join(c["source"]) for c in _cells() if c["cell_type"] == "markdown")


# --------------------------------------------------------------------------- the page
@pytest.mark.parametrize("framework", sorted(SNIPPETS))
def test_chapter_shows_the_snippet_verbatim_and_marked_as_not_run(framework):
    # Runs without any framework: the page shows exactly what the next test runs.
    fenced = f"```python\n{SNIPPETS[framework]}```"
    text = _markdown()
    assert fenced in text, f"the chapter no longer shows the {framework} snippet of this file"
    before = text[: text.index(fenced)]
    opening = ":::{admonition} Not run on this page\n:class: note\n"
    assert before.rfind(opening) > before.rfind(":::\n"), (
        f"the {framework} snippet must sit inside the note titled 'Not run on this page'"
    )


# --------------------------------------------------------------------------- layouts
def test_torch_snippet_runs():
    need("torch")
    exec(compile(TORCH_LAYOUT_SNIPPET, "torch-snippet", "exec"), {})


def test_keras_snippet_runs():
    need("torch")   # the default backend here
    need("keras")
    exec(compile(KERAS_LAYOUT_SNIPPET, "keras-snippet", "exec"), {})


def test_linear_weight_is_out_by_in_and_computes_x_times_its_transpose():
    torch = need("torch")
    torch.manual_seed(0)
    V, d = 7, 4
    linear = torch.nn.Linear(V, d, bias=False)
    assert tuple(linear.weight.shape) == (d, V)           # (out_features, in_features)
    x = torch.randn(3, V)
    assert torch.allclose(linear(x), x @ linear.weight.T)
    emb = torch.nn.Embedding(V, d)
    with pytest.raises(RuntimeError):                     # no transpose: a shape error
        with torch.no_grad():
            linear.weight.copy_(emb.weight)
    with torch.no_grad():
        linear.weight.copy_(emb.weight.T)
    ids = torch.tensor([6, 0, 3, 3])
    one_hot = torch.nn.functional.one_hot(ids, V).float()
    assert torch.equal(linear(one_hot), emb(ids))         # one_hot @ E, exactly
    assert torch.equal(one_hot @ emb.weight, emb(ids))


def test_square_linear_without_the_transpose_runs_and_is_wrong():
    torch = need("torch")
    torch.manual_seed(1)
    V = d = 4
    emb = torch.nn.Embedding(V, d)
    linear = torch.nn.Linear(V, d, bias=False)
    with torch.no_grad():
        linear.weight.copy_(emb.weight)                   # silently accepted
    ids = torch.tensor([0, 2])
    one_hot = torch.nn.functional.one_hot(ids, V).float()
    assert torch.equal(linear(one_hot), emb.weight.T[ids])   # columns, not rows
    assert not torch.equal(linear(one_hot), emb(ids))


def test_keras_dense_kernel_is_in_by_out_and_takes_the_table_as_it_is():
    need("torch")
    keras = need("keras")
    V, d = 6, 3
    dense = keras.layers.Dense(d, use_bias=False)
    dense.build((None, V))
    emb = keras.layers.Embedding(V, d)
    emb.build((None,))
    assert tuple(dense.kernel.shape) == (V, d) == tuple(emb.embeddings.shape)
    dense.kernel.assign(emb.embeddings)                   # no transpose
    ids = np.array([5, 0, 2, 2])
    one_hot = np.eye(V, dtype="float32")[ids]
    rows = keras.ops.convert_to_numpy(dense(one_hot))
    assert np.array_equal(rows, keras.ops.convert_to_numpy(emb(ids)))


# --------------------------------------------------------------------------- EmbeddingBag
def test_embedding_bag_averages_by_default_and_sums_on_request():
    torch = need("torch")
    torch.manual_seed(0)
    bag = torch.nn.EmbeddingBag(3, 5)
    assert bag.mode == "mean"
    summing = torch.nn.EmbeddingBag(3, 5, mode="sum")
    with torch.no_grad():
        summing.weight.copy_(bag.weight)
    flat = torch.tensor([0, 2, 0, 0, 2])                  # bags [0, 2] and [0, 0, 2]
    offsets = torch.tensor([0, 2])
    counts = torch.tensor([[1.0, 0.0, 1.0], [2.0, 0.0, 1.0]])
    assert torch.allclose(summing(flat, offsets), counts @ bag.weight)
    assert torch.allclose(bag(flat, offsets), (counts / counts.sum(1, keepdim=True)) @ bag.weight)


def test_embedding_bag_per_sample_weights_only_with_sum():
    torch = need("torch")
    flat, offsets = torch.tensor([0, 2]), torch.tensor([0])
    weights = torch.tensor([2.0, 1.0])                    # the count of each id
    summing = torch.nn.EmbeddingBag(3, 5, mode="sum")
    expected = 2 * summing.weight[0] + summing.weight[2]
    assert torch.allclose(summing(flat, offsets, per_sample_weights=weights)[0], expected)
    with pytest.raises(NotImplementedError, match="mode='sum'"):
        torch.nn.EmbeddingBag(3, 5)(flat, offsets, per_sample_weights=weights)


# --------------------------------------------------------------------------- precision
def _round_to_bits():
    """The chapter's ``round_to_bits``, taken from the notebook's code."""
    source = next("".join(c["source"]) for c in _cells()
                  if c["cell_type"] == "code" and "def round_to_bits" in "".join(c["source"]))
    start = source.index("def round_to_bits")
    namespace = {"np": np}
    exec(source[start: source.index("\n\n\n", start)], namespace)
    return namespace["round_to_bits"]


def test_chapter_rounding_is_bfloat16_bit_for_bit():
    torch = need("torch")
    round_to_bits = _round_to_bits()
    x = np.random.default_rng(0).standard_normal(100_000).astype(np.float32)
    ties = np.float32([1 + 2**-8, 1 + 3 * 2**-8, 3.0, -0.0, 1e30, -7.5e-20])
    x = np.concatenate([x, ties, x * 1e4, x * 1e-6])
    bf16 = torch.from_numpy(x).to(torch.bfloat16).float().numpy()
    assert np.array_equal(round_to_bits(x, 8), bf16)


def test_autocast_rounds_the_product_but_not_the_lookup():
    torch = need("torch")
    torch.manual_seed(0)
    V, d = 50, 16
    emb = torch.nn.Embedding(V, d)
    linear = torch.nn.Linear(V, d, bias=False)
    with torch.no_grad():
        linear.weight.copy_(emb.weight.T)
    ids = torch.tensor([3, 17, 42])
    one_hot = torch.nn.functional.one_hot(ids, V).float()
    with torch.autocast("cpu", dtype=torch.bfloat16):
        product, looked_up = linear(one_hot), emb(ids)
    assert product.dtype == torch.bfloat16 and looked_up.dtype == torch.float32
    stored = emb.weight.detach()[ids]
    assert torch.equal(looked_up, stored)                              # exact row
    assert torch.equal(product.float(), stored.to(torch.bfloat16).float())  # rounded row
    assert not torch.equal(product.float(), stored)
