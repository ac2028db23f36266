"""The chapter 3 checks accept the reference solutions, spot stubs, and explain wrong answers."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab import pad_sequences, tokenize
from embedlab.checks import CheckFailed
from embedlab.checks.ch03 import (
    check_encode_padded,
    check_flat_lookup,
    check_masked_mean,
    check_output_shape,
)

NOT_DONE = "Not done yet"


# ------------------------------------------------------ reference solutions
def output_shape(ids_shape, input_dim, output_dim):
    return (*ids_shape, output_dim)


def flat_lookup(E, X):
    X = np.asarray(X)
    rows = E[X.reshape(-1)]
    return rows.reshape(X.shape + (E.shape[1],))


def encode_padded(texts, words, maxlen):
    ids = {w: k + 2 for k, w in enumerate(words)}
    seqs = [[ids.get(t, 1) for t in tokenize(text)] for text in texts]
    X = pad_sequences(seqs, maxlen=maxlen, padding="post", truncating="post")
    return X, len(words) + 2


def masked_mean(Y, mask):
    counts = mask.sum(axis=1, keepdims=True)
    total = (Y * mask[..., None]).sum(axis=1)
    return total / np.maximum(counts, 1)


# ------------------------------------------------------------------- stubs
def _stub(*args):
    raise NotImplementedError


CHECKS = [
    (check_output_shape, output_shape),
    (check_flat_lookup, flat_lookup),
    (check_encode_padded, encode_padded),
    (check_masked_mean, masked_mean),
]


@pytest.mark.parametrize("check, solution", CHECKS, ids=lambda x: getattr(x, "__name__", ""))
def test_reference_solution_passes(check, solution, capsys):
    assert check(solution) is True
    assert "Correct!" in capsys.readouterr().out


@pytest.mark.parametrize("check", [c for c, _ in CHECKS], ids=lambda c: c.__name__)
@pytest.mark.parametrize("stub", [_stub, ..., None], ids=["raises", "ellipsis", "none"])
def test_stub_is_not_done_yet(check, stub, capsys):
    assert check(stub) is False
    assert NOT_DONE in capsys.readouterr().out


@pytest.mark.parametrize("check", [c for c, _ in CHECKS], ids=lambda c: c.__name__)
def test_non_function_answer_fails(check):
    with pytest.raises(CheckFailed, match="should be a function"):
        check(42)


# ------------------------------------------------------------- wrong answers
def test_output_shape_with_the_vocabulary_size_fails_with_hint():
    with pytest.raises(CheckFailed, match="input_dim .*does not appear") as info:
        check_output_shape(lambda ids_shape, input_dim, output_dim: (*ids_shape, input_dim, output_dim))
    assert "Embedding(10, 4)" in str(info.value)


def test_output_shape_forgetting_a_scalar_id_fails():
    def two_d_only(ids_shape, input_dim, output_dim):
        return (ids_shape[0], output_dim)

    with pytest.raises((CheckFailed, IndexError)):
        check_output_shape(two_d_only)


def test_output_shape_returning_junk_fails():
    with pytest.raises(CheckFailed, match="not a tuple of ints"):
        check_output_shape(lambda a, b, c: None)


def test_flat_lookup_without_the_final_reshape_fails_with_hint():
    def no_reshape(E, X):
        return E[np.asarray(X).reshape(-1)]

    with pytest.raises(CheckFailed, match=r"reshape to X.shape \+ \(d,\)"):
        check_flat_lookup(no_reshape)


def test_flat_lookup_with_wrong_rows_fails():
    def off_by_one(E, X):
        X = np.asarray(X)
        return E[(X.reshape(-1) + 1) % E.shape[0]].reshape(X.shape + (E.shape[1],))

    with pytest.raises(CheckFailed, match="values are not the rows of E"):
        check_flat_lookup(off_by_one)


def test_flat_lookup_that_mutates_the_table_fails():
    def mutating(E, X):
        out = flat_lookup(E, X)
        E[0] = 0
        return out

    with pytest.raises(CheckFailed, match="changed E"):
        check_flat_lookup(mutating)


def test_encode_padded_off_by_one_gets_a_specific_message():
    def one_short(texts, words, maxlen):
        X, input_dim = encode_padded(texts, words, maxlen)
        return X, input_dim - 1

    with pytest.raises(CheckFailed, match="one too small") as info:
        check_encode_padded(one_short)
    assert "largest possible id + 1" in str(info.value)


def test_encode_padded_counting_only_the_ids_in_the_texts_fails_with_a_reason():
    def from_the_data(texts, words, maxlen):
        X, _ = encode_padded(texts, words, maxlen)
        return X, int(X.max()) + 1

    with pytest.raises(CheckFailed, match="covers only the ids that occur") as info:
        check_encode_padded(from_the_data)
    assert "id 5 (the word 'dog'), so the table needs 6 rows" in str(info.value)
    assert "whether or not the last word occurs" in str(info.value)


def test_encode_padded_forgetting_the_reserved_ids_fails():
    def no_reserved(texts, words, maxlen):
        ids = {w: k for k, w in enumerate(words)}
        seqs = [[ids.get(t, 0) for t in tokenize(text)] for text in texts]
        return pad_sequences(seqs, maxlen=maxlen, padding="post", truncating="post"), len(words)

    with pytest.raises(CheckFailed, match="the ids should be"):
        check_encode_padded(no_reserved)


def test_encode_padded_with_pre_padding_fails():
    def pre(texts, words, maxlen):
        ids = {w: k + 2 for k, w in enumerate(words)}
        seqs = [[ids.get(t, 1) for t in tokenize(text)] for text in texts]
        return pad_sequences(seqs, maxlen=maxlen), len(words) + 2

    with pytest.raises(CheckFailed, match="pad after"):
        check_encode_padded(pre)


def test_encode_padded_returning_one_value_fails():
    with pytest.raises(CheckFailed, match=r"must return a pair \(X, input_dim\)"):
        check_encode_padded(lambda texts, words, maxlen: encode_padded(texts, words, maxlen)[0])


def test_masked_mean_dividing_by_T_fails_with_hint():
    def divide_by_T(Y, mask):
        return (Y * mask[..., None]).sum(axis=1) / Y.shape[1]

    with pytest.raises(CheckFailed, match=r"not by T") as info:
        check_masked_mean(divide_by_T)
    assert "row 0 has 3 real tokens out of 5" in str(info.value)


def test_masked_mean_with_nan_for_empty_rows_fails():
    def nan_on_empty(Y, mask):
        with np.errstate(invalid="ignore", divide="ignore"):
            return (Y * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)

    with pytest.raises(CheckFailed, match="NaN or infinity"):
        check_masked_mean(nan_on_empty)


def test_masked_mean_with_wrong_shape_fails():
    with pytest.raises(CheckFailed, match="one mean vector per sequence"):
        check_masked_mean(lambda Y, mask: Y[mask])
