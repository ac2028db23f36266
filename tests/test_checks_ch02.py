"""The exercise checks of the chapter "A column of W is a unit"."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab.checks import CheckFailed
from embedlab.checks.ch02 import (
    FOLD_HEAD,
    MIX_UNITS,
    STRONGEST_TOKENS,
    UNDO_CHANGES,
    UNDO_READERS,
    UNDOABLE,
    UNIT_ACTIVATION,
    check_fold_head,
    check_mix_units,
    check_strongest_tokens,
    check_undoable,
    check_unit_activation,
)


# ------------------------------------------------------------ reference solutions
def unit_activation(W, token, unit):
    W = np.asarray(W)
    x = np.zeros(W.shape[0], dtype=W.dtype)
    x[token] = 1
    return (x * W[:, unit]).sum()


def strongest_tokens(W, unit, k):
    order = np.argsort(-np.abs(np.asarray(W)[:, unit]), kind="stable")
    return [int(i) for i in order[:k]]


def mix_units(W, U, G):
    return W @ G, np.linalg.solve(G, U)


def fold_head(W, U, u):
    return W @ U + u


UNDO_PREDICTION = {
    "permutation": {"linear", "rmsnorm", "layernorm"},
    "sign flip": {"linear", "rmsnorm"},
    "doubling": {"linear", "rmsnorm", "layernorm"},
    "scaling": {"linear"},
    "G": {"linear"},
    "all ones": set(),
    "add unit 0": {"linear", "layernorm"},
}


def _not_done(*args):
    raise NotImplementedError


# ------------------------------------------------------------ correct answers
@pytest.mark.parametrize(
    "check, answer, label",
    [
        (check_unit_activation, unit_activation, "ex02-unit-activation"),
        (check_strongest_tokens, strongest_tokens, "ex02-strongest-tokens"),
        (check_mix_units, mix_units, "ex02-mix-units"),
        (check_fold_head, fold_head, "ex02-fold-head"),
        (check_undoable, UNDO_PREDICTION, "ex02-undoable"),
    ],
)
def test_reference_solution_passes(check, answer, label, capsys):
    assert check(answer) is True
    assert capsys.readouterr().out.startswith(f"Correct! ({label})")


def test_other_correct_answers_pass(capsys):
    assert check_unit_activation(lambda W, t, u: (np.eye(W.shape[0])[t] @ W)[u])
    assert check_strongest_tokens(
        lambda W, u, k: np.argsort(-np.abs(W[:, u]), kind="stable")[:k])   # an array is fine
    assert check_mix_units(lambda W, U, G: (W @ G, np.linalg.inv(G) @ U))
    assert capsys.readouterr().out.count("Correct!") == 3


# ------------------------------------------------------------ stubs
@pytest.mark.parametrize("check", [check_unit_activation, check_strongest_tokens, check_mix_units,
                                   check_fold_head])
@pytest.mark.parametrize("stub", [_not_done, ..., None])
def test_stub_says_not_done_yet(check, stub, capsys):
    assert check(stub) is False
    assert capsys.readouterr().out.startswith("Not done yet (ex02-")


# ------------------------------------------------------------ wrong answers
def test_unit_activation_swapped_indices_fails_with_hint():
    with pytest.raises(CheckFailed, match="Not quite \\(ex02-unit-activation\\)") as info:
        check_unit_activation(lambda W, token, unit: W[unit, token])
    assert UNIT_ACTIVATION.hint in str(info.value)


def test_unit_activation_returning_the_whole_row_fails():
    with pytest.raises(CheckFailed, match="one unit gives one number"):
        check_unit_activation(lambda W, token, unit: W[token])


def test_unit_activation_wrong_number_and_non_number_fail():
    with pytest.raises(CheckFailed, match=r"token 0 and unit 0 you returned 0, expected"):
        check_unit_activation(lambda W, token, unit: 0.0)
    with pytest.raises(CheckFailed, match="returned 'x', not a number"):
        check_unit_activation(lambda W, token, unit: "x")


def test_unit_activation_that_crashes_is_reported():
    def broken(W, token, unit):
        return W[token, unit, 0]          # one index too many

    with pytest.raises(CheckFailed, match="raised IndexError"):
        check_unit_activation(broken)


def test_strongest_tokens_by_signed_value_fails_with_hint():
    signed = lambda W, unit, k: list(np.argsort(-W[:, unit], kind="stable")[:k])  # noqa: E731
    with pytest.raises(CheckFailed) as info:
        check_strongest_tokens(signed)
    assert STRONGEST_TOKENS.hint in str(info.value)


def test_strongest_tokens_unstable_ties_fail():
    # reversing keeps the size order but puts the higher id first on ties
    def higher_id_first(W, unit, k):
        col = np.abs(W[:, unit])
        order = sorted(range(len(col)), key=lambda i: (-col[i], -i))
        return order[:k]

    with pytest.raises(CheckFailed, match="expected"):
        check_strongest_tokens(higher_id_first)


def test_strongest_tokens_wrong_type_fails():
    with pytest.raises(CheckFailed, match="expected a list of 2 integer token ids"):
        check_strongest_tokens(lambda W, unit, k: np.abs(W[:k, unit]))


def test_mix_units_without_undoing_fails_with_hint():
    with pytest.raises(CheckFailed, match="the outputs W_mixed @ U_mixed differ") as info:
        check_mix_units(lambda W, U, G: (W @ G, U))
    assert MIX_UNITS.hint in str(info.value)


def test_mix_units_mixing_the_rows_fails():
    with pytest.raises(CheckFailed):
        check_mix_units(lambda W, U, G: (W, U))   # identity passes, random G does not


def test_mix_units_that_modifies_its_inputs_fails():
    def in_place(W, U, G):
        U[...] = np.linalg.solve(G, U)
        return W @ G, U

    with pytest.raises(CheckFailed, match="changed its inputs"):
        check_mix_units(in_place)


def test_mix_units_wrong_return_fails():
    with pytest.raises(CheckFailed, match="should return a pair"):
        check_mix_units(lambda W, U, G: W @ G)
    with pytest.raises(CheckFailed, match="the shapes are"):
        check_mix_units(lambda W, U, G: ((W @ G).T, U))


def test_check_refuses_a_non_function():
    with pytest.raises(CheckFailed, match="unit_activation should be a function, got int"):
        check_unit_activation(3)


# ------------------------------------------------------------ fold_head
def test_fold_head_equals_the_embedding_then_the_head():
    from embedlab import Dense, Embedding

    rng = np.random.default_rng(3)
    W = rng.normal(size=(6, 3))
    head = Dense(3, 2, seed=1, dtype=np.float64)
    head.bias[:] = [0.5, -0.5]
    ids = np.array([[0, 5, 5], [2, 1, 0]])
    table = Embedding(6, 2, embeddings_initializer=fold_head(W, head.weight, head.bias), dtype=np.float64)
    emb = Embedding(6, 3, embeddings_initializer=W, dtype=np.float64)
    assert np.allclose(table(ids), head(emb(ids)), rtol=0, atol=1e-12)


def test_fold_head_without_the_bias_fails_with_hint():
    with pytest.raises(CheckFailed, match="the bias u is missing") as info:
        check_fold_head(lambda W, U, u: W @ U)
    assert FOLD_HEAD.hint in str(info.value)


def test_fold_head_wrong_shape_or_numbers_fail():
    with pytest.raises(CheckFailed, match="returned shape"):
        check_fold_head(lambda W, U, u: (W @ U + u).T)
    with pytest.raises(CheckFailed, match="wrong numbers"):
        check_fold_head(lambda W, U, u: W @ U - u)
    with pytest.raises(CheckFailed, match="raised ValueError"):
        check_fold_head(lambda W, U, u: U @ W)


def test_fold_head_that_modifies_its_inputs_fails():
    def in_place(W, U, u):
        u += 0.0 * u + 1.0
        return W @ U + u - 1.0

    with pytest.raises(CheckFailed, match="changed its inputs"):
        check_fold_head(in_place)


# ------------------------------------------------------------ undoable
def _layer_norm(H):
    centred = H - H.mean(axis=1, keepdims=True)
    return centred / H.std(axis=1, keepdims=True)


def _rms_norm(H):
    return H / np.sqrt(np.mean(H**2, axis=1, keepdims=True))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_undoable_answers_are_what_least_squares_finds(seed):
    # The answer key, measured: a change M is undone after a reader when the
    # best linear map after it gives back every output of the unchanged table.
    rng = np.random.default_rng(seed)
    H = rng.normal(size=(40, 3))
    U = rng.normal(size=(3, 2))
    changes = {"permutation": np.eye(3)[[2, 0, 1]], "sign flip": np.diag([1.0, -1.0, 1.0]),
               "doubling": 2 * np.eye(3), "scaling": np.diag([2.0, 1.0, 1.0]),
               "G": rng.normal(size=(3, 3)), "all ones": np.ones((3, 3)),
               "add unit 0": np.eye(3) + np.outer([1.0, 0.0, 0.0], np.ones(3))}
    readers = {"linear": lambda X: X, "rmsnorm": _rms_norm, "layernorm": _layer_norm}
    assert tuple(changes) == UNDO_CHANGES and tuple(readers) == UNDO_READERS
    for name, M in changes.items():
        undone = set()
        for reader, f in readers.items():
            target = f(H) @ U
            with np.errstate(invalid="ignore", divide="ignore"):
                N = f(H @ M)
            if not np.isfinite(N).all():
                continue
            fit, *_ = np.linalg.lstsq(N, target, rcond=None)
            if np.abs(N @ fit - target).max() < 1e-9 * np.abs(target).max():
                undone.add(reader)
        assert undone == UNDO_PREDICTION[name], name


def test_undoable_accepts_lists_and_any_case(capsys):
    answer = {name: sorted(r.upper() for r in readers) for name, readers in UNDO_PREDICTION.items()}
    assert check_undoable(answer) is True
    assert "Correct!" in capsys.readouterr().out


@pytest.mark.parametrize("partial", [..., None, {name: ... for name in UNDO_CHANGES},
                                     {**UNDO_PREDICTION, "G": ...}])
def test_undoable_partly_filled_is_not_done(partial, capsys):
    assert check_undoable(partial) is False
    assert capsys.readouterr().out.startswith("Not done yet (ex02-undoable)")


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ({**UNDO_PREDICTION, "doubling": {"linear"}}, "not right: ['doubling']"),
        ({**UNDO_PREDICTION, "sign flip": set(UNDO_READERS)}, "not right: ['sign flip']"),
        ({**UNDO_PREDICTION, "G": set(UNDO_READERS), "all ones": {"linear"}}, "2 of 7"),
        # the claim that LayerNorm passes only what RMSNorm passes, and less
        ({**UNDO_PREDICTION, "add unit 0": {"linear"}}, "not right: ['add unit 0']"),
        ({**UNDO_PREDICTION, "scaling": "linear"}, "is the string 'linear'"),
        ({**UNDO_PREDICTION, "scaling": {"dense"}}, "the readers are"),
        ({**UNDO_PREDICTION, "scaling": 3}, "must be a set of readers"),
        ({k: v for k, v in UNDO_PREDICTION.items() if k != "G"}, "missing the changes ['G']"),
        ([("G", {"linear"})], "must be a dict"),
    ],
)
def test_undoable_wrong_answers_fail_with_the_hint(answer, reason):
    with pytest.raises(CheckFailed) as info:
        check_undoable(answer)
    assert reason in str(info.value)
    assert UNDOABLE.hint in str(info.value)
