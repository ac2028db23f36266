"""The Transformer part's claims about PyTorch, checked against PyTorch itself.

* embedlab's :func:`~embedlab.attention.scaled_dot_product_attention` gives
  the outputs of ``torch.nn.functional.scaled_dot_product_attention`` for the
  same Q, K, V, without a mask, with ``is_causal=True`` and with a boolean
  ``attn_mask`` (True = may attend, in both);
* :class:`~embedlab.attention.SelfAttention`'s backward pass equals autograd's;
* the tied :class:`~embedlab.language_model.NextTokenModel`'s gradient of
  its one table (input and output use summed) equals autograd's, and so do
  the untied model's two tables;
* tying in PyTorch is sharing one ``Parameter``: after
  ``lm_head.weight = embedding.weight`` the module counts it once.

Skipped when PyTorch is missing, and failing instead when
``REQUIRE_FRAMEWORKS=1`` (as in continuous integration).
"""

from __future__ import annotations

import importlib
import os

import numpy as np
import pytest

from embedlab.attention import SelfAttention, scaled_dot_product_attention
from embedlab.language_model import NextTokenModel
from embedlab.losses import softmax_cross_entropy


def need(name: str):
    """Import a framework; skip without it, unless REQUIRE_FRAMEWORKS=1 demands it."""
    if os.environ.get("REQUIRE_FRAMEWORKS") == "1":
        return importlib.import_module(name)
    return pytest.importorskip(name)


@pytest.mark.parametrize("causal", [False, True])
def test_attention_equals_torch_sdpa(causal):
    torch = need("torch")
    rng = np.random.default_rng(0)
    Q, K, V = (rng.normal(size=(2, 5, 4)) for _ in range(3))
    ours, _ = scaled_dot_product_attention(Q, K, V, causal=causal)
    theirs = torch.nn.functional.scaled_dot_product_attention(
        *(torch.from_numpy(a) for a in (Q, K, V)), is_causal=causal)
    assert np.allclose(ours, theirs.numpy(), atol=1e-12)
    other, _ = scaled_dot_product_attention(Q, K, V, causal=not causal)
    assert not np.allclose(other, theirs.numpy(), atol=1e-3)   # the mask matters


def test_boolean_masks_mean_the_same():
    torch = need("torch")
    rng = np.random.default_rng(1)
    Q, K, V = rng.normal(size=(3, 4)), rng.normal(size=(6, 4)), rng.normal(size=(6, 2))
    mask = rng.random((3, 6)) < 0.6
    mask[:, 0] = True                                        # every query sees something
    ours, _ = scaled_dot_product_attention(Q, K, V, mask=mask)
    theirs = torch.nn.functional.scaled_dot_product_attention(
        *(torch.from_numpy(a) for a in (Q, K, V)), attn_mask=torch.from_numpy(mask))
    assert np.allclose(ours, theirs.numpy(), atol=1e-12)


def test_self_attention_backward_equals_autograd():
    torch = need("torch")
    rng = np.random.default_rng(2)
    layer = SelfAttention(4, 3, causal=True, seed=3)
    H, dOut = rng.normal(size=(2, 5, 4)), rng.normal(size=(2, 5, 4))
    out = layer(H)
    dH = layer.backward(dOut)
    t = {name: torch.tensor(getattr(layer, name), requires_grad=True)
         for name in ("W_q", "W_k", "W_v", "W_o")}
    Ht = torch.tensor(H, requires_grad=True)
    mixed = torch.nn.functional.scaled_dot_product_attention(
        Ht @ t["W_q"], Ht @ t["W_k"], Ht @ t["W_v"], is_causal=True)
    out_t = mixed @ t["W_o"]
    assert np.allclose(out, out_t.detach().numpy(), atol=1e-12)
    (out_t * torch.from_numpy(dOut)).sum().backward()
    assert np.allclose(dH, Ht.grad.numpy(), atol=1e-10)
    for name, value in t.items():
        assert np.allclose(layer.grads[name], value.grad.numpy(), atol=1e-10), name


@pytest.mark.parametrize("tied", [True, False])
def test_next_token_gradients_equal_autograd(tied):
    torch = need("torch")
    model = NextTokenModel(11, 4, tied=tied, seed=4)
    X, y = np.array([[1, 2], [3, 3], [10, 0], [4, 7]]), np.array([2, 5, 1, 1])
    model.zero_grad()
    model.backward(softmax_cross_entropy(model.forward(X), y)[1])
    E, W, b = (torch.tensor(a, requires_grad=True) for a in (model.E, model.W, model.b))
    O = E if tied else torch.tensor(model.O, requires_grad=True)
    h = E[torch.from_numpy(X)].mean(dim=1) @ W
    loss = torch.nn.functional.cross_entropy(h @ O.T + b, torch.from_numpy(y))
    loss.backward()
    grads = {name: g for name, _, g in model.parameters()}
    assert np.allclose(grads["E"], E.grad.numpy(), atol=1e-12)   # tied: both uses summed
    assert np.allclose(grads["W"], W.grad.numpy(), atol=1e-12)
    assert np.allclose(grads["b"], b.grad.numpy(), atol=1e-12)
    if not tied:
        assert np.allclose(grads["O"], O.grad.numpy(), atol=1e-12)


def test_tying_in_torch_shares_one_parameter():
    torch = need("torch")
    V, d = 50, 8
    embedding, head = torch.nn.Embedding(V, d), torch.nn.Linear(d, V, bias=False)
    model = torch.nn.ModuleDict({"wte": embedding, "lm_head": head})
    untied = sum(p.numel() for p in model.parameters())
    head.weight = embedding.weight                            # the tie
    tied = sum(p.numel() for p in model.parameters())          # shared tensors counted once
    assert (untied, tied) == (2 * V * d, V * d)
    assert head.weight.shape == embedding.weight.shape == (V, d)   # Linear stores (out, in)
