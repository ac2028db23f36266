"""A synthetic corpus whose structure is planted, so every answer is known.

Real text is a poor place to check what an embedding has learned: nobody
knows the "right" vector of a word. :func:`make_corpus` writes short
English-like sentences from a small grammar instead, so the truth is known
for every word and every sentence:

* **topics**: nouns come in four categories (``"animal"``, ``"food"``,
  ``"vehicle"``, ``"place"``), and each sentence uses a noun, a verb and an
  adjective of one category ("the dog sleeps ... furry");
* **sentiment**: each sentence carries exactly one sentiment word, positive
  ("good", "lovely", ...) or negative ("bad", "awful", ...), in the same
  place whatever the topic;
* **filler**: determiners, adverbs and the function words "and", "is" carry
  neither topic nor sentiment;
* **negation**: "not" may stand before the sentiment word, which flips the
  sentence's label, or before the topic adjective, which does not. Two
  sentences can therefore hold the same words in a different order and have
  opposite labels.

A sentence has this shape (optional parts in brackets; the sentiment word
and the topic adjective come in either order)::

    the  dog  sleeps  [today]  and  is  [not] furry  and  [not] good

Within each group of words, frequencies fall off like Zipf's law
(``weight ∝ 1 / rank ** zipf_exponent``), as word frequencies do in real
text, so some words are common and some are rare.

Examples
--------
>>> corpus = make_corpus(3, seed=0)
>>> len(corpus), corpus.labels.tolist()
(3, [0, 0, 0])
>>> " ".join(corpus.sentences[0])
'the market closes and is quiet and bad'
>>> corpus.word_category["dog"], corpus.word_category["good"], corpus.word_category["and"]
('animal', 'positive', 'neutral')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._validation import check_positive_int, check_real_in_range, make_rng
from .sequences import pad_sequences
from .vocab import Vocabulary

__all__ = [
    "TOPICS",
    "CATEGORIES",
    "LEXICON",
    "NEGATION",
    "Corpus",
    "make_corpus",
    "sentence_label",
]

#: The four topic categories, in the order used by :attr:`Corpus.topics`.
TOPICS: tuple[str, ...] = ("animal", "food", "vehicle", "place")

#: Every category a word can belong to (see :attr:`Corpus.word_category`).
CATEGORIES: tuple[str, ...] = TOPICS + ("positive", "negative", "neutral", "negation")

#: The negation word.
NEGATION = "not"

_NOUNS = {
    "animal": ("dog", "cat", "horse", "rabbit", "parrot", "goat"),
    "food": ("soup", "bread", "cheese", "pizza", "salad", "cake"),
    "vehicle": ("car", "bus", "truck", "bike", "train", "boat"),
    "place": ("park", "city", "beach", "museum", "market", "village"),
}
_VERBS = {
    "animal": ("runs", "sleeps", "jumps", "eats"),
    "food": ("tastes", "smells", "cools", "simmers"),
    "vehicle": ("drives", "stops", "turns", "brakes"),
    "place": ("opens", "closes", "fills", "empties"),
}
_ADJECTIVES = {
    "animal": ("furry", "wild", "tame", "hungry"),
    "food": ("spicy", "salty", "sweet", "crunchy"),
    "vehicle": ("electric", "diesel", "red", "parked"),
    "place": ("crowded", "quiet", "sunny", "remote"),
}
_POSITIVE = ("good", "great", "lovely", "excellent", "wonderful", "superb", "pleasant", "fine")
_NEGATIVE = ("bad", "awful", "terrible", "poor", "boring", "horrible", "nasty", "dreadful")
_DETERMINERS = ("the", "a", "this", "that", "my", "our")
_ADVERBS = (
    "today", "again", "often", "now", "here", "still", "always", "usually",
    "sometimes", "lately", "mostly", "rarely", "yesterday", "tonight", "meanwhile", "anyway",
)
_FUNCTION = ("and", "is")

#: The grammar's word lists by role. ``LEXICON["nouns"]["animal"]`` lists
#: the animal nouns, ``LEXICON["positive"]`` the positive words, and so on.
LEXICON: dict[str, Any] = {
    "nouns": _NOUNS,
    "verbs": _VERBS,
    "adjectives": _ADJECTIVES,
    "positive": _POSITIVE,
    "negative": _NEGATIVE,
    "determiners": _DETERMINERS,
    "adverbs": _ADVERBS,
    "function": _FUNCTION,
    "negation": (NEGATION,),
}


def _word_list() -> tuple[list[str], dict[str, str]]:
    """All words once, in a fixed order, and the category of each."""
    words: list[str] = []
    category: dict[str, str] = {}

    def add(items: Sequence[str], cat: str) -> None:
        for w in items:
            if w in category:  # pragma: no cover - guards the word lists above
                raise RuntimeError(f"word {w!r} is listed twice")
            category[w] = cat
            words.append(w)

    for topic in TOPICS:
        add(_NOUNS[topic], topic)
        add(_VERBS[topic], topic)
        add(_ADJECTIVES[topic], topic)
    add(_POSITIVE, "positive")
    add(_NEGATIVE, "negative")
    add(_DETERMINERS, "neutral")
    add(_ADVERBS, "neutral")
    add(_FUNCTION, "neutral")
    add((NEGATION,), "negation")
    return words, category


_WORDS, _CATEGORY = _word_list()
_INDEX = {w: i for i, w in enumerate(_WORDS)}


def _zipf(n: int, exponent: float) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return weights / weights.sum()


def _ids(words: Sequence[str]) -> np.ndarray:
    return np.array([_INDEX[w] for w in words], dtype=np.int64)


def _check_rate(value: Any, name: str) -> float:
    return check_real_in_range(value, name, 0.0, 1.0)


def sentence_label(tokens: Sequence[str]) -> int:
    """The sentiment label of one sentence, by the corpus' rule.

    The label is 1 (positive) or 0 (negative): the polarity of the sentence's
    only sentiment word, flipped when the token right before it is "not".

    Parameters
    ----------
    tokens : sequence of str
        One sentence, with exactly one sentiment word.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If the sentence has no sentiment word or more than one.

    Examples
    --------
    >>> sentence_label("the cake is sweet and good".split())
    1
    >>> sentence_label("the cake is sweet and not good".split())
    0
    >>> sentence_label("the cake is not sweet and good".split())
    1
    """
    if isinstance(tokens, str):
        raise TypeError("tokens must be a list of words, not a single string")
    found = [
        (i, w) for i, w in enumerate(tokens) if _CATEGORY.get(w) in ("positive", "negative")
    ]
    if len(found) != 1:
        raise ValueError(
            f"tokens must contain exactly one sentiment word, found {len(found)}: "
            f"{[w for _, w in found]}"
        )
    i, word = found[0]
    polarity = 1 if _CATEGORY[word] == "positive" else 0
    flipped = i > 0 and tokens[i - 1] == NEGATION
    return polarity ^ int(flipped)


@dataclass(frozen=True)
class Corpus:
    """Sentences with known labels and known word categories.

    Build one with :func:`make_corpus`; :meth:`subset` and :meth:`split`
    return smaller corpora that share the same word lists.

    Attributes
    ----------
    sentences : list of list of str
        The tokenised sentences.
    labels : numpy.ndarray of int64, shape (n,)
        Sentiment: 1 positive, 0 negative (after negation).
    topics : numpy.ndarray of int64, shape (n,)
        Index into :data:`TOPICS` of each sentence's topic.
    polarity : numpy.ndarray of int64, shape (n,)
        1 if the sentiment word itself is positive, 0 if negative (before
        negation).
    has_not : numpy.ndarray of bool, shape (n,)
        Whether the sentence contains "not" anywhere.
    flipped : numpy.ndarray of bool, shape (n,)
        Whether "not" stands right before the sentiment word, so that
        ``labels == polarity ^ flipped``.
    word_category : dict of str to str
        The category of every word of the grammar, one of :data:`CATEGORIES`.
    params : dict
        The arguments :func:`make_corpus` was called with.
    """

    sentences: list[list[str]]
    labels: np.ndarray
    topics: np.ndarray
    polarity: np.ndarray
    has_not: np.ndarray
    flipped: np.ndarray
    word_category: dict[str, str] = field(default_factory=lambda: dict(_CATEGORY))
    params: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.sentences)

    @property
    def categories(self) -> tuple[str, ...]:
        """All word categories, :data:`CATEGORIES`."""
        return CATEGORIES

    @property
    def topic_names(self) -> tuple[str, ...]:
        """The topic categories, :data:`TOPICS` (``topics`` indexes into it)."""
        return TOPICS

    @property
    def words(self) -> list[str]:
        """Every word of the grammar, in a fixed order (some may not occur)."""
        return list(_WORDS)

    def texts(self) -> list[str]:
        """The sentences as space-separated strings.

        Examples
        --------
        >>> make_corpus(2, seed=3).texts()
        ['the city opens today and is excellent and quiet', 'that dog runs always and is furry and fine']
        """
        return [" ".join(s) for s in self.sentences]

    def word_counts(self) -> Counter[str]:
        """How often each word occurs in the corpus.

        Examples
        --------
        >>> make_corpus(100, seed=0).word_counts()["and"]
        200
        """
        return Counter(w for s in self.sentences for w in s)

    def words_in(self, category: str) -> list[str]:
        """The words of one category, in the grammar's order.

        Examples
        --------
        >>> make_corpus(1, seed=0).words_in("positive")[:3]
        ['good', 'great', 'lovely']
        """
        if category not in CATEGORIES:
            raise ValueError(
                "category must be one of " + ", ".join(repr(c) for c in CATEGORIES)
                + f"; got {category!r}"
            )
        return [w for w in _WORDS if _CATEGORY[w] == category]

    def vocabulary(self, *, specials: bool = True) -> Vocabulary:
        """A :class:`~embedlab.vocab.Vocabulary` of the words that occur.

        Parameters
        ----------
        specials : bool, default True
            Reserve id 0 for ``"<pad>"`` and id 1 for ``"<unk>"``.

        Examples
        --------
        >>> vocab = make_corpus(50, seed=0).vocabulary()
        >>> vocab.itos[:4], vocab.pad_id, vocab.unk_id
        (['<pad>', '<unk>', 'the', 'city'], 0, 1)
        """
        return Vocabulary.build(self.sentences, specials=specials)

    def encode(self, vocab: Vocabulary, maxlen: int | None = None) -> np.ndarray:
        """Ids of every sentence, padded at the front to one length.

        Parameters
        ----------
        vocab : Vocabulary
            Must have a padding token (its id is the padding value); words it
            does not know need an unknown token.
        maxlen : int, optional
            Width of the result; default: the longest sentence.

        Returns
        -------
        numpy.ndarray of int64, shape (n, maxlen)

        Examples
        --------
        >>> corpus = make_corpus(2, seed=0)
        >>> corpus.encode(corpus.vocabulary()).shape
        (2, 8)
        """
        if not isinstance(vocab, Vocabulary):
            raise TypeError(f"vocab must be a Vocabulary, got {type(vocab).__name__}")
        if vocab.pad_id is None:
            raise ValueError("vocab has no padding token; build it with specials=True")
        seqs = [vocab.encode(s) for s in self.sentences]
        return pad_sequences(seqs, maxlen=maxlen, dtype=np.int64, value=vocab.pad_id)

    def subset(self, indices: Any) -> "Corpus":
        """The sentences at ``indices`` (an integer array or list), in that order.

        Examples
        --------
        >>> corpus = make_corpus(5, seed=0)
        >>> corpus.subset([4, 0]).labels.tolist() == corpus.labels[[4, 0]].tolist()
        True
        """
        idx = np.asarray(indices)
        if idx.dtype.kind not in "iu" and not (idx.size == 0):
            raise TypeError(f"indices must be integers, got dtype {idx.dtype}")
        idx = idx.astype(np.int64).reshape(-1)
        n = len(self)
        if idx.size and (idx.min() < 0 or idx.max() >= n):
            bad = int(idx[(idx < 0) | (idx >= n)][0])
            raise IndexError(f"indices contains {bad}, outside the valid range 0..{n - 1}")
        return Corpus(
            sentences=[self.sentences[i] for i in idx.tolist()],
            labels=self.labels[idx],
            topics=self.topics[idx],
            polarity=self.polarity[idx],
            has_not=self.has_not[idx],
            flipped=self.flipped[idx],
            word_category=self.word_category,
            params=self.params,
        )

    def split(self, test_fraction: float = 0.2, *, seed: Any = 0) -> tuple["Corpus", "Corpus"]:
        """Shuffle and cut into a training and a test corpus.

        Parameters
        ----------
        test_fraction : float, default 0.2
            Share of the sentences that go to the test corpus, in (0, 1);
            rounded to a whole number of sentences, at least one on each side.
        seed : int or numpy.random.Generator
            Seed of the shuffle.

        Returns
        -------
        train, test : Corpus

        Examples
        --------
        >>> train, test = make_corpus(10, seed=0).split(0.3, seed=1)
        >>> len(train), len(test)
        (7, 3)
        """
        frac = _check_rate(test_fraction, "test_fraction")
        n = len(self)
        if n < 2:
            raise ValueError(f"need at least 2 sentences to split, the corpus has {n}")
        if not 0.0 < frac < 1.0:
            raise ValueError(f"test_fraction must be strictly between 0 and 1, got {frac!r}")
        n_test = min(max(int(round(frac * n)), 1), n - 1)
        order = make_rng(seed, "seed").permutation(n)
        return self.subset(order[n_test:]), self.subset(order[:n_test])


def make_corpus(
    n_sentences: int,
    *,
    seed: Any,
    negation_rate: float = 0.0,
    decoy_rate: float = 0.5,
    adverb_rate: float = 0.5,
    zipf_exponent: float = 1.0,
) -> Corpus:
    """Generate a seeded synthetic corpus with planted topic and sentiment.

    Parameters
    ----------
    n_sentences : int
        Number of sentences, >= 1.
    seed : int or numpy.random.Generator
        Required, so that a corpus is always reproducible: the same seed
        gives the same corpus.
    negation_rate : float, default 0.0
        Share of sentences that contain "not", in [0, 1].
    decoy_rate : float, default 0.5
        Among the sentences with "not", the share in which it stands before
        the topic adjective (and so leaves the label alone) rather than before
        the sentiment word (which flips the label); in [0, 1].
    adverb_rate : float, default 0.5
        Share of sentences with an adverb after the verb, in [0, 1].
    zipf_exponent : float, default 1.0
        Word frequencies within each group fall off as ``1 / rank **
        zipf_exponent``; 0 makes them uniform. In [0, 4].

    Returns
    -------
    Corpus

    Raises
    ------
    TypeError, ValueError
        Naming the parameter, for a non-integer or non-positive
        ``n_sentences``, a rate outside [0, 1] or an exponent outside [0, 4].

    Notes
    -----
    Generation is vectorised: every choice for all sentences is drawn at once
    from one :func:`numpy.random.default_rng`, in a fixed order, so 20,000
    sentences take a few tens of milliseconds.

    Examples
    --------
    >>> corpus = make_corpus(1000, seed=1, negation_rate=0.5)
    >>> float(corpus.has_not.mean()) > 0.4, bool(np.all(corpus.flipped <= corpus.has_not))
    (True, True)
    >>> bool(np.array_equal(corpus.labels, corpus.polarity ^ corpus.flipped))
    True
    >>> make_corpus(0, seed=0)
    Traceback (most recent call last):
    ...
    ValueError: n_sentences must be a positive integer (>= 1), got 0
    """
    n = check_positive_int(n_sentences, "n_sentences")
    if seed is None:
        raise TypeError("seed is required (an int or a numpy.random.Generator), got None")
    rng = make_rng(seed, "seed")
    negation_rate = _check_rate(negation_rate, "negation_rate")
    decoy_rate = _check_rate(decoy_rate, "decoy_rate")
    adverb_rate = _check_rate(adverb_rate, "adverb_rate")
    zipf_exponent = check_real_in_range(zipf_exponent, "zipf_exponent", 0.0, 4.0)

    def pick(table: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """One word per sentence from ``table`` (a row per topic if ``rows``)."""
        width = table.shape[-1]
        k = rng.choice(width, size=n, p=_zipf(width, zipf_exponent))
        return table[rows, k] if rows is not None else table[k]

    nouns = np.stack([_ids(_NOUNS[t]) for t in TOPICS])
    verbs = np.stack([_ids(_VERBS[t]) for t in TOPICS])
    adjectives = np.stack([_ids(_ADJECTIVES[t]) for t in TOPICS])
    sentiment = np.stack([_ids(_NEGATIVE), _ids(_POSITIVE)])  # row = polarity

    topics = rng.integers(len(TOPICS), size=n)
    det = pick(_ids(_DETERMINERS))
    noun = pick(nouns, topics)
    verb = pick(verbs, topics)
    adverb = pick(_ids(_ADVERBS))
    has_adverb = rng.random(n) < adverb_rate
    adjective = pick(adjectives, topics)
    polarity = rng.integers(2, size=n)
    feeling = pick(sentiment, polarity)
    feeling_first = rng.random(n) < 0.5
    has_not = rng.random(n) < negation_rate
    decoy = rng.random(n) < decoy_rate
    flipped = has_not & ~decoy

    # Slots of the template; -1 marks an absent word.
    absent = np.full(n, -1)
    first = np.where(feeling_first, feeling, adjective)
    second = np.where(feeling_first, adjective, feeling)
    not_first = has_not & (decoy ^ feeling_first)   # "not" negates the first word
    not_second = has_not & ~(decoy ^ feeling_first)
    not_id = _INDEX[NEGATION]
    slots = np.stack(
        [
            det, noun, verb, np.where(has_adverb, adverb, absent),
            np.full(n, _INDEX["and"]), np.full(n, _INDEX["is"]),
            np.where(not_first, not_id, absent), first,
            np.full(n, _INDEX["and"]),
            np.where(not_second, not_id, absent), second,
        ],
        axis=1,
    )
    words = np.array(_WORDS, dtype=object)
    sentences = [words[row[row >= 0]].tolist() for row in slots]

    return Corpus(
        sentences=sentences,
        labels=(polarity ^ flipped).astype(np.int64),
        topics=topics.astype(np.int64),
        polarity=polarity.astype(np.int64),
        has_not=has_not,
        flipped=flipped,
        word_category=dict(_CATEGORY),
        params={
            "n_sentences": n,
            "seed": seed if not isinstance(seed, np.random.Generator) else "Generator",
            "negation_rate": negation_rate,
            "decoy_rate": decoy_rate,
            "adverb_rate": adverb_rate,
            "zipf_exponent": zipf_exponent,
        },
    )
