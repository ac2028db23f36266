"""The framework code shown in the formula chapter runs, and says what the chapter says.

The chapter shows the same embedding layer in embedlab, Keras 3 and PyTorch
as tabs of fenced code that the book does not execute. Each snippet below is
the exact text of one tab: one test checks that the notebook shows it
verbatim, another runs it. The Keras and PyTorch tests, and the tests behind
the chapter's table of out-of-range ids, run when the framework is installed
and are skipped otherwise (neither is a requirement of the book). Keras is
run on its PyTorch backend unless ``KERAS_BACKEND`` says otherwise; the rows
for Keras on TensorFlow are checked in a separate process when TensorFlow is
installed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "book" / "03_the_formula.ipynb"

EMBEDLAB_SNIPPET = '''\
import numpy as np
from embedlab import Embedding

layer = Embedding(input_dim=7, output_dim=2, mask_zero=True, seed=0)
ids = np.array([[0, 0, 5, 1, 2]])          # one sequence, padded with 0
vectors = layer(ids)                       # shape (1, 5, 2)
mask = layer.compute_mask(ids)
assert vectors.shape == (1, 5, 2)
assert layer.embeddings.shape == (7, 2)
assert np.abs(layer.embeddings).max() <= 0.05   # U(-0.05, 0.05)
assert mask.tolist() == [[False, False, True, True, True]]
assert np.array_equal(vectors[0, 0], layer.embeddings[0])  # row 0

zero_pad = Embedding(7, 2, padding_idx=0, seed=0,
                     embeddings_initializer="normal")
assert np.all(zero_pad.weight[0] == 0)     # as in PyTorch
'''

KERAS_SNIPPET = '''\
import numpy as np
import keras

inputs = keras.Input(shape=(5,), dtype="int32")  # not input_length=5
layer = keras.layers.Embedding(input_dim=7, output_dim=2,
                               mask_zero=True)
model = keras.Model(inputs, layer(inputs))
ids = np.array([[0, 0, 5, 1, 2]])
vectors = model.predict(ids, verbose=0)    # shape (1, 5, 2)
mask = keras.ops.convert_to_numpy(layer.compute_mask(ids))
table = keras.ops.convert_to_numpy(layer.embeddings)
assert vectors.shape == (1, 5, 2) and table.shape == (7, 2)
assert np.abs(table).max() <= 0.05         # "uniform": U(-0.05, 0.05)
assert mask.tolist() == [[False, False, True, True, True]]
assert np.allclose(vectors[0, 0], table[0])  # masked, but not zero
'''

TORCH_SNIPPET = '''\
import torch

torch.manual_seed(0)
layer = torch.nn.Embedding(num_embeddings=7, embedding_dim=2,
                           padding_idx=0)
ids = torch.tensor([[0, 0, 5, 1, 2]])
vectors = layer(ids)                       # shape (1, 5, 2)
assert vectors.shape == (1, 5, 2) and layer.weight.shape == (7, 2)
assert torch.all(layer.weight[0] == 0)     # padding row starts at 0
vectors.sum().backward()
assert torch.all(layer.weight.grad[0] == 0)  # and gets no gradient
assert layer.weight[1:].abs().max() > 0.05   # default init: N(0, 1)
'''

SNIPPETS = {"embedlab": EMBEDLAB_SNIPPET, "keras": KERAS_SNIPPET, "torch": TORCH_SNIPPET}


def _markdown() -> str:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return "\n".join(
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in cells
        if c["cell_type"] == "markdown"
    )


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_the_chapter_shows_the_snippet_verbatim(name):
    fenced = "```python\n" + SNIPPETS[name] + "```"
    assert fenced in _markdown(), f"the {name} tab of {NOTEBOOK.name} differs from this test's snippet"


def test_embedlab_snippet_runs():
    exec(compile(EMBEDLAB_SNIPPET, "embedlab-snippet", "exec"), {})


def _torch():
    return pytest.importorskip("torch", reason="PyTorch is not installed (optional)")


def _keras():
    backend = os.environ.setdefault("KERAS_BACKEND", "torch")
    if backend == "torch":
        _torch()
    return pytest.importorskip("keras", reason="Keras is not installed (optional)")


def test_torch_snippet_runs():
    _torch()
    exec(compile(TORCH_SNIPPET, "torch-snippet", "exec"), {})


def test_keras_snippet_runs():
    _keras()
    exec(compile(KERAS_SNIPPET, "keras-snippet", "exec"), {})


def test_keras_3_ignores_input_length_with_a_warning():
    keras = _keras()
    if int(keras.__version__.split(".")[0]) < 3:
        pytest.skip("the chapter is about Keras 3")
    with pytest.warns(UserWarning, match="input_length` is deprecated"):
        layer = keras.layers.Embedding(7, 2, input_length=5)
    assert "input_length" not in layer.get_config()
    out = layer(np.zeros((1, 9), dtype="int32"))  # any length still goes through
    assert tuple(out.shape) == (1, 9, 2)


def test_keras_pad_sequences_defaults_match_embedlab():
    keras = _keras()
    from embedlab import pad_sequences

    seqs = [[1, 2, 3, 4], [5, 6], [7]]
    for kwargs in ({}, {"maxlen": 3}, {"maxlen": 3, "padding": "post", "truncating": "post"}):
        assert np.array_equal(keras.utils.pad_sequences(seqs, **kwargs), pad_sequences(seqs, **kwargs))


# ------------------------------------------------ the table of bad ids
@pytest.mark.parametrize("bad", [7, -1])
def test_torch_refuses_out_of_range_ids_on_cpu(bad):
    torch = _torch()
    layer = torch.nn.Embedding(7, 2)
    with pytest.raises(IndexError, match="index out of range in self"):
        layer(torch.tensor([[0, bad]]))


def test_keras_torch_backend_refuses_id_V():
    keras = _keras()
    if keras.backend.backend() != "torch":
        pytest.skip("this row of the table is about the PyTorch backend")
    layer = keras.layers.Embedding(7, 2)
    with pytest.raises(Exception, match="index out of range in self"):
        layer(np.array([[0, 7]]))


def test_keras_torch_backend_wraps_id_minus_one_to_the_last_row():
    keras = _keras()
    if keras.backend.backend() != "torch":
        pytest.skip("this row of the table is about the PyTorch backend")
    layer = keras.layers.Embedding(7, 2)
    out = keras.ops.convert_to_numpy(layer(np.array([[0, -1]])))
    table = keras.ops.convert_to_numpy(layer.embeddings)
    assert np.array_equal(out[0, 1], table[6])


# The chapter's two rows for Keras on its default TensorFlow backend. A Keras
# process has one backend, chosen at import, so this runs in a fresh process.
_KERAS_TF_BAD_IDS = '''\
import numpy as np
import keras
import tensorflow as tf

assert keras.backend.backend() == "tensorflow"
layer = keras.layers.Embedding(7, 2)
out = keras.ops.convert_to_numpy(layer(np.array([[0, -1]])))
table = keras.ops.convert_to_numpy(layer.embeddings)
assert np.array_equal(out[0, 1], table[6])            # -1: the last row
with tf.device("/CPU:0"):
    try:
        layer(np.array([[0, 7]]))
    except tf.errors.InvalidArgumentError:
        pass
    else:
        raise AssertionError("id 7 should raise on a CPU")
'''


def test_keras_tensorflow_backend_rows_of_the_table():
    import subprocess
    import sys

    pytest.importorskip("tensorflow", reason="TensorFlow is not installed (optional)")
    pytest.importorskip("keras", reason="Keras is not installed (optional)")
    env = {**os.environ, "KERAS_BACKEND": "tensorflow"}
    result = subprocess.run([sys.executable, "-c", _KERAS_TF_BAD_IDS], env=env, check=False,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
