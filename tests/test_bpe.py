"""embedlab.bpe: byte-level BPE against a slow reference, its encoding, and its errors."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from embedlab.bpe import BPE, N_BYTES, train_bpe


def reference_bpe(word_counts, num_merges):
    """Recount every pair after every merge: slow, obviously right."""
    words = {w: list(w.encode("utf-8")) for w in word_counts}
    merges, counts = [], []
    for k in range(num_merges):
        pairs = Counter()
        for w, symbols in words.items():
            for p in zip(symbols, symbols[1:]):
                pairs[p] += word_counts[w]
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))
        merges.append(best)
        counts.append(pairs[best])
        for w, symbols in words.items():
            out, i = [], 0
            while i < len(symbols):
                if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == best:
                    out.append(N_BYTES + k)
                    i += 2
                else:
                    out.append(symbols[i])
                    i += 1
            words[w] = out
    return merges, counts, words


SENNRICH = {"low": 5, "lower": 2, "newest": 6, "widest": 3}


def test_the_toy_example_by_hand():
    bpe = train_bpe(SENNRICH, 4)
    learned = [bpe.tokens[N_BYTES + k].decode() for k in range(4)]
    # es and st both occur 9 times (newest, widest): the smaller pair of ids wins
    assert learned == ["es", "est", "lo", "low"]
    assert bpe.counts == (9, 9, 7, 7)
    assert bpe.pieces("lowest") == ["low", "est"]          # a word never seen in training
    assert len(bpe) == N_BYTES + 4


words_strategy = st.dictionaries(
    st.text(alphabet="abcdé", min_size=1, max_size=7), st.integers(1, 9), min_size=1, max_size=12)


@given(words_strategy, st.integers(0, 25))
def test_incremental_training_equals_recounting(word_counts, num_merges):
    bpe = train_bpe(word_counts, num_merges)
    merges, counts, segmented = reference_bpe(word_counts, num_merges)
    assert list(bpe.merges) == merges and list(bpe.counts) == counts
    for w, symbols in segmented.items():          # encoding a training word repeats training
        assert bpe.encode(w).tolist() == symbols


@given(words_strategy, st.integers(0, 25), st.integers(0, 25))
def test_truncated_equals_training_fewer_merges(word_counts, many, few):
    few = min(few, many)
    bpe = train_bpe(word_counts, many)
    few = min(few, len(bpe.merges))
    assert bpe.truncated(few).merges == train_bpe(word_counts, few).merges


@given(st.text(min_size=1, max_size=30))
def test_any_text_round_trips_without_unk(text):
    bpe = train_bpe(SENNRICH, 6)
    ids = bpe.encode(text)
    assert ids.dtype == np.int64 and ids.min() >= 0 and ids.max() < len(bpe)
    assert bpe.decode(ids) == text


def test_unseen_characters_fall_back_to_bytes():
    bpe = train_bpe(SENNRICH, 10)
    assert bpe.encode("Ω").tolist() == list("Ω".encode("utf-8")) == [206, 169]
    assert bpe.pieces("é") == ["\\xc3", "\\xa9"]            # half a character each
    assert bpe.pieces("lowΩ")[0] == "low"


def test_training_stops_when_every_word_is_one_token():
    bpe = train_bpe({"ab": 3, "abc": 1}, 50)
    assert [t.decode() for t in bpe.tokens[N_BYTES:]] == ["ab", "abc"]
    assert bpe.encode("abc").tolist() == [N_BYTES + 1]


def test_merges_only_join_earlier_tokens():
    bpe = train_bpe({"banana": 4, "bandana": 2}, 8)
    for k, (a, b) in enumerate(bpe.merges):
        assert a < N_BYTES + k and b < N_BYTES + k
        assert bpe.tokens[N_BYTES + k] == bpe.tokens[a] + bpe.tokens[b]
    with pytest.raises(ValueError, match="merge 0 joins"):
        BPE(((300, 1),))


def test_tokens_per_word_weights_by_count():
    bpe = train_bpe({"hug": 10}, 2)
    assert bpe.tokens_per_word({"hug": 3, "hut": 1}) == pytest.approx((3 * 1 + 1 * 2) / 4)
    assert bpe.truncated(0).tokens_per_word({"hug": 1}) == 3.0


@pytest.mark.parametrize(
    "counts, error, message",
    [
        ({}, ValueError, "word_counts is empty"),
        (["low", "lower"], TypeError, "word_counts must be a mapping"),
        ({"low": 0}, ValueError, r"word_counts\['low'\] must be a positive integer count, got 0"),
        ({"low": 1.5}, ValueError, "must be a positive integer count, got 1.5"),
        ({"low": True}, ValueError, "must be a positive integer count, got True"),
        ({"": 2}, ValueError, "must be a non-empty string"),
        ({3: 2}, TypeError, "every word of word_counts must be a string, got int"),
    ],
)
def test_bad_word_counts_are_refused(counts, error, message):
    with pytest.raises(error, match=message):
        train_bpe(counts, 3)


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="num_merges must be a non-negative integer"):
        train_bpe(SENNRICH, -1)
    with pytest.raises(TypeError, match="num_merges must be a non-negative integer"):
        train_bpe(SENNRICH, 2.0)
    bpe = train_bpe(SENNRICH, 3)
    with pytest.raises(ValueError, match=r"num_merges must be in 0..3 \(the merges learned\), got 4"):
        bpe.truncated(4)
    with pytest.raises(TypeError, match="word must be a string, got int"):
        bpe.encode(5)
    with pytest.raises(ValueError, match="word must be a non-empty string"):
        bpe.encode("")
    with pytest.raises(IndexError, match=r"outside the valid range 0..258 \(vocabulary size=259\)"):
        bpe.decode([259])
    with pytest.raises(TypeError, match="ids must be integers"):
        bpe.decode([1.0])
