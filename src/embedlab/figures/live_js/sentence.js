// Type a sentence: its tokens, ids, padded ids, rows of E and the shape of Y,
// computed in the page. The rules are embedlab's: vocab.tokenize,
// Vocabulary.encode (unknown words -> <unk>) and sequences.pad_sequences.

// embedlab.tokenize: lowercase, ’ -> ', maximal runs of letters, digits and '.
export function tokenize(text) {
  return text.toLowerCase().replace(/\u2019/g, "'").match(/(?:[\p{L}\p{N}]|')+/gu) || [];
}

// Where each of n tokens lands among maxlen positions: 1..n for the tokens
// kept, 0 for padding (pad_sequences applied to the positions 1..n).
export function positions(n, maxlen, padding, truncating) {
  let kept = Array.from({ length: n }, (_, k) => k + 1);
  if (kept.length > maxlen) {
    kept = truncating === "pre" ? kept.slice(kept.length - maxlen) : kept.slice(0, maxlen);
  }
  const pad = new Array(maxlen - kept.length).fill(0);
  return padding === "pre" ? pad.concat(kept) : kept.concat(pad);
}

// Everything the widget shows for one sentence, as plain data.
export function describe(state, text) {
  const stoi = new Map(state.itos.map((w, i) => [w, i]));
  const words = tokenize(text);
  const ids = words.map((w) => (stoi.has(w) ? stoi.get(w) : state.unk_id));
  const where = positions(ids.length, state.maxlen, state.padding, state.truncating);
  const padded = where.map((k) => (k ? ids[k - 1] : state.pad_id));
  return {
    words, ids, where, padded,
    vectors: padded.map((i) => state.table[i]),
    cut: ids.length - where.filter((k) => k > 0).length,
    shape: [1, state.maxlen, state.table[0].length],
  };
}

function stateOf(model) {
  const names = ["itos", "table", "maxlen", "padding", "truncating", "pad_id", "unk_id", "decimals"];
  return Object.fromEntries(names.map((n) => [n, model.get(n)]));
}

function fmt(x, decimals) {
  return (x >= 0 ? "+" : "\u2212") + Math.abs(x).toFixed(decimals);
}

function cell(tag, text, attrs = {}) {
  const c = document.createElement(tag);
  c.textContent = text;
  for (const [k, v] of Object.entries(attrs)) { c.setAttribute(k, v); }
  return c;
}

function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "embedlab-live embedlab-sentence";
  const id = "embedlab-sentence-" + Math.random().toString(36).slice(2, 10);
  const label = cell("label", "Sentence", { for: id });
  const input = cell("input", "", { id, type: "text", autocomplete: "off", spellcheck: "false" });
  input.value = model.get("text");
  const summary = cell("p", "", { "aria-live": "polite", class: "embedlab-live-summary" });
  const table = document.createElement("table");
  root.append(label, input, summary, table);
  el.appendChild(root);

  function update() {
    const state = stateOf(model);
    const d = describe(state, input.value);
    const shown = d.words.length ? d.words.join(", ") : "(none)";
    let text = `${d.words.length} tokens: ${shown} \u2192 ids [${d.ids.join(", ")}]; padded (${state.padding}) to maxlen = ${state.maxlen}`;
    if (d.cut) { text += `; ${d.cut} token${d.cut > 1 ? "s" : ""} cut off (truncating = '${state.truncating}')`; }
    summary.textContent = text + `. Output shape Y: (${d.shape.join(", ")}).`;
    table.replaceChildren();
    table.appendChild(cell("caption", `The ${state.maxlen} positions of the padded sentence and the row of E each one looks up`));
    const head = document.createElement("tr");
    for (const h of ["position", "word", "token", "id", "kind", "vector (row of E)"]) {
      head.appendChild(cell("th", h, { scope: "col" }));
    }
    table.appendChild(head);
    d.where.forEach((k, pos) => {
      const row = document.createElement("tr");
      if (!k) { row.className = "embedlab-padding"; }
      const i = d.padded[pos];
      const vec = "[" + d.vectors[pos].map((x) => fmt(x, state.decimals)).join(", ") + "]";
      for (const c of [pos, k ? d.words[k - 1] : "", state.itos[i], i, k ? "real" : "padding", vec]) {
        row.appendChild(cell("td", String(c)));
      }
      table.appendChild(row);
    });
  }
  input.addEventListener("input", () => { model.set("text", input.value); model.save_changes(); update(); });
  update();
}

export default { render };
