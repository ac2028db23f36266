"""The synthetic corpus: reproducible, labelled by its rule, structured as documented."""

from __future__ import annotations

import time
from collections import Counter

import numpy as np
import pytest

from embedlab import Vocabulary
from embedlab.datasets import (
    CATEGORIES,
    LEXICON,
    NEGATION,
    TOPICS,
    Corpus,
    make_corpus,
    sentence_label,
)

POSITIVE = set(LEXICON["positive"])
NEGATIVE = set(LEXICON["negative"])


def _label_by_hand(words: list[str]) -> int:
    """The labelling rule, written again from its description."""
    [position] = [i for i, w in enumerate(words) if w in POSITIVE or w in NEGATIVE]
    label = 1 if words[position] in POSITIVE else 0
    if position > 0 and words[position - 1] == "not":
        label = 1 - label
    return label


@pytest.fixture(scope="module")
def negated() -> Corpus:
    return make_corpus(3000, seed=7, negation_rate=0.5)


# --------------------------------------------------------------------------- reproducibility
def test_same_seed_gives_the_same_corpus():
    a = make_corpus(500, seed=3, negation_rate=0.3)
    b = make_corpus(500, seed=3, negation_rate=0.3)
    assert a.sentences == b.sentences
    for name in ("labels", "topics", "polarity", "has_not", "flipped"):
        assert np.array_equal(getattr(a, name), getattr(b, name))


def test_different_seeds_give_different_corpora():
    a = make_corpus(500, seed=3)
    b = make_corpus(500, seed=4)
    assert a.sentences != b.sentences
    assert not np.array_equal(a.labels, b.labels)


def test_a_generator_is_accepted_as_seed():
    a = make_corpus(50, seed=np.random.default_rng(9))
    b = make_corpus(50, seed=np.random.default_rng(9))
    assert a.sentences == b.sentences


# --------------------------------------------------------------------------- labels
def test_labels_follow_the_negation_rule(negated):
    by_hand = np.array([_label_by_hand(s) for s in negated.sentences])
    assert np.array_equal(negated.labels, by_hand)
    assert np.array_equal(negated.labels, [sentence_label(s) for s in negated.sentences])


def test_flags_describe_the_sentences(negated):
    for words, has_not, flipped, polarity in zip(
        negated.sentences, negated.has_not, negated.flipped, negated.polarity
    ):
        assert has_not == ("not" in words)
        assert words.count("not") <= 1
        [position] = [i for i, w in enumerate(words) if w in POSITIVE or w in NEGATIVE]
        assert flipped == (words[position - 1] == "not")
        assert polarity == (words[position] in POSITIVE)
    assert np.array_equal(negated.labels, negated.polarity ^ negated.flipped)


def test_each_sentence_has_one_topic_and_one_sentiment_word(negated):
    for words, topic in zip(negated.sentences, negated.topics):
        cats = [negated.word_category[w] for w in words]
        assert cats.count("positive") + cats.count("negative") == 1
        topical = [c for c in cats if c in TOPICS]
        assert topical == [TOPICS[topic]] * 3          # noun, verb, adjective
        assert 8 <= len(words) <= 10
        assert words[1] in LEXICON["nouns"][TOPICS[topic]]


def test_rates_are_respected(negated):
    assert abs(negated.has_not.mean() - 0.5) < 0.05
    assert abs(negated.flipped.mean() - 0.25) < 0.05
    assert abs(negated.labels.mean() - 0.5) < 0.05
    plain = make_corpus(1000, seed=1)
    assert not plain.has_not.any() and np.array_equal(plain.labels, plain.polarity)
    every = make_corpus(200, seed=1, negation_rate=1.0, decoy_rate=0.0)
    assert every.flipped.all()
    decoys = make_corpus(200, seed=1, negation_rate=1.0, decoy_rate=1.0)
    assert decoys.has_not.all() and not decoys.flipped.any()
    assert np.array_equal(decoys.labels, decoys.polarity)
    no_adverbs = make_corpus(200, seed=1, adverb_rate=0.0)
    assert all(len(s) == 8 for s in no_adverbs.sentences)


def test_same_words_in_another_order_can_flip_the_label(negated):
    bags: dict[tuple[str, ...], set[int]] = {}
    for words, label in zip(negated.sentences, negated.labels):
        bags.setdefault(tuple(sorted(words)), set()).add(int(label))
    assert any(labels == {0, 1} for labels in bags.values())


def test_zipf_exponent_shapes_the_frequencies():
    skewed = make_corpus(4000, seed=2).word_counts()
    flat = make_corpus(4000, seed=2, zipf_exponent=0.0).word_counts()
    nouns = LEXICON["nouns"]["animal"]
    assert skewed[nouns[0]] > 3 * skewed[nouns[-1]]
    assert flat[nouns[0]] < 1.5 * flat[nouns[-1]]


def test_word_categories_cover_every_word(negated):
    used = {w for s in negated.sentences for w in s}
    assert used <= set(negated.word_category)
    assert set(negated.word_category.values()) == set(CATEGORIES)
    assert negated.word_category[NEGATION] == "negation"
    assert negated.categories == CATEGORIES and negated.topic_names == TOPICS
    assert negated.words_in("positive") == list(LEXICON["positive"])
    assert len(negated.words) == len(set(negated.words)) == len(negated.word_category)


def test_twenty_thousand_sentences_take_well_under_a_second():
    make_corpus(100, seed=0)  # warm up
    best = min(_timed(lambda: make_corpus(20_000, seed=1, negation_rate=0.3)) for _ in range(3))
    assert best < 1.0


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


# --------------------------------------------------------------------------- helpers of Corpus
def test_split_is_a_seeded_partition():
    corpus = make_corpus(101, seed=5)
    train, test = corpus.split(0.2, seed=1)
    assert (len(train), len(test)) == (81, 20)
    assert Counter(map(tuple, train.sentences + test.sentences)) == Counter(map(tuple, corpus.sentences))
    again = corpus.split(0.2, seed=1)
    assert again[0].sentences == train.sentences
    assert corpus.split(0.2, seed=2)[0].sentences != train.sentences
    tiny_train, tiny_test = make_corpus(2, seed=0).split(0.01, seed=0)
    assert (len(tiny_train), len(tiny_test)) == (1, 1)


def test_subset_keeps_every_field_aligned():
    corpus = make_corpus(30, seed=5, negation_rate=0.5)
    part = corpus.subset([29, 3, 3])
    assert part.sentences == [corpus.sentences[i] for i in (29, 3, 3)]
    for name in ("labels", "topics", "polarity", "has_not", "flipped"):
        assert np.array_equal(getattr(part, name), getattr(corpus, name)[[29, 3, 3]])
    assert len(corpus.subset([])) == 0


def test_vocabulary_and_encode():
    corpus = make_corpus(40, seed=5)
    vocab = corpus.vocabulary()
    assert vocab.itos[:2] == ["<pad>", "<unk>"]
    ids = corpus.encode(vocab)
    assert ids.shape == (40, max(len(s) for s in corpus.sentences))
    assert ids.dtype == np.int64
    first = corpus.sentences[0]
    assert ids[0, -len(first):].tolist() == vocab.encode(first)   # padded at the front
    assert corpus.vocabulary(specials=False).itos[0] == corpus.sentences[0][0]
    assert corpus.encode(vocab, maxlen=12).shape == (40, 12)
    assert corpus.texts()[0] == " ".join(first)
    assert sum(corpus.word_counts().values()) == sum(len(s) for s in corpus.sentences)


# --------------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n_sentences": 0}, ValueError, "n_sentences must be a positive integer (>= 1), got 0"),
        ({"n_sentences": 2.5}, TypeError, "n_sentences must be a positive integer"),
        ({"n_sentences": True}, TypeError, "n_sentences must be a positive integer"),
        ({"seed": None}, TypeError, "seed is required"),
        ({"seed": -1}, ValueError, "seed must be None, a non-negative int"),
        ({"negation_rate": 1.5}, ValueError, "negation_rate must be in [0, 1], got 1.5"),
        ({"negation_rate": -0.1}, ValueError, "negation_rate must be in [0, 1]"),
        ({"negation_rate": float("nan")}, ValueError, "negation_rate must be in [0, 1]"),
        ({"negation_rate": "half"}, TypeError, "negation_rate must be a number in [0, 1]"),
        ({"decoy_rate": 2}, ValueError, "decoy_rate must be in [0, 1], got 2"),
        ({"adverb_rate": True}, TypeError, "adverb_rate must be a number"),
        ({"zipf_exponent": 5}, ValueError, "zipf_exponent must be in [0, 4], got 5"),
        ({"zipf_exponent": "1"}, TypeError, "zipf_exponent must be a number in [0, 4]"),
    ],
)
def test_make_corpus_rejects_bad_arguments(kwargs, error, message):
    args = {"n_sentences": 10, "seed": 0, **kwargs}
    n = args.pop("n_sentences")
    with pytest.raises(error) as info:
        make_corpus(n, **args)
    assert message in str(info.value)


def test_corpus_methods_reject_bad_arguments():
    corpus = make_corpus(10, seed=0)
    with pytest.raises(ValueError, match="strictly between 0 and 1, got 0.0"):
        corpus.split(0.0)
    with pytest.raises(ValueError, match=r"test_fraction must be in \[0, 1\], got 1.5"):
        corpus.split(1.5)
    with pytest.raises(ValueError, match="need at least 2 sentences to split, the corpus has 1"):
        make_corpus(1, seed=0).split(0.5)
    with pytest.raises(IndexError, match="indices contains 10, outside the valid range 0..9"):
        corpus.subset([1, 10])
    with pytest.raises(TypeError, match="indices must be integers, got dtype float64"):
        corpus.subset([1.0])
    with pytest.raises(TypeError, match="vocab must be a Vocabulary, got list"):
        corpus.encode(["a"])
    with pytest.raises(ValueError, match="vocab has no padding token"):
        corpus.encode(Vocabulary(corpus.words))
    with pytest.raises(ValueError, match="category must be one of .*; got 'colour'"):
        corpus.words_in("colour")


def test_sentence_label_rejects_bad_sentences():
    with pytest.raises(ValueError, match="exactly one sentiment word, found 0"):
        sentence_label(["the", "dog"])
    with pytest.raises(ValueError, match="exactly one sentiment word, found 2"):
        sentence_label(["good", "and", "bad"])
    with pytest.raises(TypeError, match="not a single string"):
        sentence_label("the dog is good")
