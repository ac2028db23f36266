"""The chapter 7.1 checks accept the reference solutions, spot stubs, and explain wrong answers."""

from __future__ import annotations

import pytest

from embedlab.checks import CheckFailed
from embedlab.checks.ch07 import (
    BUCKET_TASK,
    check_bucket_prediction,
    check_char_ngrams,
    check_longest_match,
)

NOT_DONE = "Not done yet"


# ------------------------------------------------------ reference solutions
def char_ngrams(word, min_n=3, max_n=6):
    wrapped = "<" + word + ">"
    out = []
    for i in range(len(wrapped)):
        for n in range(min_n, max_n + 1):
            if i + n <= len(wrapped) and not (n == 1 and wrapped[i] in "<>" and i in (0, len(wrapped) - 1)):
                out.append(wrapped[i:i + n])
    return out


def longest_match(word, vocab):
    pieces, start = [], 0
    while start < len(word):
        for end in range(len(word), start, -1):
            if word[start:end] in vocab:
                pieces.append(word[start:end])
                start = end
                break
        else:
            return ["<unk>"]
    return pieces


def _stub(*args, **kwargs):
    raise NotImplementedError


FUNCTION_CHECKS = [(check_char_ngrams, char_ngrams), (check_longest_match, longest_match)]


@pytest.mark.parametrize("check, solution", FUNCTION_CHECKS, ids=lambda x: getattr(x, "__name__", ""))
def test_reference_solution_passes(check, solution, capsys):
    assert check(solution) is True
    assert "Correct!" in capsys.readouterr().out


@pytest.mark.parametrize("check", [c for c, _ in FUNCTION_CHECKS], ids=lambda c: c.__name__)
@pytest.mark.parametrize("stub", [_stub, ..., None], ids=["raises", "ellipsis", "none"])
def test_stub_is_not_done_yet(check, stub, capsys):
    assert check(stub) is False
    assert NOT_DONE in capsys.readouterr().out


@pytest.mark.parametrize("check", [c for c, _ in FUNCTION_CHECKS], ids=lambda c: c.__name__)
def test_non_function_answer_fails(check):
    with pytest.raises(CheckFailed, match="should be a function"):
        check(42)


# ------------------------------------------------------- bucket prediction
def test_bucket_prediction_right(capsys):
    n, B = BUCKET_TASK["n_items"], BUCKET_TASK["num_buckets"]
    exact = {"occupied": B * (1 - (1 - 1 / B) ** n), "shared_share": 1 - (1 - 1 / B) ** (n - 1)}
    assert check_bucket_prediction(exact) is True
    assert check_bucket_prediction({"occupied": 787, "shared_share": 0.39}) is True  # e^(-1/2)
    assert "Correct!" in capsys.readouterr().out


@pytest.mark.parametrize("stub", [..., None, {"occupied": ..., "shared_share": ...}])
def test_bucket_prediction_stub_is_not_done_yet(stub, capsys):
    assert check_bucket_prediction(stub) is False
    assert NOT_DONE in capsys.readouterr().out


@pytest.mark.parametrize(
    "prediction, message",
    [
        ({"occupied": 1000, "shared_share": 0.0}, "cannot all land in different buckets"),
        ({"occupied": 700, "shared_share": 0.39}, "more than 2% off"),
        ({"occupied": 787, "shared_share": 0.5}, "more than 0.02 off"),
        ({"occupied": 787, "shared_share": 0.213}, "not first in their bucket"),
        ({"occupied": 787, "shared_share": 1.5}, "between 0 and 1"),
        ({"occupied": 787}, "exactly the keys"),
        ({"occupied": "many", "shared_share": 0.4}, "must be numbers"),
        ([787, 0.39], "must be a dict"),
    ],
)
def test_bucket_prediction_wrong_fails_with_hint(prediction, message):
    with pytest.raises(CheckFailed, match=message) as info:
        check_bucket_prediction(prediction)
    assert "Hint:" in str(info.value) and "(1 - 1/B)**n" in str(info.value)


# ----------------------------------------------------------------- n-grams
@pytest.mark.parametrize(
    "wrong, message",
    [
        (lambda w, lo=3, hi=6: [w[i:i + n] for i in range(len(w)) for n in range(lo, hi + 1)
                                if i + n <= len(w)], "no n-gram starts with '<'"),
        (lambda w, lo=3, hi=6: sorted(set(char_ngrams(w, lo, hi))), "repeats differ"),
        (lambda w, lo=3, hi=6: char_ngrams(w, lo, hi) + ["<" + w + ">"], "the whole word"),
        (lambda w, lo=3, hi=6: [("<" + w + ">")[i:i + n] for i in range(len(w) + 2)
                                for n in range(lo, hi + 1) if i + n <= len(w) + 2], "bare '<' or '>'"),
        (lambda w, lo=3, hi=6: char_ngrams(w, lo, hi - 1) if hi > lo else char_ngrams(w, lo, hi),
         "you are missing"),
        (lambda w, lo=3, hi=6: "".join(char_ngrams(w, lo, hi)), "return a list of strings"),
    ],
)
def test_char_ngrams_wrong_answers_fail_with_hint(wrong, message):
    with pytest.raises(CheckFailed, match=message) as info:
        check_char_ngrams(wrong)
    assert "Hint:" in str(info.value) and "'<' + word + '>'" in str(info.value)


def test_char_ngrams_that_crash_are_reported():
    with pytest.raises(CheckFailed, match="raised ZeroDivisionError"):
        check_char_ngrams(lambda w, lo, hi: 1 / 0)


# ----------------------------------------------------------- longest match
def shortest_first(word, vocab):
    pieces, start = [], 0
    while start < len(word):
        for end in range(start + 1, len(word) + 1):
            if word[start:end] in vocab:
                pieces.append(word[start:end])
                start = end
                break
        else:
            return ["<unk>"]
    return pieces


def backtracking(word, vocab):  # finds a split whenever one exists: not what WordPiece does
    if not word:
        return []
    for end in range(len(word), 0, -1):
        if word[:end] in vocab:
            rest = backtracking(word[end:], vocab)
            if rest != ["<unk>"]:
                return [word[:end]] + rest
    return ["<unk>"]


@pytest.mark.parametrize(
    "wrong, message",
    [
        (shortest_first, "greedy longest-first gives"),
        (backtracking, "the whole word is \\['<unk>'\\]"),
        (lambda w, v: list(w), "not all in the vocabulary|greedy longest-first"),
        (lambda w, v: longest_match(w, v)[:-1] if len(longest_match(w, v)) > 1 else longest_match(w, v),
         "do not spell the word"),
        (lambda w, v: "".join(longest_match(w, v)), "return a list of strings"),
    ],
)
def test_longest_match_wrong_answers_fail_with_hint(wrong, message):
    with pytest.raises(CheckFailed, match=message) as info:
        check_longest_match(wrong)
    assert "Hint:" in str(info.value) and "WordPiece gives up" in str(info.value)
