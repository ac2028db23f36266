"""Checks for the exercises of chapter 7, part 1 (subword vocabularies and hashing).

:func:`check_bucket_prediction` (predict how many buckets ``n`` hashed items
fill, and how many of them share one), :func:`check_char_ngrams` (fastText's
character n-grams) and :func:`check_longest_match` (WordPiece's greedy
longest-match-first encoding). Each reports through
:class:`embedlab.checks.Check`.

Examples
--------
>>> check_bucket_prediction({"occupied": 787, "shared_share": 0.39})
Correct! (ex07-predict-buckets) Collisions start long before the buckets run out.
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..subword import char_ngrams as _char_ngrams
from ..subword import expected_occupied, expected_shared_share
from . import Check, NotDone, call_answer, is_stub, require_function

__all__ = [
    "BUCKET_TASK",
    "check_bucket_prediction",
    "check_char_ngrams",
    "check_longest_match",
]

#: The setting of the prediction exercise: ``n_items`` distinct words hashed
#: uniformly into ``num_buckets`` buckets.
BUCKET_TASK: dict[str, int] = {"n_items": 1000, "num_buckets": 2000}

_BUCKETS = Check(
    "ex07-predict-buckets",
    hint="a given bucket is missed by one item with probability 1 - 1/B, by all n items with "
    "probability (1 - 1/B)**n, so B * (1 - (1 - 1/B)**n) buckets are occupied; one item is "
    "alone when the other n - 1 all miss its bucket, so the share that shares is "
    "1 - (1 - 1/B)**(n - 1); (1 - 1/B)**n is close to exp(-n/B)",
)
_NGRAMS = Check(
    "ex07-char-ngrams",
    hint="wrap the word as '<' + word + '>', then for every start i and every n from min_n to "
    "max_n that fits, take wrapped[i:i + n]; keep repeats; skip the bare '<' and '>' (they "
    "only arise when min_n is 1); do not add the word itself",
)
_LONGEST = Check(
    "ex07-longest-match",
    hint="start at position 0; take the longest piece of the vocabulary that the rest of the "
    "word starts with, append it and move past it; if no piece fits at some position, the "
    "whole word becomes ['<unk>'] (WordPiece gives up rather than backtracking)",
)


# --------------------------------------------------------- bucket prediction
def check_bucket_prediction(prediction: Any) -> bool:
    """Check a prediction for ``BUCKET_TASK``: occupied buckets and the share that shares.

    ``prediction`` is a dict with ``"occupied"`` (the expected number of
    buckets holding at least one item, within 2%) and ``"shared_share"``
    (the expected share of items whose bucket holds another item too,
    within 0.02).

    Examples
    --------
    >>> check_bucket_prediction({"occupied": ..., "shared_share": ...})
    Not done yet (ex07-predict-buckets): fill in the cell above, then run this one again.
    False
    """

    def test() -> bool:
        if is_stub(prediction):
            raise NotDone
        assert isinstance(prediction, dict), (
            f"prediction must be a dict with 'occupied' and 'shared_share', got {type(prediction).__name__}"
        )
        if any(is_stub(v) for v in prediction.values()):
            raise NotDone
        assert set(prediction) == {"occupied", "shared_share"}, (
            f"give exactly the keys 'occupied' and 'shared_share', you gave {sorted(map(str, prediction))}"
        )
        try:
            occupied, share = float(prediction["occupied"]), float(prediction["shared_share"])
        except (TypeError, ValueError):
            raise AssertionError(f"both values must be numbers, got {prediction!r}") from None
        n, B = BUCKET_TASK["n_items"], BUCKET_TASK["num_buckets"]
        want_occupied, want_share = expected_occupied(n, B), expected_shared_share(n, B)
        if occupied == n:
            raise AssertionError(f"{n} items cannot all land in different buckets: two of them "
                                 "often pick the same one, even with more buckets than items")
        assert abs(occupied - want_occupied) <= 0.02 * want_occupied, (
            f"you predicted {occupied:g} occupied buckets; that is more than 2% off"
        )
        assert 0.0 <= share <= 1.0, f"a share lies between 0 and 1, you gave {share:g}"
        if abs(share - (1 - want_occupied / n)) < 0.02 and abs(share - want_share) > 0.02:
            raise AssertionError("you counted the items that are not first in their bucket; "
                                 "count every item whose bucket holds another item, the first too")
        assert abs(share - want_share) <= 0.02, (
            f"you predicted a share of {share:g}; that is more than 0.02 off"
        )
        return True

    return _BUCKETS.run(test, success="Collisions start long before the buckets run out.")


# ---------------------------------------------------------------- n-grams
_NGRAM_CASES: list[tuple[str, int, int, str]] = [
    ("where", 3, 3, "'where' with n = 3"),
    ("where", 3, 6, "'where' with n = 3..6"),
    ("a", 3, 6, "the one-letter word 'a'"),
    ("hi", 3, 10, "'hi' with max_n longer than the wrapped word"),
    ("aaaa", 3, 3, "'aaaa', whose n-grams repeat"),
    ("ab", 1, 2, "'ab' with min_n = 1"),
    ("naïve", 2, 4, "'naïve', with a non-ASCII letter"),
    ("embedding", 5, 5, "'embedding' with n = 5"),
]


def check_char_ngrams(char_ngrams: Any) -> bool:
    """Check ``char_ngrams(word, min_n, max_n)``: fastText's n-grams of ``<word>``.

    The list is compared as a multiset (any order, repeats counted) with
    :func:`embedlab.subword.char_ngrams` on several words and ranges.

    Examples
    --------
    >>> def char_ngrams(word, min_n=3, max_n=6):
    ...     raise NotImplementedError
    >>> check_char_ngrams(char_ngrams)
    Not done yet (ex07-char-ngrams): fill in the cell above, then run this one again.
    False
    """

    def test() -> bool:
        fn = require_function(char_ngrams, "char_ngrams")
        for word, lo, hi, what in _NGRAM_CASES:
            want = _char_ngrams(word, lo, hi)
            got = call_answer(fn, f"char_ngrams({word!r}, {lo}, {hi})", word, lo, hi)
            if isinstance(got, str) or not isinstance(got, Sequence):
                raise AssertionError(f"for {what} you returned {got!r}; return a list of strings")
            got = list(got)
            if Counter(got) == Counter(want):
                continue
            if not any(g.startswith("<") for g in got):
                raise AssertionError(f"for {what} no n-gram starts with '<': wrap the word first")
            if "<" in got or ">" in got:
                raise AssertionError(f"for {what} you kept a bare '<' or '>'; skip them")
            if "<" + word + ">" in got and "<" + word + ">" not in want:
                raise AssertionError(f"for {what} you added the whole word '<{word}>', which is "
                                     f"longer than max_n = {hi}")
            if set(got) == set(want):
                raise AssertionError(f"for {what} the repeats differ: keep every occurrence")
            missing = sorted((Counter(want) - Counter(got)).elements())
            extra = sorted((Counter(got) - Counter(want)).elements())
            raise AssertionError(f"for {what} you are missing {missing[:5]} and have extra {extra[:5]}")
        return True

    return _NGRAMS.run(test, success="Every word, seen or not, now has pieces with rows.")


# --------------------------------------------------------- longest match
def _longest_match(word: str, vocab: set[str]) -> list[str]:
    pieces, start = [], 0
    while start < len(word):
        end = len(word)
        while end > start and word[start:end] not in vocab:
            end -= 1
        if end == start:
            return ["<unk>"]
        pieces.append(word[start:end])
        start = end
    return pieces


_LONGEST_CASES: list[tuple[str, set[str], str]] = [
    ("abc", {"a", "b", "c", "ab"}, "'abc' with 'ab' in the vocabulary"),
    ("abc", {"a", "b", "c", "ab", "bc", "abc"}, "'abc' when the whole word is a piece"),
    ("unhashable", {"u", "n", "h", "a", "s", "b", "l", "e", "un", "hash", "able", "hasha"},
     "'unhashable', where the longest first piece is not the best split"),
    ("abc", {"ab", "bc", "a"}, "'abc', where greedy gets stuck at 'c'"),
    ("xyz", {"a", "b"}, "a word with no piece at all"),
    ("aaaa", {"a", "aa", "aaa"}, "'aaaa'"),
]


def check_longest_match(longest_match: Any) -> bool:
    """Check ``longest_match(word, vocab)``: greedy longest-match-first pieces, or ``["<unk>"]``.

    Examples
    --------
    >>> def longest_match(word, vocab):
    ...     raise NotImplementedError
    >>> check_longest_match(longest_match)
    Not done yet (ex07-longest-match): fill in the cell above, then run this one again.
    False
    """

    def test() -> bool:
        fn = require_function(longest_match, "longest_match")
        for word, vocab, what in _LONGEST_CASES:
            want = _longest_match(word, vocab)
            got = call_answer(fn, f"longest_match({word!r}, ...)", word, set(vocab))
            if isinstance(got, str) or not isinstance(got, Sequence):
                raise AssertionError(f"for {what} you returned {got!r}; return a list of strings")
            got = list(got)
            if got == want:
                continue
            if want == ["<unk>"]:
                raise AssertionError(f"for {what} you returned {got}; when no piece fits at some "
                                     "position the whole word is ['<unk>']")
            if "".join(got) != word:
                raise AssertionError(f"for {what} your pieces {got} do not spell the word")
            if any(p not in vocab for p in got):
                raise AssertionError(f"for {what} your pieces {got} are not all in the vocabulary")
            raise AssertionError(f"for {what} you returned {got}, greedy longest-first gives {want}")
        return True

    return _LONGEST.run(test, success="That is how WordPiece reads a word once its vocabulary exists.")
