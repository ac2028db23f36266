"""The training chapter's claims about PyTorch and Keras optimisers and tables.

* embedlab's SGD (with momentum), RMSprop (with and without momentum), Adagrad
  and Adam take the same steps as ``torch.optim`` on the same parameters and
  gradients, including the rows that a step's batch did not look up;
* ``SparseAdam`` refuses the dense gradient of a plain ``nn.Embedding`` and,
  with ``sparse=True``, leaves the rows the batch did not use untouched; only
  a few optimisers accept sparse gradients, and coupled weight decay is
  refused with them;
* ``scale_grad_by_freq=True`` divides a row's summed gradient by its count in
  the batch, as the NumPy line of part 1 does;
* the snippets of part 2 that load pretrained vectors into PyTorch and Keras
  are shown verbatim and run.

The framework tests are skipped when PyTorch or Keras is missing, and fail
instead when ``REQUIRE_FRAMEWORKS=1`` (as in continuous integration). Keras
runs on its PyTorch backend unless ``KERAS_BACKEND`` says otherwise.
"""

from __future__ import annotations

import importlib
import json
import os
from pathlib import Path

import numpy as np
import pytest

from embedlab import SGD, Adam, Embedding
from embedlab.optim import Adagrad, RMSprop

ROOT = Path(__file__).resolve().parents[1]
PART_1 = ROOT / "book" / "04_training_1_gradients.ipynb"
PART_2 = ROOT / "book" / "04_training_2_choices.ipynb"


def need(name: str):
    """Import a framework; skip without it, unless REQUIRE_FRAMEWORKS=1 demands it."""
    if os.environ.get("REQUIRE_FRAMEWORKS") == "1":
        return importlib.import_module(name)
    return pytest.importorskip(name)


def _keras():
    backend = os.environ.setdefault("KERAS_BACKEND", "torch")
    if backend == "torch":
        need("torch")
    return need("keras")


def _markdown(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                     for c in cells if c["cell_type"] == "markdown")


def _code(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                     for c in cells if c["cell_type"] == "code")


# ------------------------------------------------------------ optimiser parity
# The schedule of part 1 in miniature: ids looked up at each step. Row 4 is
# used at step 1 only, row 0 never.
SCHEDULE = [[1, 4, 4], [1, 2], [2, 3], [1, 1], [3]]

PAIRS = {
    "SGD": (lambda ls: SGD(ls, lr=0.1), lambda t, ps: t.optim.SGD(ps, lr=0.1)),
    "SGD momentum": (lambda ls: SGD(ls, lr=0.1, momentum=0.9),
                     lambda t, ps: t.optim.SGD(ps, lr=0.1, momentum=0.9)),
    "RMSprop": (lambda ls: RMSprop(ls, lr=0.01, alpha=0.9, eps=1e-8),
                lambda t, ps: t.optim.RMSprop(ps, lr=0.01, alpha=0.9, eps=1e-8)),
    "RMSprop momentum": (lambda ls: RMSprop(ls, lr=0.01, alpha=0.9, eps=1e-8, momentum=0.9),
                         lambda t, ps: t.optim.RMSprop(ps, lr=0.01, alpha=0.9, eps=1e-8,
                                                       momentum=0.9)),
    "Adagrad": (lambda ls: Adagrad(ls, lr=0.1, eps=1e-10),
                lambda t, ps: t.optim.Adagrad(ps, lr=0.1, eps=1e-10)),
    "Adam": (lambda ls: Adam(ls, lr=0.05, betas=(0.9, 0.999), eps=1e-8),
             lambda t, ps: t.optim.Adam(ps, lr=0.05, betas=(0.9, 0.999), eps=1e-8)),
}


def _run_both(torch, name: str):
    """The table after each step of SCHEDULE, from embedlab and from torch.optim."""
    make_ours, make_theirs = PAIRS[name]
    rng = np.random.default_rng(0)
    grad_rows = [rng.standard_normal((len(ids), 3)) for ids in SCHEDULE]
    ours = Embedding(5, 3, seed=0, dtype=np.float64)
    theirs = torch.nn.Embedding(5, 3, dtype=torch.float64)
    with torch.no_grad():
        theirs.weight.copy_(torch.from_numpy(ours.weight))
    opt_ours, opt_theirs = make_ours(ours), make_theirs(torch, theirs.parameters())
    ours_tables, theirs_tables = [], []
    for ids, g in zip(SCHEDULE, grad_rows):
        ours(np.array(ids))
        ours.backward(g)
        opt_ours.step()
        opt_ours.zero_grad()
        (theirs(torch.tensor(ids)) * torch.from_numpy(g)).sum().backward()
        opt_theirs.step()
        opt_theirs.zero_grad()
        ours_tables.append(ours.weight.copy())
        theirs_tables.append(theirs.weight.detach().numpy().copy())
    return np.array(ours_tables), np.array(theirs_tables)


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_embedlab_optimisers_take_the_same_steps_as_torch(name):
    torch = need("torch")
    ours, theirs = _run_both(torch, name)
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize(("name", "keeps_moving"), [
    ("SGD", False), ("RMSprop", False), ("Adagrad", False),
    ("SGD momentum", True), ("RMSprop momentum", True), ("Adam", True),
])
def test_which_optimisers_move_a_row_after_its_last_lookup(name, keeps_moving):
    torch = need("torch")
    _, theirs = _run_both(torch, name)
    # row 4 is looked up at step 1 only; row 0 never
    later = [bool(np.any(theirs[s, 4] != theirs[s - 1, 4])) for s in range(1, len(SCHEDULE))]
    assert all(later) if keeps_moving else not any(later)
    assert np.all(theirs[:, 0] == theirs[0, 0])


def test_nesterov_momentum_keeps_moving_a_row_too():
    torch = need("torch")
    layer = torch.nn.Embedding(5, 2)
    opt = torch.optim.SGD(layer.parameters(), lr=0.1, momentum=0.9, nesterov=True)
    layer(torch.tensor([1])).sum().backward()
    opt.step()
    opt.zero_grad()
    before = layer.weight.detach().clone()
    layer(torch.tensor([3])).sum().backward()       # row 1 has zero gradient now
    opt.step()
    assert torch.any(layer.weight != before, dim=1).tolist() == [False, True, False, True, False]


def test_adamw_decoupled_weight_decay_moves_every_row():
    torch = need("torch")
    layer = torch.nn.Embedding(5, 2)
    before = layer.weight.detach().clone()
    opt = torch.optim.AdamW(layer.parameters(), lr=0.1, weight_decay=0.01)
    layer(torch.tensor([1])).sum().backward()
    opt.step()
    assert bool(torch.all(torch.any(layer.weight != before, dim=1)))


# ------------------------------------------------------------ sparse gradients
def test_sparse_adam_refuses_a_dense_embedding_gradient():
    torch = need("torch")
    layer = torch.nn.Embedding(5, 2)                 # sparse=False, the default
    opt = torch.optim.SparseAdam(layer.parameters(), lr=0.1)
    layer(torch.tensor([1, 3])).sum().backward()
    with pytest.raises(RuntimeError, match="SparseAdam does not support dense gradients"):
        opt.step()


def test_sparse_adam_with_sparse_true_leaves_unused_rows_alone():
    torch = need("torch")
    layer = torch.nn.Embedding(5, 2, sparse=True)
    opt = torch.optim.SparseAdam(layer.parameters(), lr=0.1)
    layer(torch.tensor([1, 3])).sum().backward()
    assert layer.weight.grad.is_sparse
    opt.step()
    opt.zero_grad()
    after_1 = layer.weight.detach().clone()
    layer(torch.tensor([3])).sum().backward()
    opt.step()
    moved = torch.any(layer.weight != after_1, dim=1).tolist()
    assert moved == [False, False, False, True, False]   # row 1 rests at step 2, unlike Adam


@pytest.mark.parametrize(("name", "accepts"), [
    ("SGD", True), ("SparseAdam", True), ("Adagrad", True),
    ("Adam", False), ("AdamW", False), ("RMSprop", False),
])
def test_only_a_few_optimisers_accept_sparse_gradients(name, accepts):
    torch = need("torch")
    layer = torch.nn.Embedding(5, 2, sparse=True)
    opt = getattr(torch.optim, name)(layer.parameters(), lr=0.1)
    layer(torch.tensor([1, 3])).sum().backward()
    if accepts:
        opt.step()
    else:
        with pytest.raises(RuntimeError, match="does not support sparse gradients"):
            opt.step()


@pytest.mark.parametrize("name", ["SGD", "Adagrad"])
def test_coupled_weight_decay_is_refused_with_sparse_gradients(name):
    torch = need("torch")
    layer = torch.nn.Embedding(5, 2, sparse=True)
    opt = getattr(torch.optim, name)(layer.parameters(), lr=0.1, weight_decay=0.01)
    layer(torch.tensor([1, 3])).sum().backward()
    with pytest.raises(RuntimeError):
        opt.step()


def test_sparse_adam_has_no_weight_decay_option():
    torch = need("torch")
    import inspect

    assert "weight_decay" not in inspect.signature(torch.optim.SparseAdam).parameters


# ------------------------------------------------------------ scale_grad_by_freq
def test_part_1_divides_by_the_count_as_scale_grad_by_freq_does():
    torch = need("torch")
    code = _code(PART_1)
    assert "scale_grad_by_freq" in _markdown(PART_1)
    assert "np.bincount(ids.ravel(), minlength=5)" in code
    ids = np.array([[4, 1, 3, 3, 3]])
    G = np.array([[[1., -2.], [3., 1.], [-1., 2.], [2., 2.], [1., -3.]]])
    dE = np.zeros((5, 2))
    np.add.at(dE, ids, G)
    counts = np.bincount(ids.ravel(), minlength=5)
    by_freq = dE / np.maximum(counts, 1)[:, None]       # the page's NumPy line
    layer = torch.nn.Embedding(5, 2, scale_grad_by_freq=True, dtype=torch.float64)
    (layer(torch.from_numpy(ids)) * torch.from_numpy(G)).sum().backward()
    np.testing.assert_allclose(layer.weight.grad.numpy(), by_freq, rtol=1e-15)


def test_scale_grad_by_freq_counts_over_the_whole_batch():
    torch = need("torch")
    ids = np.array([[4, 1, 3], [3, 3, 0]])
    G = np.arange(12.0).reshape(2, 3, 2)
    dE = np.zeros((5, 2))
    np.add.at(dE, ids, G)
    by_freq = dE / np.maximum(np.bincount(ids.ravel(), minlength=5), 1)[:, None]
    layer = torch.nn.Embedding(5, 2, scale_grad_by_freq=True, dtype=torch.float64)
    (layer(torch.from_numpy(ids)) * torch.from_numpy(G)).sum().backward()
    np.testing.assert_allclose(layer.weight.grad.numpy(), by_freq, rtol=1e-15)


# ------------------------------------------------------------ pretrained tables
TORCH_PRETRAINED = '''\
# Not run here: checked by tests/test_frameworks_optim.py
import torch

table = torch.tensor(M)                    # M: a (V, d) NumPy array
frozen = torch.nn.Embedding.from_pretrained(table, freeze=True)
tuned = torch.nn.Embedding.from_pretrained(table, freeze=False)
assert not frozen.weight.requires_grad     # freeze=True is the default
assert tuned.weight.requires_grad
assert torch.equal(tuned(torch.tensor([3])), table[[3]])
'''

KERAS_PRETRAINED = '''\
# Not run here: checked by tests/test_frameworks_optim.py
import keras
import numpy as np

V, d = M.shape                             # M: a (V, d) NumPy array
frozen = keras.layers.Embedding(
    V, d, embeddings_initializer=keras.initializers.Constant(M),
    trainable=False)
vectors = keras.ops.convert_to_numpy(frozen(np.array([[3]])))  # builds it
assert np.allclose(vectors[0, 0], M[3])
assert len(frozen.weights) == 1 and len(frozen.trainable_weights) == 0
tuned = keras.layers.Embedding(V, d, weights=[M])   # built at once
assert np.allclose(keras.ops.convert_to_numpy(tuned.embeddings), M)
assert len(tuned.trainable_weights) == 1
'''


@pytest.mark.parametrize("snippet", [TORCH_PRETRAINED, KERAS_PRETRAINED], ids=["torch", "keras"])
def test_part_2_shows_the_pretrained_snippets_verbatim(snippet):
    assert "```python\n" + snippet + "```" in _markdown(PART_2)


def _table() -> np.ndarray:
    return np.random.default_rng(0).standard_normal((6, 3)).astype(np.float32)


def test_torch_pretrained_snippet_runs():
    need("torch")
    exec(compile(TORCH_PRETRAINED, "torch-pretrained", "exec"), {"M": _table()})


def test_keras_pretrained_snippet_runs():
    _keras()
    exec(compile(KERAS_PRETRAINED, "keras-pretrained", "exec"), {"M": _table()})


def test_keras_trainable_weights_count_only_after_the_layer_is_built():
    # Why the snippet calls the frozen layer before counting: an Embedding
    # given only an initializer has no weights until it is built, so "no
    # trainable weights" would also hold for an unfrozen twin.
    keras = _keras()
    M = _table()
    V, d = M.shape
    frozen = keras.layers.Embedding(V, d, embeddings_initializer=keras.initializers.Constant(M),
                                    trainable=False)
    twin = keras.layers.Embedding(V, d, embeddings_initializer=keras.initializers.Constant(M))
    assert len(frozen.trainable_weights) == len(twin.trainable_weights) == 0   # not built yet
    for layer in (frozen, twin):
        layer(np.array([[3]]))
    assert len(frozen.weights) == 1 and len(frozen.trainable_weights) == 0
    assert len(twin.weights) == 1 and len(twin.trainable_weights) == 1   # unfrozen: 1


def test_frozen_torch_table_gets_no_gradient_and_a_tuned_one_does():
    torch = need("torch")
    table = torch.from_numpy(_table())
    frozen = torch.nn.Embedding.from_pretrained(table)
    tuned = torch.nn.Embedding.from_pretrained(table, freeze=False)
    for layer in (frozen, tuned):
        out = layer(torch.tensor([1, 2]))
        if out.requires_grad:
            out.sum().backward()
    assert frozen.weight.grad is None
    assert tuned.weight.grad is not None and bool(tuned.weight.grad[1].any())
