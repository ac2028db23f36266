"""The live widgets on the built website: a reader types, steps and searches, offline.

Each test opens a chapter page of ``_build/html`` in Chromium with every
request outside the site blocked, works the widget from the keyboard, and
compares what the page shows with what :mod:`embedlab` computes from the
widget's own data (read from the widget state saved in the page).
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from embedlab import SGD, Adam, Embedding, Vocabulary, nearest_neighbours, softmax_cross_entropy
from embedlab.classifiers import MeanPoolClassifier
from embedlab.figures.ch03_shapes import sentence_data
from test_site import HTML, PageVisit

pytestmark = pytest.mark.site


def _widget_state(html_path, *keys: str) -> dict:
    """The saved state of the one widget model on the page that has all ``keys``."""
    page = html_path.read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)</script>',
                        page, re.S)
    assert blocks, f"{html_path.name}: no widget state saved in the page"
    models = [m["state"] for block in blocks for m in json.loads(block)["state"].values()]
    found = [s for s in models if all(k in s for k in keys)]
    assert len(found) == 1, f"{html_path.name}: {len(found)} widgets with {keys}"
    return found[0]


def _open(browser, site, path):
    visit = PageVisit(browser, site, path)
    visit.page.wait_for_selector(".embedlab-live", timeout=20_000)
    return visit


def _finish(visit, path):
    try:
        assert visit.outside == [], f"{path}: requests that left the site: {visit.outside}"
        assert visit.console_errors == [], f"{path}: console errors: {visit.console_errors}"
    finally:
        visit.close()


def test_typing_a_sentence_updates_tokens_ids_rows_and_shape(browser, site):
    path = "book/03_the_formula_1_shapes.html"
    state = _widget_state(HTML / path, "itos", "table", "maxlen")
    visit = _open(browser, site, path)
    page = visit.page
    box = page.get_by_label("Sentence", exact=True)
    box.fill("")
    box.press_sequentially("The cat saw a unicorn and a dog", delay=5)
    summary = page.locator(".embedlab-sentence .embedlab-live-summary").inner_text()
    rows = page.locator(".embedlab-sentence table tr").all_inner_texts()[1:]  # below the header

    vocab = Vocabulary(state["itos"], pad_token="<pad>", unk_token="<unk>")
    emb = Embedding(len(vocab), len(state["table"][0]), embeddings_initializer=np.array(state["table"]),
                    dtype=np.float64)
    want = sentence_data("The cat saw a unicorn and a dog", vocab, emb, state["maxlen"],
                         padding=state["padding"], truncating=state["truncating"])
    assert f"ids [{', '.join(map(str, want['ids']))}]" in summary
    assert f"({1}, {state['maxlen']}, {len(state['table'][0])})" in summary
    assert vocab.unk_id in want["ids"]  # "unicorn" is unknown: the page shows <unk>
    assert len(rows) == state["maxlen"]
    for text, i, vec in zip(rows, want["padded"].tolist(), want["vectors"]):
        cells = text.split("\t")
        assert cells[2] == vocab.itos[i] and int(cells[3]) == i
        shown = [float(x.replace("\u2212", "-")) for x in cells[5].strip("[]").split(", ")]
        assert np.allclose(shown, vec, atol=0.5 * 10 ** -state["decimals"])
    _finish(visit, path)


def test_training_steps_move_the_rows_embedlab_moves(browser, site):
    path = "book/04_training_1_gradients.html"
    state = _widget_state(HTML / path, "E", "U", "batches", "settings")
    visit = _open(browser, site, path)
    page = visit.page
    widget = page.locator(".embedlab-training")
    order = [1, 0, 0]  # phrase 1 once, then phrase 0 twice
    for k in order:
        widget.locator("input[type=radio]").nth(k).check()
        widget.get_by_role("button", name="Take one step").press("Enter")
    status = widget.locator(".embedlab-live-summary").inner_text()
    rows = [r.split("\t") for r in widget.locator("table tr").all_inner_texts()[1:]]

    runs = {}
    for name in ("SGD", "Adam"):
        V, d = len(state["E"]), len(state["E"][0])
        model = MeanPoolClassifier(V, d, len(state["b"]), pad_id=None, dtype=np.float64,
                                   embeddings_initializer=np.array(state["E"]),
                                   dense_initializer=np.array(state["U"]))
        model.dense.bias[...] = state["b"]
        s = state["settings"][name]
        opt = (SGD(model.layers, lr=s["lr"]) if name == "SGD"
               else Adam(model.layers, lr=s["lr"], betas=(s["beta1"], s["beta2"]), eps=s["eps"]))
        tables = [model.embedding.weight.copy()]
        for k in order:
            batch = state["batches"][k]
            opt.zero_grad()
            loss, grad = softmax_cross_entropy(model(np.array(batch["ids"])), np.array(batch["labels"]))
            model.backward(grad)
            opt.step()
            tables.append(model.embedding.weight.copy())
        runs[name] = tables
    assert status.startswith(f"Step {len(order)}, batch 1:")
    for row in rows:
        i = int(row[0])
        for col, name in ((3, "SGD"), (5, "Adam")):
            last = np.linalg.norm(runs[name][-1][i] - runs[name][-2][i])
            total = np.linalg.norm(runs[name][-1][i] - runs[name][0][i])
            assert abs(float(row[col]) - last) < 1e-4 and abs(float(row[col + 1]) - total) < 1e-4
    nice = next(r for r in rows if r[1] == "nice")
    assert float(nice[3]) == 0 and float(nice[5]) > 0  # last step: SGD leaves it, Adam moves it
    _finish(visit, path)


def test_searching_the_projector_lists_the_cosine_neighbours(browser, site):
    path = "book/05_pca_analogy_1_pca.html"
    state = _widget_state(HTML / path, "words", "vectors", "coords")
    visit = _open(browser, site, path)
    page = visit.page
    box = page.get_by_label("Find a word")
    neighbours = nearest_neighbours(np.array(state["vectors"]), n_neighbours=state["k"])
    for word in ("good", "museum"):
        box.fill("")
        box.press_sequentially(word, delay=5)
        shown = page.locator(".embedlab-projector ol li").all_inner_texts()
        want = [state["words"][j] for j in neighbours[state["words"].index(word)]]
        assert [s.split(" (")[0] for s in shown] == want
    box.fill("zebra")
    assert "is not one of the" in page.locator(".embedlab-projector .embedlab-live-summary").inner_text()
    _finish(visit, path)


def test_a_quiz_explains_a_wrong_answer_then_accepts_the_right_one(browser, site):
    path = "book/01_one_hot_vs_lookup_1_product.html"
    state = _widget_state(HTML / path, "questions")
    shape_q, zeros_q = state["questions"][0], state["questions"][1]
    visit = _open(browser, site, path)
    quiz = visit.page.locator(".embedlab-quiz")
    first, second = quiz.locator("fieldset").nth(0), quiz.locator("fieldset").nth(1)
    wrong = next(i for i in range(len(shape_q["options"])) if i != shape_q["correct"])
    first.get_by_label(shape_q["options"][wrong], exact=True).check()
    first.get_by_role("button", name="Check").click()
    feedback = first.locator(".embedlab-live-summary")
    assert feedback.inner_text().startswith("Not quite.")
    assert shape_q["feedback"].get(str(wrong), "") in feedback.inner_text()
    first.get_by_label(shape_q["options"][shape_q["correct"]], exact=True).check()
    first.get_by_role("button", name="Check").press("Enter")  # from the keyboard
    assert feedback.inner_text().startswith("Correct.")
    box = second.get_by_label("Your answer")
    box.fill(str(int(zeros_q["answer"]) - 1))
    box.press("Enter")
    assert "too low" in second.locator(".embedlab-live-summary").inner_text()
    box.fill(str(int(zeros_q["answer"])))
    second.get_by_role("button", name="Check").click()
    assert second.locator(".embedlab-live-summary").inner_text().startswith("Correct.")
    _finish(visit, path)
