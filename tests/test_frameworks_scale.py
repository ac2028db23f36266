"""Chapter 7.2's claims about PyTorch's large-table tools, checked against PyTorch.

* ``nn.EmbeddingBag`` and ``embedlab.EmbeddingBag`` give the same pooled
  vectors and the same table gradient in every mode, with offsets (empty bags
  included), with 2-D ids, with ``include_last_offset`` and with
  ``per_sample_weights`` (and its gradient); PyTorch allows
  ``per_sample_weights`` with ``mode="sum"`` only and refuses offsets that do
  not start at 0 or run past the end;
* ``nn.Embedding(sparse=True)`` gives a sparse gradient with the rows and
  values of ``embedlab.sparse_grad``; ``torch.optim.SparseAdam`` refuses a
  dense gradient with a RuntimeError, and its steps equal
  ``embedlab.SparseAdam``'s, including the rows a batch skips; dense
  ``torch.optim.Adam`` on a sparse-free table equals ``embedlab.Adam`` and
  moves a skipped row;
* ``max_norm`` renormalises the looked-up rows of the table in place during
  the forward pass, once per distinct id, and leaves the others; embedlab
  does the same;
* ``scale_grad_by_freq`` divides each row's gradient by its id's count.

Skipped without PyTorch, except under ``REQUIRE_FRAMEWORKS=1`` (as in
continuous integration), where a missing framework fails.
"""

from __future__ import annotations

import importlib
import os

import numpy as np
import pytest

from embedlab import Adam, Embedding
from embedlab.bag import EmbeddingBag
from embedlab.sparse import SparseAdam, sparse_grad


def need(name: str):
    """Import a framework; skip without it, unless REQUIRE_FRAMEWORKS=1 demands it."""
    if os.environ.get("REQUIRE_FRAMEWORKS") == "1":
        return importlib.import_module(name)
    return pytest.importorskip(name)


IDS = np.array([3, 1, 1, 7, 0, 5, 5, 5, 2])
OFFSETS = np.array([0, 3, 3, 6])  # bag 1 is empty


def _pair(torch, mode, table, **kwargs):
    ours = EmbeddingBag(table.shape[0], table.shape[1], mode=mode, dtype=np.float64,
                        embeddings_initializer=table, **kwargs)
    theirs = torch.nn.EmbeddingBag(table.shape[0], table.shape[1], mode=mode,
                                   dtype=torch.float64, **kwargs)
    with torch.no_grad():
        theirs.weight.copy_(torch.from_numpy(table))
    return ours, theirs


@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
def test_embedding_bag_forward_and_gradient_match_pytorch(mode):
    torch = need("torch")
    rng = np.random.default_rng(0)
    table = rng.normal(size=(8, 3))
    up = rng.normal(size=(4, 3))
    ours, theirs = _pair(torch, mode, table)
    out = theirs(torch.from_numpy(IDS), torch.from_numpy(OFFSETS))
    np.testing.assert_allclose(ours(IDS, OFFSETS), out.detach().numpy(), atol=1e-12)
    (out * torch.from_numpy(up)).sum().backward()
    ours.backward(up)
    np.testing.assert_allclose(ours.grad, theirs.weight.grad.numpy(), atol=1e-12)
    assert not out[1].any()  # PyTorch's empty bag is a zero vector, as embedlab's


@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
def test_two_dimensional_ids_and_last_offset_match_pytorch(mode):
    torch = need("torch")
    rng = np.random.default_rng(1)
    table = rng.normal(size=(6, 2))
    X = rng.integers(0, 6, size=(3, 4))
    ours, theirs = _pair(torch, mode, table)
    np.testing.assert_allclose(ours(X), theirs(torch.from_numpy(X)).detach().numpy(), atol=1e-12)
    last_ours, last_theirs = _pair(torch, mode, table, include_last_offset=True)
    offsets = np.array([0, 2, 2, 6, 9])
    np.testing.assert_allclose(
        last_ours(IDS % 6, offsets),
        last_theirs(torch.from_numpy(IDS % 6), torch.from_numpy(offsets)).detach().numpy(),
        atol=1e-12)


def test_per_sample_weights_and_their_gradient_match_pytorch():
    torch = need("torch")
    rng = np.random.default_rng(2)
    table, w, up = rng.normal(size=(8, 3)), rng.normal(size=IDS.size), rng.normal(size=(4, 3))
    ours, theirs = _pair(torch, "sum", table)
    tw = torch.tensor(w, requires_grad=True)
    out = theirs(torch.from_numpy(IDS), torch.from_numpy(OFFSETS), per_sample_weights=tw)
    np.testing.assert_allclose(ours(IDS, OFFSETS, w), out.detach().numpy(), atol=1e-12)
    (out * torch.from_numpy(up)).sum().backward()
    dw = ours.backward(up)
    np.testing.assert_allclose(dw, tw.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(ours.grad, theirs.weight.grad.numpy(), atol=1e-12)


@pytest.mark.parametrize("mode", ["mean", "max"])
def test_pytorch_allows_per_sample_weights_with_sum_only(mode):
    torch = need("torch")
    bag = torch.nn.EmbeddingBag(8, 3, mode=mode)
    with pytest.raises(NotImplementedError, match="only supported for mode='sum'"):
        bag(torch.from_numpy(IDS), torch.from_numpy(OFFSETS), per_sample_weights=torch.ones(IDS.size))
    with pytest.raises(ValueError, match="only allowed with mode='sum'"):
        EmbeddingBag(8, 3, mode=mode)(IDS, OFFSETS, np.ones(IDS.size))


def test_pytorch_refuses_bad_offsets_as_embedlab_does():
    torch = need("torch")
    bag = torch.nn.EmbeddingBag(8, 3, mode="sum")
    ids = torch.from_numpy(IDS)
    with pytest.raises(RuntimeError, match=r"offsets\[0\] has to be 0"):
        bag(ids, torch.tensor([1, 3]))
    with pytest.raises(RuntimeError, match=r"can not be greater than input's length"):
        bag(ids, torch.tensor([0, 10]))
    ours = EmbeddingBag(8, 3, mode="sum")
    with pytest.raises(ValueError, match=r"offsets\[0\] must be 0"):
        ours(IDS, [1, 3])
    with pytest.raises(ValueError, match="past the end"):
        ours(IDS, [0, 10])


# ------------------------------------------------------------ sparse gradients
def test_sparse_true_gives_the_rows_and_values_of_sparse_grad():
    torch = need("torch")
    rng = np.random.default_rng(3)
    ids, up = rng.integers(0, 1000, size=(4, 6)), rng.normal(size=(4, 6, 5))
    layer = torch.nn.Embedding(1000, 5, sparse=True, dtype=torch.float64)
    (layer(torch.from_numpy(ids)) * torch.from_numpy(up)).sum().backward()
    grad = layer.weight.grad
    assert grad.is_sparse
    grad = grad.coalesce()
    ours = sparse_grad(ids, up, 1000)
    np.testing.assert_array_equal(grad.indices().numpy()[0], ours.rows)
    np.testing.assert_allclose(grad.values().numpy(), ours.values, atol=1e-12)


def test_sparse_adam_refuses_a_dense_gradient():
    torch = need("torch")
    layer = torch.nn.Embedding(5, 2)
    opt = torch.optim.SparseAdam(layer.parameters(), lr=0.1)
    layer(torch.tensor([1, 3])).sum().backward()
    with pytest.raises(RuntimeError, match="SparseAdam does not support dense gradients"):
        opt.step()
    with pytest.raises(TypeError, match="needs a SparseGrad"):
        SparseAdam(np.zeros((5, 2))).step(np.zeros((5, 2)))


SCHEDULE = [[1, 4, 4], [1, 2], [2, 3], [1, 1], [3]]


def _torch_run(torch, table, sparse, make_opt):
    layer = torch.nn.Embedding(*table.shape, sparse=sparse, dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(table))
    opt = make_opt(layer.parameters())
    rng = np.random.default_rng(4)
    for ids in SCHEDULE:
        up = rng.normal(size=(len(ids), table.shape[1]))
        opt.zero_grad()
        (layer(torch.tensor(ids)) * torch.from_numpy(up)).sum().backward()
        opt.step()
    return layer.weight.detach().numpy()


def test_sparse_adam_steps_match_pytorch_and_differ_from_dense_adam():
    torch = need("torch")
    table = np.random.default_rng(5).normal(size=(6, 3))
    theirs = _torch_run(torch, table, True, lambda ps: torch.optim.SparseAdam(ps, lr=0.05))
    ours, opt, rng = table.copy(), None, np.random.default_rng(4)
    opt = SparseAdam(ours, lr=0.05)
    for ids in SCHEDULE:
        opt.step(sparse_grad(ids, rng.normal(size=(len(ids), 3)), 6))
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)
    dense_theirs = _torch_run(torch, table, False, lambda ps: torch.optim.Adam(ps, lr=0.05))
    emb, rng = Embedding(6, 3, embeddings_initializer=table, dtype=np.float64), np.random.default_rng(4)
    dense_opt = Adam(emb, lr=0.05)
    for ids in SCHEDULE:
        emb.zero_grad()
        emb(np.array(ids))
        emb.backward(rng.normal(size=(len(ids), 3)))
        dense_opt.step()
    np.testing.assert_allclose(emb.weight, dense_theirs, rtol=1e-10, atol=1e-12)
    assert not np.allclose(theirs[4], dense_theirs[4])  # row 4: used at step 1 only
    np.testing.assert_array_equal(theirs[0], table[0])  # never used: never moves
    np.testing.assert_array_equal(dense_theirs[0], table[0])


# ------------------------------------------------------------ max_norm
def test_max_norm_renormalises_the_table_in_place_during_forward():
    torch = need("torch")
    table = np.arange(1.0, 16.0).reshape(5, 3)
    layer = torch.nn.Embedding(5, 3, max_norm=2.0, dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(table))
    ids = np.array([3, 1, 3])
    out = layer(torch.from_numpy(ids)).detach().numpy()
    ours = Embedding(5, 3, embeddings_initializer=table, dtype=np.float64, max_norm=2.0)
    np.testing.assert_allclose(ours(ids), out, rtol=1e-12)
    np.testing.assert_allclose(ours.weight, layer.weight.detach().numpy(), rtol=1e-12)
    norms = np.linalg.norm(layer.weight.detach().numpy(), axis=1)
    np.testing.assert_allclose(norms[[1, 3]], 2.0, rtol=1e-6)  # the rows looked up: changed
    np.testing.assert_array_equal(layer.weight.detach().numpy()[[0, 2, 4]], table[[0, 2, 4]])
    np.testing.assert_array_equal(out[0], out[2])  # a repeated id: scaled once, same vector


def test_max_norm_with_norm_type_one_matches_pytorch():
    torch = need("torch")
    table = np.array([[3.0, -4.0], [0.1, 0.2]])
    layer = torch.nn.Embedding(2, 2, max_norm=1.0, norm_type=1.0, dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(table))
    layer(torch.tensor([0, 1]))
    ours = Embedding(2, 2, embeddings_initializer=table, dtype=np.float64, max_norm=1.0, norm_type=1.0)
    ours([0, 1])
    np.testing.assert_allclose(ours.weight, layer.weight.detach().numpy(), rtol=1e-12)


# ------------------------------------------------------------ scale_grad_by_freq
def test_scale_grad_by_freq_matches_pytorch():
    torch = need("torch")
    ids = np.array([[4, 1, 3], [3, 3, 0]])
    up = np.random.default_rng(6).normal(size=(2, 3, 2))
    layer = torch.nn.Embedding(5, 2, scale_grad_by_freq=True, dtype=torch.float64)
    (layer(torch.from_numpy(ids)) * torch.from_numpy(up)).sum().backward()
    ours = Embedding(5, 2, dtype=np.float64, scale_grad_by_freq=True)
    ours(ids)
    ours.backward(up)
    np.testing.assert_allclose(ours.grad, layer.weight.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(sparse_grad(ids, up, 5, scale_grad_by_freq=True).to_dense(),
                               layer.weight.grad.numpy(), atol=1e-12)


# ------------------------------------------------------------ what the page quotes
def test_the_documentation_the_page_quotes():
    torch = need("torch")
    flat = lambda text: " ".join(text.split())  # noqa: E731
    assert "much more time and memory efficient than using a chain" in flat(torch.nn.EmbeddingBag.__doc__)
    embedding = flat(torch.nn.Embedding.__doc__)
    assert "forward method will modify the :attr:`weight` tensor in-place" in embedding
    assert "inverse of frequency of the words in the mini-batch" in embedding
    for name in ("optim.SGD", "optim.SparseAdam", "optim.Adagrad` (`CPU`)"):
        assert name in embedding
    sparse_adam = flat(torch.optim.SparseAdam.__doc__)
    assert "SparseAdam implements a masked version of the Adam algorithm" in sparse_adam
    assert "SparseAdam only updates the moments and parameters corresponding" in sparse_adam
