"""Tests for embedlab.vocab: the tokenizer and the Vocabulary."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from embedlab import Vocabulary, tokenize

CANONICAL = ["Hope to see you soon", "Nice to see you again"]

words = st.sampled_from(["a", "b", "c", "d", "e", "f", "g", "cat", "dog", "the"])
corpora = st.lists(st.lists(words, max_size=8), min_size=1, max_size=6)


# ----------------------------------------------------------------- tokenize
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hope to see you soon", ["hope", "to", "see", "you", "soon"]),
        ("Hello, World!", ["hello", "world"]),
        ("don't STOP", ["don't", "stop"]),
        ("don\u2019t", ["don't"]),
        ("snake_case and x-ray", ["snake", "case", "and", "x", "ray"]),
        ("3 cats, 42 dogs", ["3", "cats", "42", "dogs"]),
        ("Café crème", ["café", "crème"]),
        ("  \t\n", []),
        ("", []),
        ("'quoted'", ["'quoted'"]),
    ],
)
def test_tokenize_rule(text: str, expected: list[str]) -> None:
    assert tokenize(text) == expected


@pytest.mark.parametrize("bad", [None, 3, ["a", "b"], b"bytes"])
def test_tokenize_refuses_non_strings(bad: object) -> None:
    with pytest.raises(TypeError, match="text must be a str"):
        tokenize(bad)  # type: ignore[arg-type]


@given(st.text(max_size=40))
def test_tokenize_tokens_are_stable_runs(text: str) -> None:
    tokens = tokenize(text)
    for token in tokens:
        assert token
        assert all(ch.isalnum() or ch == "'" for ch in token)
        assert tokenize(token) == [token]


# ------------------------------------------------------------------- build
def test_canonical_example_without_specials() -> None:
    vocab = Vocabulary.build(CANONICAL)
    assert vocab.encode_batch(CANONICAL) == [[0, 1, 2, 3, 4], [5, 1, 2, 3, 6]]
    assert vocab.itos == ["hope", "to", "see", "you", "soon", "nice", "again"]
    assert vocab.pad_id is None and vocab.unk_id is None
    assert vocab.pad_token is None and vocab.unk_token is None
    assert len(vocab) == 7


def test_canonical_example_with_specials() -> None:
    vocab = Vocabulary.build(CANONICAL, specials=True)
    assert vocab.encode_batch(CANONICAL) == [[2, 3, 4, 5, 6], [7, 3, 4, 5, 8]]
    assert vocab.pad_id == 0 and vocab.unk_id == 1
    assert vocab.itos[:2] == ["<pad>", "<unk>"]
    assert vocab.pad_token == "<pad>" and vocab.unk_token == "<unk>"
    assert vocab.encode("see you tomorrow") == [4, 5, 1]


def test_custom_special_spellings_and_partial_specials() -> None:
    vocab = Vocabulary.build(["a b"], specials=True, pad_token="PAD", unk_token="[UNK]")
    assert vocab.itos == ["PAD", "[UNK]", "a", "b"]
    only_unk = Vocabulary.build(["a b"], specials=True, pad_token=None)
    assert only_unk.itos == ["<unk>", "a", "b"]
    assert only_unk.pad_id is None and only_unk.unk_id == 0
    only_pad = Vocabulary.build(["a b"], specials=True, unk_token=None)
    assert only_pad.pad_id == 0 and only_pad.unk_id is None


def test_specials_are_not_counted_as_words() -> None:
    vocab = Vocabulary.build([["<pad>", "x", "<unk>"]], specials=True)
    assert vocab.itos == ["<pad>", "<unk>", "x"]


def test_build_accepts_pretokenized_items_and_custom_tokenizer() -> None:
    vocab = Vocabulary.build([["Hello", "World"], "hello again"])
    assert vocab.itos == ["Hello", "World", "hello", "again"]
    by_space = Vocabulary.build(["A-b c"], tokenizer=str.split)
    assert by_space.itos == ["A-b", "c"]
    assert by_space.encode("c A-b") == [1, 0]


def test_min_freq_drops_rare_words() -> None:
    vocab = Vocabulary.build(["a b a c b a"], min_freq=2)
    assert vocab.itos == ["a", "b"]


def test_max_size_counts_specials_keeps_frequent_words_in_first_seen_order() -> None:
    texts = ["rare common tie1 common tie2 common tie1 tie2"]
    vocab = Vocabulary.build(texts, specials=True, max_size=4)
    # specials take 2 places; the 2 most frequent words are common (3) and
    # tie1 (2, seen before tie2); ids keep first-appearance order.
    assert vocab.itos == ["<pad>", "<unk>", "common", "tie1"]
    assert Vocabulary.build(texts, max_size=2).itos == ["common", "tie1"]
    assert Vocabulary.build(texts, specials=True, max_size=2).itos == ["<pad>", "<unk>"]
    assert len(Vocabulary.build(texts, max_size=100)) == 4


@given(corpora, st.integers(1, 12))
def test_max_size_property(corpus: list[list[str]], max_size: int) -> None:
    full = Vocabulary.build(corpus)
    vocab = Vocabulary.build(corpus, max_size=max_size)
    assert len(vocab) == min(max_size, len(full))
    # ids follow first appearance: the kept words appear in full's order
    positions = [full.stoi[w] for w in vocab.itos]
    assert positions == sorted(positions)
    counts: dict[str, int] = {}
    for text in corpus:
        for w in text:
            counts[w] = counts.get(w, 0) + 1
    dropped = [w for w in full.itos if w not in vocab]
    if dropped:
        assert min(counts[w] for w in vocab.itos) >= max(counts[w] for w in dropped)


@given(corpora)
def test_ids_follow_first_appearance_and_round_trip(corpus: list[list[str]]) -> None:
    vocab = Vocabulary.build(corpus)
    seen: list[str] = []
    for text in corpus:
        for w in text:
            if w not in seen:
                seen.append(w)
    assert vocab.itos == seen
    assert vocab.stoi == {w: i for i, w in enumerate(seen)}
    for text in corpus:
        assert vocab.decode(vocab.encode(text)) == text


@pytest.mark.parametrize("bad", ["one single string", 42, None])
def test_build_refuses_non_lists(bad: object) -> None:
    with pytest.raises(TypeError, match="texts must be a list of strings"):
        Vocabulary.build(bad)  # type: ignore[arg-type]


def test_build_refuses_bad_items() -> None:
    with pytest.raises(TypeError, match=r"texts\[1\] must be a str .* got int: 7"):
        Vocabulary.build(["fine", 7])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"texts\[0\]\[1\] must be a str, got int: 3"):
        Vocabulary.build([["a", 3]])  # type: ignore[list-item]


def test_build_checks_the_tokenizer() -> None:
    with pytest.raises(TypeError, match="tokenizer must be callable, got 'split'"):
        Vocabulary.build(["a"], tokenizer="split")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="tokenizer must return a list of str, got str"):
        Vocabulary.build(["a"], tokenizer=str.lower)
    with pytest.raises(TypeError, match=r"tokenizer's output for texts\[0\]\[0\] .* got int: 1"):
        Vocabulary.build(["a"], tokenizer=lambda s: [1])


@pytest.mark.parametrize(
    ("kwargs", "exc", "pattern"),
    [
        ({"min_freq": 0}, ValueError, r"min_freq must be a positive integer .* got 0"),
        ({"min_freq": 1.5}, TypeError, r"min_freq must be a positive integer .* got 1.5"),
        ({"max_size": 0}, ValueError, r"max_size must be a positive integer .* got 0"),
        ({"max_size": 1, "specials": True}, ValueError, r"max_size=1 is too small"),
        ({"specials": "yes"}, TypeError, r"specials must be True or False, got 'yes'"),
        ({"specials": True, "pad_token": "x", "unk_token": "x"}, ValueError,
         r"pad_token and unk_token must differ, both are 'x'"),
        ({"specials": True, "pad_token": ""}, ValueError, r"pad_token must be a non-empty"),
        ({"specials": True, "unk_token": 5}, TypeError, r"unk_token must be a str, got int: 5"),
    ],
)
def test_build_argument_errors(kwargs: dict, exc: type, pattern: str) -> None:
    with pytest.raises(exc, match=pattern):
        Vocabulary.build(["a b"], **kwargs)


# ------------------------------------------------------------- constructor
def test_constructor_from_tokens() -> None:
    vocab = Vocabulary(["<pad>", "<unk>", "cat"], pad_token="<pad>", unk_token="<unk>")
    assert vocab.pad_id == 0 and vocab.unk_id == 1
    assert vocab.encode("cat dog") == [2, 1]
    plain = Vocabulary(("x", "y"))
    assert plain.itos == ["x", "y"] and plain.pad_id is None
    assert len(Vocabulary([])) == 0


@pytest.mark.parametrize(
    ("args", "kwargs", "exc", "pattern"),
    [
        (("abc",), {}, TypeError, r"tokens must be a list of strings, got str: 'abc'"),
        ((5,), {}, TypeError, r"tokens must be a list of strings, got int: 5"),
        ((["a", 3],), {}, TypeError, r"tokens\[1\] must be a str, got int: 3"),
        ((["a", ""],), {}, ValueError, r"tokens\[1\] must be a non-empty string"),
        ((["a", "b", "a"],), {}, ValueError, r"'a' appears at positions 0 and 2"),
        ((["a"],), {"pad_token": "<pad>"}, ValueError, r"pad_token='<pad>' is not one of"),
        ((["a"],), {"unk_token": "<unk>"}, ValueError, r"unk_token='<unk>' is not one of"),
        ((["a"],), {"pad_token": "a", "unk_token": "a"}, ValueError, r"must differ, both are 'a'"),
        ((["a"],), {"tokenizer": 3}, TypeError, r"tokenizer must be callable, got 3"),
    ],
)
def test_constructor_errors(args: tuple, kwargs: dict, exc: type, pattern: str) -> None:
    with pytest.raises(exc, match=pattern):
        Vocabulary(*args, **kwargs)


# ------------------------------------------------------------ encode/decode
def test_unknown_word_without_unk_token_raises_keyerror_naming_it() -> None:
    vocab = Vocabulary.build(CANONICAL)
    with pytest.raises(KeyError, match=r"'zebra' is not in the vocabulary.*no unknown token"):
        vocab.encode("hope zebra")


def test_encode_checks_its_input() -> None:
    vocab = Vocabulary.build(CANONICAL)
    with pytest.raises(TypeError, match=r"text_or_tokens must be a str or a list .* got int: 3"):
        vocab.encode(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"text_or_tokens\[0\] must be a str, got int: 1"):
        vocab.encode([1])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="not a single string"):
        vocab.encode_batch("hope to")
    assert vocab.encode("") == []
    assert vocab.encode_batch([]) == []


def test_decode() -> None:
    vocab = Vocabulary.build(CANONICAL, specials=True)
    assert vocab.decode([2, 3, 0]) == ["hope", "to", "<pad>"]
    assert vocab.decode(np.array([8], dtype=np.uint8)) == ["again"]
    assert vocab.decode([]) == []


@pytest.mark.parametrize(
    ("ids", "exc", "pattern"),
    [
        ([0, 9], IndexError, r"ids contains 9 at position \(1,\), outside the valid range 0\.\.8"),
        ([-1], IndexError, r"ids contains -1 at position \(0,\).*wrap"),
        ([1.0], TypeError, r"ids must be integers, got dtype float64"),
        (["a"], TypeError, r"ids must be integers, got dtype <U1"),
        ([[1, 2]], ValueError, r"ids must be one-dimensional, got an array of shape \(1, 2\)"),
        (3, ValueError, r"ids must be one-dimensional, got an array of shape \(\)"),
    ],
)
def test_decode_errors(ids: object, exc: type, pattern: str) -> None:
    vocab = Vocabulary.build(CANONICAL, specials=True)
    with pytest.raises(exc, match=pattern):
        vocab.decode(ids)  # type: ignore[arg-type]


def test_container_protocol_and_repr() -> None:
    vocab = Vocabulary.build(CANONICAL, specials=True)
    assert "hope" in vocab and "zebra" not in vocab and 3 not in vocab
    assert list(vocab) == vocab.itos
    text = repr(vocab)
    assert text.startswith("Vocabulary(size=9, pad_id=0, unk_id=1, tokens=['<pad>'")
    assert text.endswith(", ...])")
    assert repr(Vocabulary(["a"])) == "Vocabulary(size=1, pad_id=None, unk_id=None, tokens=['a'])"
