"""The live widgets: their Python side validates, and their JavaScript computes what embedlab computes.

The ES modules of :mod:`embedlab.figures.live` are loaded into Debian's
Chromium (no page, no network) and their exported functions are run on fixed
inputs; the results must equal embedlab's for the same inputs. Where Chromium
or Playwright is missing the browser tests skip loudly, unless
``REQUIRE_BROWSER=1`` (set by CI), where they fail.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from test_site import CHROMIUM, CHROMIUM_ARGS, _browser_or_skip

from embedlab import SGD, Adam, Embedding, Vocabulary, nearest_neighbours, softmax_cross_entropy
from embedlab.classifiers import MeanPoolClassifier
from embedlab.figures.ch03_shapes import sentence_data
from embedlab.figures.live import (JS_DIR, choice, live_projector, live_sentence, live_training,
                                   number, quiz)
from embedlab.similarity import cosine_similarity


@pytest.fixture(scope="module")
def js():
    """Run a function exported by one of the widgets' modules: js(module, function, *args)."""
    sync_playwright = _browser_or_skip()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_content("<!doctype html><title>modules</title>")

        def call(module: str, function: str, *args):
            source = (JS_DIR / f"{module}.js").read_text(encoding="utf-8")
            return page.evaluate(
                """async ([source, fn, args]) => {
                    const url = URL.createObjectURL(new Blob([source], {type: "text/javascript"}));
                    const mod = await import(url);
                    return mod[fn](...args);
                }""",
                [source, function, json.loads(json.dumps(args))],
            )

        yield call
        browser.close()


# --------------------------------------------------------------------------- sentence

VOCAB = Vocabulary.build(["I saw a cat and a dog", "the café don't open"], specials=True)
EMB = Embedding(len(VOCAB), 3, seed=5, dtype=np.float64)
SENTENCES = ["I saw a zebra and a cat", "", "...", "Café? DON’T open!", "the the the cat",
             "a dog and a cat and a dog saw I the café", "x_y 42 naïve"]


@pytest.mark.parametrize("text", SENTENCES)
@pytest.mark.parametrize(("padding", "truncating"), [("pre", "pre"), ("post", "post"), ("pre", "post")])
def test_sentence_box_computes_what_embedlab_computes(js, text, padding, truncating):
    box = live_sentence(VOCAB, EMB, 6, padding=padding, truncating=truncating)
    state = {name: getattr(box, name) for name in
             ("itos", "table", "maxlen", "padding", "truncating", "pad_id", "unk_id")}
    got = js("sentence", "describe", state, text)
    want = sentence_data(text, VOCAB, EMB, 6, padding=padding, truncating=truncating)
    assert got["words"] == want["words"]
    assert got["ids"] == want["ids"]
    assert got["where"] == want["where"].tolist()
    assert got["padded"] == want["padded"].tolist()
    assert np.array_equal(np.array(got["vectors"]), want["vectors"])
    assert got["cut"] == want["cut"] and got["shape"] == [1, 6, 3]


def test_sentence_tokenizer_agrees_on_unicode(js):
    from embedlab import tokenize

    text = "Ünïcode: ŒUVRE ½ 3rd x²—naïve co-op l’été ΣΊΣΥΦΟΣ"
    assert js("sentence", "tokenize", text) == tokenize(text)


# --------------------------------------------------------------------------- projector

def _table(rng):
    vectors = rng.normal(size=(12, 4))
    vectors[3] = 0.0  # a row of zeros: cosine 0 with everything
    vectors[7] = 2.0 * vectors[5]  # the same direction: a tie for others' neighbours
    return vectors


def test_projector_neighbours_equal_nearest_neighbours(js, rng):
    vectors = _table(rng)
    want = nearest_neighbours(vectors, n_neighbours=4)
    cos = cosine_similarity(vectors)
    for i in range(len(vectors)):
        got = js("projector", "neighbours", vectors.tolist(), i, 4)
        assert [n["id"] for n in got] == want[i].tolist(), f"row {i}"
        assert np.allclose([n["cosine"] for n in got], cos[i, want[i]], atol=1e-12)


def test_projector_lookup_ignores_case_and_spaces(js):
    assert js("projector", "lookup", ["dog", "cat"], "  Cat ") == 1
    assert js("projector", "lookup", ["dog", "cat"], "zebra") == -1


# --------------------------------------------------------------------------- training

def _model_and_batches():
    vocab = Vocabulary(["<pad>", "good", "bad", "film", "plot", "dull"], pad_token="<pad>")
    model = MeanPoolClassifier(len(vocab), 3, 2, seed=11, dtype=np.float64)
    batches = [(np.array([[0, 1, 3], [2, 4, 5]]), np.array([1, 0])),
               (np.array([[1, 1, 4]]), np.array([1])),
               (np.array([[0, 0, 5], [0, 2, 3]]), np.array([0, 0]))]
    return vocab, model, batches


@pytest.mark.parametrize("name", ["SGD", "Adam"])
def test_training_steps_equal_embedlab(js, name):
    vocab, model, batches = _model_and_batches()
    widget = live_training(model, batches, vocab, sgd_lr=0.5, adam_lr=0.05)
    order = [0, 1, 2, 0, 2, 1]
    got = js("training", "run", {"E": widget.E, "U": widget.U, "b": widget.b}, name,
             [widget.batches[k] for k in order], widget.settings[name], widget.pad_id)
    optimizer = SGD(model.layers, lr=0.5) if name == "SGD" else Adam(model.layers, lr=0.05)
    losses = []
    for k in order:
        ids, labels = batches[k]
        optimizer.zero_grad()
        loss, grad = softmax_cross_entropy(model(ids), labels)
        model.backward(grad)
        optimizer.step()
        losses.append(loss)
    assert np.allclose(got["losses"], losses, atol=1e-12)
    assert np.allclose(got["E"], model.embedding.weight, atol=1e-12)
    assert np.allclose(got["U"], model.dense.weight, atol=1e-12)
    assert np.allclose(got["b"], model.dense.bias, atol=1e-12)
    # The rows a batch looks up, padding excluded, are the rows its gradient touches.
    assert js("training", "touchedRows", widget.batches[2]["ids"], 0) == [2, 3, 5]


def test_a_model_without_padding_reads_every_id(js):
    vocab, _, _ = _model_and_batches()
    model = MeanPoolClassifier(len(vocab), 3, 2, pad_id=None, seed=2, dtype=np.float64)
    batches = [(np.array([[0, 1, 3]]), np.array([1]))]
    widget = live_training(model, batches, vocab)
    assert widget.pad_id == -1 and widget.batches[0]["texts"] == ["<pad> good film"]
    got = js("training", "run", {"E": widget.E, "U": widget.U, "b": widget.b}, "SGD",
             widget.batches, widget.settings["SGD"], widget.pad_id)
    loss, grad = softmax_cross_entropy(model(batches[0][0]), batches[0][1])
    model.backward(grad)
    SGD(model.layers, lr=0.5).step()
    assert np.allclose(got["E"], model.embedding.weight, atol=1e-12)
    assert np.any(np.array(got["E"][0]) != np.array(widget.E[0]))  # id 0 is a word here


def test_adam_moves_rows_the_batch_did_not_look_up_and_sgd_does_not(js):
    vocab, model, batches = _model_and_batches()
    widget = live_training(model, batches, vocab)
    moved = {}
    for name in ("SGD", "Adam"):
        got = js("training", "run", {"E": widget.E, "U": widget.U, "b": widget.b}, name,
                 [widget.batches[0], widget.batches[1]], widget.settings[name], 0)
        moved[name] = np.flatnonzero(np.any(np.array(got["previous"]) != np.array(got["E"]), axis=1))
    assert moved["SGD"].tolist() == [1, 4]  # batch 1 looks up "good" and "plot"
    assert set(moved["Adam"].tolist()) == {1, 2, 3, 4, 5}  # momentum keeps the others moving


# --------------------------------------------------------------------------- validation

@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: live_sentence(["a"], EMB, 4), TypeError, "vocab must be an embedlab Vocabulary"),
        (lambda: live_sentence(VOCAB, EMB, 0), ValueError, "maxlen"),
        (lambda: live_sentence(VOCAB, EMB, 4, padding="middle"), ValueError, "padding"),
        (lambda: live_sentence(Vocabulary(["a", "b"]), EMB, 4), ValueError, "padding token and an unknown"),
        (lambda: live_sentence(VOCAB, Embedding(2, 3), 4), ValueError, "input_dim=2"),
        (lambda: live_projector(["a", "a"], np.eye(2), np.eye(2), ["x", "x"]), ValueError, "distinct"),
        (lambda: live_projector(["a", "b"], np.eye(2), np.eye(3)[:2], ["x", "x"]), ValueError, "coords"),
        (lambda: live_projector(["a", "b"], np.eye(2), np.eye(2), ["x"]), ValueError, "one group per word"),
        (lambda: live_projector(["a", "b"], np.eye(2), np.eye(2), ["x", "y"], k=2), ValueError, "k"),
        (lambda: live_training(MeanPoolClassifier(6, 3, 2, seed=0), [],
                               _model_and_batches()[0]), ValueError, "batches is empty"),
        (lambda: live_training(MeanPoolClassifier(6, 3, 2, seed=0), [(np.array([[9]]), np.array([0]))],
                               _model_and_batches()[0]), ValueError, "holds id 9, outside 0..5"),
        (lambda: live_training(MeanPoolClassifier(6, 3, 2, seed=0), [(np.array([[1]]), np.array([2]))],
                               _model_and_batches()[0]), ValueError, "one label in 0..1"),
        (lambda: live_training(MeanPoolClassifier(6, 3, 2, seed=0), [(np.array([[1]]), np.array([1]))],
                               _model_and_batches()[0], sgd_lr=0), ValueError, "sgd_lr"),
        (lambda: live_training("model", [], _model_and_batches()[0]), TypeError, "MeanPoolClassifier"),
    ],
)
def test_bad_input_gets_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --------------------------------------------------------------------------- quiz

def test_quiz_grades_a_choice_and_explains_a_wrong_one(js):
    q = choice("Which row does id 2 select?", ["row 1", "row 2", "column 2"], 1,
               why="Ids count rows from 0.", feedback={2: "A one-hot row times W picks a row."})
    assert js("quiz", "grade", q, 1) == {"correct": True, "message": "Correct. Ids count rows from 0."}
    wrong = js("quiz", "grade", q, 2)
    assert not wrong["correct"] and "picks a row" in wrong["message"] and "Try again" in wrong["message"]
    assert not js("quiz", "grade", q, 0)["correct"]
    assert "Choose one" in js("quiz", "grade", q, None)["message"]


def test_quiz_grades_a_number_within_its_tolerance(js):
    q = number("ln 2, to 2 decimals?", float(np.log(2)), tolerance=0.005, why="The loss of a coin.",
               low="Too small.", high="Too big.")
    assert js("quiz", "grade", q, "0.69")["correct"]
    assert js("quiz", "grade", q, " 6.93e-1 ")["correct"]
    low = js("quiz", "grade", q, "0.6")
    assert not low["correct"] and "too low" in low["message"] and "Too small." in low["message"]
    assert "too high" in js("quiz", "grade", q, "1e1")["message"]
    assert not js("quiz", "grade", q, "0.70")["correct"]
    assert "Type a number" in js("quiz", "grade", q, "ln 2")["message"]
    assert js("quiz", "parseNumber", "\u22122.5") == -2.5 and js("quiz", "parseNumber", "1,5") is None


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: choice("q", ["a"], 0, why="w"), ValueError, "at least 2 distinct"),
        (lambda: choice("q", ["a", "a"], 0, why="w"), ValueError, "at least 2 distinct"),
        (lambda: choice("q", ["a", "b"], 2, why="w"), ValueError, "correct must be in 0..1, got 2"),
        (lambda: choice("q", ["a", "b"], 0, why="w", feedback={0: "x"}), ValueError, "right one"),
        (lambda: choice("q", ["a", "b"], 0, why="w", feedback={5: "x"}), ValueError, "feedback key"),
        (lambda: choice("", ["a", "b"], 0, why="w"), ValueError, "prompt must be a non-empty"),
        (lambda: number("q", float("nan"), tolerance=0, why="w"), ValueError, "finite number"),
        (lambda: number("q", "3", tolerance=0, why="w"), ValueError, "finite number, got '3'"),
        (lambda: number("q", 3, tolerance=-1, why="w"), ValueError, "tolerance must be a number >= 0"),
        (lambda: quiz(), ValueError, "at least one question"),
        (lambda: quiz({"kind": "essay"}), TypeError, "choice\\(\\) or number\\(\\)"),
    ],
)
def test_quiz_questions_reject_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()
