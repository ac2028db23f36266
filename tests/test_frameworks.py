"""The framework code shown in the formula chapter runs, and says what the chapter says.

Part 2 of the chapter (``03_the_formula_2_in_practice``) shows the same
embedding layer in embedlab, Keras 3 and PyTorch as tabs of fenced code that
the book does not execute. Each snippet below is the exact text of one tab:
one test checks that the notebook shows it verbatim, another runs it. The
other tests check the framework facts that both parts state without running
them: the table of out-of-range ids, the default initialisers, and how
PyTorch treats padding (``padding_idx``, ``from_pretrained``, packed
sequences and attention masks).

The Keras and PyTorch tests run when the framework is installed. When it is
missing they are skipped, unless the environment variable
``REQUIRE_FRAMEWORKS=1`` is set (CI sets it), in which case they fail.
Keras is run on its PyTorch backend unless ``KERAS_BACKEND`` says otherwise.
The rows for Keras on TensorFlow and on JAX are checked in a separate process
when TensorFlow or JAX is installed; those two stay optional even under
``REQUIRE_FRAMEWORKS=1``, since the book never installs them.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import os
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "book" / "03_the_formula_2_in_practice.ipynb"
REQUIRED = os.environ.get("REQUIRE_FRAMEWORKS") == "1"
NOT_RUN = "# Not run here: checked by tests/test_frameworks.py\n"

EMBEDLAB_SNIPPET = NOT_RUN + '''\
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

KERAS_SNIPPET = NOT_RUN + '''\
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

TORCH_SNIPPET = NOT_RUN + '''\
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


def _framework(module: str, name: str):
    """Import ``module``; skip if it is missing, or fail under REQUIRE_FRAMEWORKS=1."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        if REQUIRED:
            pytest.fail(f"REQUIRE_FRAMEWORKS=1 but {name} cannot be imported: {exc}")
        pytest.skip(f"{name} is not installed (optional; REQUIRE_FRAMEWORKS=1 makes this an error)")


def _torch():
    return _framework("torch", "PyTorch")


def _keras():
    backend = os.environ.setdefault("KERAS_BACKEND", "torch")
    if backend == "torch":
        _torch()
    return _framework("keras", "Keras")


def test_a_missing_framework_fails_when_frameworks_are_required(monkeypatch):
    """The switch itself: skip by default, fail under REQUIRE_FRAMEWORKS=1."""
    import sys

    monkeypatch.setitem(sys.modules, "no_such_framework", None)  # import raises ImportError
    monkeypatch.setitem(globals(), "REQUIRED", False)
    with pytest.raises(pytest.skip.Exception, match="not installed"):
        _framework("no_such_framework", "Nothing")
    monkeypatch.setitem(globals(), "REQUIRED", True)
    with pytest.raises(pytest.fail.Exception, match="REQUIRE_FRAMEWORKS=1 but Nothing"):
        _framework("no_such_framework", "Nothing")


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


# The chapter's row for Keras on JAX, from the documentation of jnp.take: id V
# gives a row of NaN, id -1 the last row. Run only where JAX is installed.
_KERAS_JAX_BAD_IDS = '''\
import numpy as np
import keras

assert keras.backend.backend() == "jax"
layer = keras.layers.Embedding(7, 2)
table = keras.ops.convert_to_numpy(layer.embeddings)
out = keras.ops.convert_to_numpy(layer(np.array([[0, -1, 7]])))
assert np.array_equal(out[0, 1], table[6])            # -1: the last row
assert np.isnan(out[0, 2]).all()                      # id V: a row of NaN
'''


def test_keras_jax_backend_rows_of_the_table():
    import subprocess
    import sys

    pytest.importorskip("jax", reason="JAX is not installed (optional)")
    pytest.importorskip("keras", reason="Keras is not installed (optional)")
    env = {**os.environ, "KERAS_BACKEND": "jax"}
    result = subprocess.run([sys.executable, "-c", _KERAS_JAX_BAD_IDS], env=env, check=False,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]


def test_keras_jax_take_is_jnp_take_with_its_default_mode():
    """Read without importing JAX: Keras' JAX ``take`` calls ``jnp.take`` and passes no ``mode``."""
    keras = _keras()
    source = Path(keras.__file__).parent / "src" / "backend" / "jax" / "numpy.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    take = next(node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "take")
    calls = [node for node in ast.walk(take) if isinstance(node, ast.Call)
             and ast.unparse(node.func) == "jnp.take"]
    assert calls, "Keras' JAX take no longer calls jnp.take; update the chapter's JAX row"
    assert all("mode" not in {kw.arg for kw in call.keywords} for call in calls)


def test_keras_compiles_with_xla_by_default_on_tensorflow_and_jax():
    keras = _keras()
    doc = " ".join(inspect.getdoc(keras.Model.compile).split())
    assert 'For `jax` and `tensorflow` backends, `jit_compile="auto"` enables XLA compilation' in doc


def test_keras_cudnn_lstm_with_a_mask_needs_right_padding():
    keras = _keras()
    doc = " ".join(inspect.getdoc(keras.layers.LSTM).split())
    assert "Inputs, if use masking, are strictly right-padded." in doc


# ------------------------------------------------------ default initialisers
def test_keras_default_start_is_uniform_between_minus_and_plus_0_05():
    keras = _keras()
    layer = keras.layers.Embedding(1000, 50)
    layer.build((None, 3))
    table = keras.ops.convert_to_numpy(layer.embeddings)
    assert -0.05 <= table.min() < -0.049 and 0.049 < table.max() <= 0.05
    assert abs(table.std() - 0.05 / np.sqrt(3)) < 0.001       # uniform, not normal


def test_torch_default_start_is_standard_normal():
    torch = _torch()
    torch.manual_seed(0)
    table = torch.nn.Embedding(1000, 50).weight.detach().numpy()
    assert abs(table.mean()) < 0.02 and abs(table.std() - 1) < 0.02
    assert np.abs(table).max() > 3                            # tails: not a uniform


# ------------------------------------------------------ PyTorch and padding
def test_torch_new_layer_with_padding_idx_has_a_zero_row_without_gradient():
    torch = _torch()
    layer = torch.nn.Embedding(5, 3, padding_idx=0)
    assert torch.all(layer.weight[0] == 0)
    layer(torch.tensor([[0, 1, 0]])).sum().backward()
    assert torch.all(layer.weight.grad[0] == 0) and torch.any(layer.weight.grad[1] != 0)


def test_torch_from_pretrained_with_padding_idx_keeps_row_0_but_gives_it_no_gradient():
    torch = _torch()
    given = torch.arange(1.0, 13.0).reshape(4, 3)           # row 0 is not zero
    layer = torch.nn.Embedding.from_pretrained(given, freeze=False, padding_idx=0)
    assert torch.equal(layer.weight[0].detach(), given[0])   # not zeroed
    layer(torch.tensor([[0, 1, 0]])).sum().backward()
    assert torch.all(layer.weight.grad[0] == 0)              # but frozen
    assert torch.all(layer.weight.grad[1] == 1)


def test_torch_masks_padding_after_the_embedding():
    torch = _torch()
    # Recurrent layers: packing with the real lengths; the workflow expects post-padding.
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(3, 2, batch_first=True)
    x = torch.randn(1, 2, 3)                                  # two real steps
    post = torch.cat([x, torch.zeros(1, 3, 3)], dim=1)
    pre = torch.cat([torch.zeros(1, 3, 3), x], dim=1)
    pack = torch.nn.utils.rnn.pack_padded_sequence
    _, (h_alone, _) = lstm(x)
    _, (h_post, _) = lstm(pack(post, [2], batch_first=True))
    _, (h_pre, _) = lstm(pack(pre, [2], batch_first=True))
    assert torch.allclose(h_post, h_alone)                    # post-padded: exact
    assert not torch.allclose(h_pre, h_alone)                 # pre-padded: reads the padding
    # Attention: a padding mask argument on the layers.
    mha = inspect.signature(torch.nn.MultiheadAttention.forward).parameters
    enc = inspect.signature(torch.nn.TransformerEncoder.forward).parameters
    assert "key_padding_mask" in mha and "src_key_padding_mask" in enc
