"""The chapter 3 checks accept the reference solutions, spot stubs, and explain wrong answers."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab import pad_sequences, tokenize
from embedlab.checks import CheckFailed
from embedlab.checks.ch03 import (
    check_bucket_batches,
    check_encode_padded,
    check_flat_lookup,
    check_masked_mean,
    check_output_shape,
    check_strict_lookup,
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


def strict_lookup(E, X):
    X = np.asarray(X)
    V = E.shape[0]
    bad = np.flatnonzero((X.ravel() < 0) | (X.ravel() >= V))
    if bad.size:
        raise IndexError(f"id {X.ravel()[bad[0]]} is out of range 0..{V - 1}")
    return E[X]


def bucket_batches(lengths, batch_size):
    order = np.argsort(lengths, kind="stable")
    return [order[i:i + batch_size] for i in range(0, len(order), batch_size)]


# ------------------------------------------------------------------- stubs
def _stub(*args):
    raise NotImplementedError


CHECKS = [
    (check_output_shape, output_shape),
    (check_flat_lookup, flat_lookup),
    (check_encode_padded, encode_padded),
    (check_masked_mean, masked_mean),
    (check_strict_lookup, strict_lookup),
    (check_bucket_batches, bucket_batches),
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


def test_strict_lookup_that_lets_numpy_wrap_minus_one_fails_with_a_reason():
    with pytest.raises(CheckFailed, match=r"id -1 silently read row 6, as NumPy does"):
        check_strict_lookup(lambda E, X: E[X])


def test_strict_lookup_that_checks_only_the_upper_end_fails():
    def upper_only(E, X):
        X = np.asarray(X)
        if X.size and X.max() >= E.shape[0]:
            raise IndexError(f"id {X.max()} is out of range 0..{E.shape[0] - 1}")
        return E[X]

    with pytest.raises(CheckFailed, match="silently read row"):
        check_strict_lookup(upper_only)


def test_strict_lookup_naming_the_wrong_id_fails():
    def names_the_largest(E, X):
        X = np.asarray(X)
        V = E.shape[0]
        bad = X[(X < 0) | (X >= V)]
        if bad.size:
            raise IndexError(f"id {bad.min()} is out of range 0..{V - 1}")
        return E[X]

    with pytest.raises(CheckFailed, match="must name the first bad id, 12"):
        check_strict_lookup(names_the_largest)


def test_strict_lookup_without_the_range_in_the_message_fails():
    def terse(E, X):
        X = np.asarray(X)
        bad = np.flatnonzero((X.ravel() < 0) | (X.ravel() >= E.shape[0]))
        if bad.size:
            raise IndexError(f"bad id {X.ravel()[bad[0]]}")
        return E[X]

    with pytest.raises(CheckFailed, match=r"must name the valid range 0..6"):
        check_strict_lookup(terse)


def test_strict_lookup_raising_the_wrong_error_type_fails():
    def value_error(E, X):
        X = np.asarray(X)
        if X.size and (X.min() < 0 or X.max() >= E.shape[0]):
            raise ValueError("bad id")
        return E[X]

    with pytest.raises(CheckFailed, match="raise IndexError, not ValueError"):
        check_strict_lookup(value_error)


def test_strict_lookup_that_changes_E_fails():
    def mutating(E, X):
        out = strict_lookup(E, X)
        E[0] = 0
        return out

    with pytest.raises(CheckFailed, match="changed E"):
        check_strict_lookup(mutating)


def test_bucket_batches_in_corpus_order_fails_with_the_cost():
    def in_order(lengths, batch_size):
        n = len(lengths)
        return [list(range(i, min(i + batch_size, n))) for i in range(0, n, batch_size)]

    with pytest.raises(CheckFailed, match=r"take 30 positions once padded; sorting by length needs only 24"):
        check_bucket_batches(in_order)


def test_bucket_batches_returning_lengths_instead_of_indices_fails():
    def sorted_lengths(lengths, batch_size):
        order = np.sort(lengths)
        return [order[i:i + batch_size] for i in range(0, len(order), batch_size)]

    with pytest.raises(CheckFailed, match="not the lengths themselves"):
        check_bucket_batches(sorted_lengths)


def test_bucket_batches_with_too_many_small_batches_fails():
    def singletons(lengths, batch_size):
        return [[i] for i in np.argsort(lengths)]

    with pytest.raises(CheckFailed, match="full batches give 3"):
        check_bucket_batches(singletons)


def test_bucket_batches_with_oversized_batches_fails():
    def one_batch(lengths, batch_size):
        return [np.argsort(lengths)]

    with pytest.raises(CheckFailed, match="a batch holds 6 sequences"):
        check_bucket_batches(one_batch)


def test_bucket_batches_returning_junk_fails():
    with pytest.raises(CheckFailed, match="return a list of batches"):
        check_bucket_batches(lambda lengths, batch_size: 3)
