"""embedlab.subword: fastText n-grams, FNV-1a, buckets, collision rates, the subword table."""

from __future__ import annotations

import zlib

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from embedlab.subword import (
    SubwordTable,
    bucket_ids,
    char_ngrams,
    collision_stats,
    expected_occupied,
    expected_shared_share,
    fnv1a,
)


# ------------------------------------------------------------- n-grams
def test_ngrams_of_where_as_in_the_paper():
    # Bojanowski et al. (2017): the 3-grams of "where" are <wh, whe, her, ere, re>
    assert char_ngrams("where", 3, 3) == ["<wh", "whe", "her", "ere", "re>"]
    assert "<her>" not in char_ngrams("where") and "her" in char_ngrams("where")
    assert char_ngrams("her", 3, 6)[:2] == ["<he", "<her"]


@given(st.text(min_size=1, max_size=12), st.integers(1, 4), st.integers(0, 4))
def test_ngram_counts_follow_the_formula(word, min_n, extra):
    max_n = min_n + extra
    L = len(word) + 2
    expected = sum(max(L - n + 1, 0) for n in range(min_n, max_n + 1))
    if min_n == 1:
        expected -= 2  # the bare "<" and ">"
    grams = char_ngrams(word, min_n, max_n)
    assert len(grams) == expected
    assert all(min_n <= len(g) <= max_n for g in grams)
    assert all(g in "<" + word + ">" for g in grams)


def test_ngram_repeats_are_kept():
    assert char_ngrams("aaaa", 3, 3) == ["<aa", "aaa", "aaa", "aa>"]


@pytest.mark.parametrize(
    "args, error, message",
    [
        (("", 3, 6), ValueError, "word must be a non-empty string"),
        ((b"where", 3, 6), TypeError, "word must be a string, got bytes"),
        (("where", 0, 6), ValueError, r"min_n must be a positive integer \(>= 1\), got 0"),
        (("where", 3, 2), ValueError, "max_n must be >= min_n, got min_n=3 and max_n=2"),
        (("where", 3.0, 6), TypeError, "min_n must be a positive integer"),
    ],
)
def test_ngram_errors(args, error, message):
    with pytest.raises(error, match=message):
        char_ngrams(*args)


# --------------------------------------------------------------- hashing
def test_fnv1a_known_values():
    # Published FNV-1a 32-bit test vectors.
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C
    assert fnv1a("foobar") == 0xBF9CF968
    assert fnv1a("é") == fnv1a("é".encode("utf-8"))
    with pytest.raises(TypeError, match="text must be str or bytes, got int"):
        fnv1a(3)


def test_bucket_ids_are_stable_and_in_range():
    items = ["<wh", "whe", "her", "ere", "re>"]
    ids = bucket_ids(items, 7)
    assert ids.dtype == np.int64 and ids.tolist() == [fnv1a(s) % 7 for s in items]
    crc = bucket_ids(items, 2_000_000, method="crc32")
    assert crc.tolist() == [zlib.crc32(s.encode()) % 2_000_000 for s in items]
    assert bucket_ids([], 5).shape == (0,)


@pytest.mark.parametrize(
    "args, kwargs, error, message",
    [
        ((["a"], 0), {}, ValueError, r"num_buckets must be a positive integer \(>= 1\), got 0"),
        ((["a"], -3), {}, ValueError, "num_buckets must be a positive integer"),
        ((["a"], 2.5), {}, TypeError, "num_buckets must be a positive integer"),
        (("abc", 5), {}, TypeError, "items must be a list of strings, got str"),
        (([1, 2], 5), {}, TypeError, "items must hold strings, got 1"),
        ((["a"], 5), {"method": "python"}, ValueError, "method must be one of 'fnv1a', 'crc32'"),
    ],
)
def test_bucket_id_errors(args, kwargs, error, message):
    with pytest.raises(error, match=message):
        bucket_ids(*args, **kwargs)


# ---------------------------------------------------- collision formulas
@pytest.mark.parametrize("n, B", [(1000, 1000), (300, 5000), (5000, 300), (1, 10), (0, 10), (7, 1)])
def test_formulas_match_a_simulation(n, B):
    rng = np.random.default_rng(n + B)
    occupied, shared = [], []
    for _ in range(300):
        s = collision_stats(rng.integers(B, size=n), B)
        occupied.append(s.occupied)
        shared.append(s.shared_share)
    assert np.mean(occupied) == pytest.approx(expected_occupied(n, B), rel=0.02, abs=0.05)
    assert np.mean(shared) == pytest.approx(expected_shared_share(n, B), rel=0.03, abs=0.01)


def test_formula_values():
    assert expected_occupied(1000, 1000) == pytest.approx(1000 * (1 - (1 - 1e-3) ** 1000))
    assert expected_occupied(0, 50) == 0.0 and expected_occupied(5, 1) == 1.0
    assert expected_shared_share(2, 1) == 1.0 and expected_shared_share(0, 9) == 0.0
    # fastText's default: 2 million buckets
    assert expected_shared_share(50_000, 2_000_000) == pytest.approx(0.0247, abs=1e-3)
    with pytest.raises(ValueError, match="n_items must be a non-negative integer"):
        expected_occupied(-1, 10)
    with pytest.raises(ValueError, match="num_buckets must be a positive integer"):
        expected_shared_share(10, 0)


def test_collision_stats_counts():
    s = collision_stats([0, 3, 3, 1, 3], 4)
    assert (s.n_items, s.occupied, s.largest) == (5, 3, 3) and s.shared_share == 0.6
    empty = collision_stats([], 4)
    assert (empty.occupied, empty.shared_share, empty.largest) == (0, 0.0, 0)
    with pytest.raises(IndexError, match="outside the valid range 0..3"):
        collision_stats([4], 4)
    with pytest.raises(TypeError, match="ids must be integers"):
        collision_stats([0.5], 4)


# ---------------------------------------------------------- subword table
def test_table_rows_words_then_ngrams():
    table = SubwordTable(["where", "here"], 3, seed=0)
    grams = sorted(set(char_ngrams("where")) | set(char_ngrams("here")))
    assert table.n_rows == 2 + len(grams) and table.weight.shape == (table.n_rows, 3)
    assert np.abs(table.weight).max() <= 1 / 3  # fastText's uniform(-1/d, 1/d)
    assert table.ids("where")[0] == 0 and table.ids("here")[0] == 1
    assert table.units("where")[1:] == char_ngrams("where")
    # an unknown word has no row of its own, but <he, <her and her are known n-grams
    assert table.units("her") == ["<he", "<her", "her"] and len(table.ids("her")) == 3
    assert table.ids("her").min() >= 2
    assert table.ids("xyz").size == 0 and np.all(table.vectors(["xyz"]) == 0)


def test_table_vectors_are_sums_or_means_of_rows():
    table = SubwordTable(["where", "here", "there"], 5, seed=1)
    words = ["where", "her", "theres"]
    for w, v in zip(words, table.vectors(words)):
        rows = table.weight[table.ids(w)]
        assert np.allclose(v, rows.sum(axis=0))
    assert np.allclose(table.vectors(words, mode="mean"),
                       np.array([table.weight[table.ids(w)].mean(axis=0) for w in words]))


def test_hashed_table_gives_every_word_a_vector():
    table = SubwordTable(["where", "here"], 4, num_buckets=50, seed=2)
    assert table.n_rows == 52
    ids = table.ids("zyxwv")
    assert ids.size == len(char_ngrams("zyxwv")) and ids.min() >= 2 and ids.max() < 52
    assert ids.tolist() == (2 + bucket_ids(char_ngrams("zyxwv"), 50)).tolist()
    assert "50 buckets" in repr(table)


def test_bags_layout():
    table = SubwordTable(["ab", "abc"], 2, seed=0)
    flat, offsets = table.bags(["ab", "zz", "abc"])
    assert offsets.tolist() == [0, len(table.ids("ab")), len(table.ids("ab")) + len(table.ids("zz"))]
    assert flat.tolist() == table.ids("ab").tolist() + table.ids("zz").tolist() + table.ids("abc").tolist()
    empty_flat, empty_offsets = table.bags([])
    assert empty_flat.size == 0 and empty_offsets.size == 0


def test_same_seed_same_table():
    a, b = SubwordTable(["ab"], 3, seed=4), SubwordTable(["ab"], 3, seed=4)
    assert np.array_equal(a.weight, b.weight)


@pytest.mark.parametrize(
    "args, kwargs, error, message",
    [
        (([], 4), {}, ValueError, "words is empty"),
        (("where", 4), {}, TypeError, "words must be a list of strings, got str"),
        ((["a", "a"], 4), {}, ValueError, "words repeats 'a'"),
        ((["a", ""], 4), {}, ValueError, "every entry of words must be a non-empty string"),
        ((["a"], 0), {}, ValueError, r"dim must be a positive integer \(>= 1\), got 0"),
        ((["a"], 4), {"min_n": 4, "max_n": 2}, ValueError, "max_n must be >= min_n"),
        ((["a"], 4), {"num_buckets": -5}, ValueError, "num_buckets must be a positive integer"),
        ((["a"], 4), {"seed": -1}, ValueError, "seed must be None"),
    ],
)
def test_table_errors(args, kwargs, error, message):
    with pytest.raises(error, match=message):
        SubwordTable(*args, **kwargs)


def test_table_method_errors():
    table = SubwordTable(["ab"], 2, seed=0)
    with pytest.raises(ValueError, match="mode must be one of 'sum', 'mean'"):
        table.vectors(["ab"], mode="max")
    with pytest.raises(TypeError, match="word must be a string"):
        table.ids(3)
    with pytest.raises(TypeError, match="words must be a list of strings"):
        table.vectors("ab")
